import { createHash } from "node:crypto";
import { Client } from "pg";

/** What {@link preparePostgresqlForFerretDb} found and did. */
export interface PostgresqlPreparation {
  /** The PostgreSQL database did not exist and was created. */
  createdDatabase: boolean;
  /** GIN twins created now (for indexes made before the trigger existed). */
  createdTwins: number;
  /** FerretDB tables seen. */
  tables: number;
  /** Indexes FerretDB creates from now on get their twin from the event trigger (needs a superuser; false with a warning otherwise). */
  trigger: boolean;
}

const TRIGGER = "discovery_ferretdb_gin_twins";
const TWINS_FUNCTION = "discovery_ferretdb_gin_twins_of";
const LOCK_KEY = 0x64697363; // one preparation at a time per server ("disc")

/**
 * Prepares a PostgreSQL database for FerretDB v1 so that equality filters use indexes.
 *
 * FerretDB v1 pushes an equality such as `{_id: x}` or `{userId: u}` down as `_jsonb -> 'userId' @> '"u"'`
 * (the key a parameter), and its indexes are btrees on `(_jsonb -> 'field')`, which serve `=` and ranges
 * but not `@>`: every such read is a sequential scan of the table (seconds on 100k shoppers' attributes
 * or 1.6M orders). This gives each of FerretDB's btree indexes a GIN `jsonb_path_ops` twin on its first
 * key's expression, which serves `@>` (on arrays too: `tags @> '"vegan"'`):
 * - indexes that exist now, at once (tens of seconds for millions of rows, once);
 * - indexes FerretDB creates later (a collection's `_id` index, `createIndexes`, the staging collection
 *   of a swap, which a rename keeps) through an event trigger on `CREATE INDEX`.
 * It also makes the database plan parameterised statements per call (`plan_cache_mode`): only a custom
 * plan, with the key known, matches the index expression.
 *
 * Creates the database when it does not exist. Idempotent; concurrent callers wait on an advisory lock.
 * The twins live outside FerretDB's metadata: FerretDB neither lists nor drops them (dropping an index
 * leaves its twin; dropping a collection takes both with its table).
 */
export async function preparePostgresqlForFerretDb(
  url: string,
  log: (line: string) => void = () => {},
): Promise<PostgresqlPreparation> {
  const createdDatabase = await createDatabaseIfMissing(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    const database = (await client.query<{ name: string }>("SELECT current_database() AS name")).rows[0]!.name;
    await client.query(`ALTER DATABASE ${quoteIdentifier(database)} SET plan_cache_mode = force_custom_plan`);
    await client.query(TWINS_FUNCTION_SQL);
    const trigger = await installTrigger(client, log);
    await client.query("SET maintenance_work_mem = '256MB'");
    const tables = await client.query<{ oid: string; name: string }>(FERRETDB_TABLES_SQL);
    let createdTwins = 0;
    for (const table of tables.rows) {
      const started = Date.now();
      const created = (
        await client.query<{ created: number }>(`SELECT public.${TWINS_FUNCTION}($1::oid::regclass) AS created`, [
          table.oid,
        ])
      ).rows[0]!.created;
      if (created === 0) continue;
      createdTwins += created;
      log(
        `postgresql: ${created} GIN twin index${created === 1 ? "" : "es"} on ${table.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
    return { createdDatabase, createdTwins, tables: tables.rowCount ?? 0, trigger };
  } finally {
    await client.end();
  }
}

/**
 * Name of the GIN twin of a `table`'s index whose first key is `expression` (as `pg_get_indexdef` prints
 * it, e.g. `(_jsonb -> '_id'::text)`): unique per table and expression, at most 63 bytes.
 */
export function ginTwinName(table: string, expression: string): string {
  return `${table.slice(0, 40)}_${createHash("md5")
    .update(table + expression)
    .digest("hex")
    .slice(0, 8)}_gin`;
}

async function createDatabaseIfMissing(url: string): Promise<boolean> {
  const probe = new Client({ connectionString: url });
  try {
    await probe.connect();
    await probe.end();
    return false;
  } catch (error) {
    await probe.end().catch(() => {});
    if ((error as { code?: string }).code !== "3D000") throw error; // 3D000: invalid_catalog_name
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = "/postgres";
  const admin = new Client({ connectionString: target.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  } catch (error) {
    if ((error as { code?: string }).code !== "42P04") throw error; // created meanwhile by another process
  } finally {
    await admin.end();
  }
  return true;
}

async function installTrigger(client: Client, log: (line: string) => void): Promise<boolean> {
  try {
    await client.query(TRIGGER_FUNCTION_SQL);
    const exists = await client.query("SELECT 1 FROM pg_event_trigger WHERE evtname = $1", [TRIGGER]);
    if (exists.rowCount === 0)
      await client.query(
        `CREATE EVENT TRIGGER ${TRIGGER} ON ddl_command_end WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION public.${TRIGGER}()`,
      );
    return true;
  } catch (error) {
    // Event triggers need a superuser: without one, indexes created from now on get no twin until the next start.
    log(
      `postgresql: no event trigger for new FerretDB indexes (${error instanceof Error ? error.message : String(error)}); restart to give them GIN twins`,
    );
    return false;
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Tables FerretDB made: a `jsonb` column `_jsonb`, outside the system schemas, not its metadata table. */
const FERRETDB_TABLES_SQL = `
SELECT c.oid::text AS oid, n.nspname || '.' || c.relname AS name
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = '_jsonb' AND a.atttypid = 'jsonb'::regtype AND NOT a.attisdropped
WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.relname <> '_ferretdb_database_metadata'
ORDER BY 2`;

/**
 * `discovery_ferretdb_gin_twins_of(t)`: for each btree index of FerretDB table t whose first key is a
 * `_jsonb ->` or `_jsonb #>` expression, creates the GIN twin on that expression if missing (named as
 * {@link ginTwinName}); returns how many it created.
 */
const TWINS_FUNCTION_SQL = `
CREATE OR REPLACE FUNCTION public.${TWINS_FUNCTION}(t regclass) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  rel record;
  key record;
  twin text;
  made integer := 0;
BEGIN
  SELECT c.relname, c.relnamespace INTO rel FROM pg_class c WHERE c.oid = t;
  IF rel.relname = '_ferretdb_database_metadata' OR NOT EXISTS (
    SELECT 1 FROM pg_attribute a WHERE a.attrelid = t AND a.attname = '_jsonb' AND a.atttypid = 'jsonb'::regtype AND NOT a.attisdropped
  ) THEN
    RETURN 0;
  END IF;
  FOR key IN
    SELECT DISTINCT pg_get_indexdef(i.indexrelid, 1, true) AS expression
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
    WHERE i.indrelid = t AND am.amname = 'btree'
  LOOP
    CONTINUE WHEN NOT (starts_with(key.expression, '(_jsonb -> ') OR starts_with(key.expression, '(_jsonb #> '));
    twin := left(rel.relname, 40) || '_' || substr(md5(rel.relname || key.expression), 1, 8) || '_gin';
    CONTINUE WHEN EXISTS (SELECT 1 FROM pg_class c WHERE c.relname = twin AND c.relnamespace = rel.relnamespace);
    EXECUTE format('CREATE INDEX %I ON %s USING gin (%s jsonb_path_ops)', twin, t, key.expression);
    made := made + 1;
  END LOOP;
  RETURN made;
END $$`;

/** The event trigger's function: twins the indexes of each table a `CREATE INDEX` touched (a twin's own creation finds nothing to do). */
const TRIGGER_FUNCTION_SQL = `
CREATE OR REPLACE FUNCTION public.${TRIGGER}() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
  created record;
BEGIN
  FOR created IN SELECT DISTINCT i.indrelid FROM pg_event_trigger_ddl_commands() d JOIN pg_index i ON i.indexrelid = d.objid WHERE d.object_type = 'index' LOOP
    PERFORM public.${TWINS_FUNCTION}(created.indrelid::regclass);
  END LOOP;
END $$`;
