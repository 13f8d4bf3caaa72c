import { createHash } from "node:crypto";
import { Client } from "pg";

/** What {@link preparePostgresqlForFerretDb} found and did. */
export interface PostgresqlPreparation {
  /** The PostgreSQL database did not exist and was created. */
  createdDatabase: boolean;
  /** FerretDB tables that got their `_id` GIN index now (existing tables built before the trigger). */
  indexedTables: number;
  /** FerretDB tables that have the index. */
  tables: number;
  /** New tables get the index from the event trigger (needs a superuser; false with a warning otherwise). */
  trigger: boolean;
}

const TRIGGER = "discovery_ferretdb_id_index";
const INDEX_TABLE_FUNCTION = "discovery_index_ferretdb_table";
const LOCK_KEY = 0x64697363; // one preparation at a time per server ("disc")

/**
 * Prepares a PostgreSQL database for FerretDB v1 so that reads by `_id` use an index.
 *
 * FerretDB v1 pushes `{_id: x}` down as `_jsonb -> '_id' @> '"x"'`, and its own `_id` index is a btree on
 * `(_jsonb -> '_id')`, which serves `=` but not `@>`: every read by id is a sequential scan of the table
 * (seconds on 100k shoppers' attributes). This gives every FerretDB table (a table with a `jsonb` column
 * `_jsonb`, except FerretDB's metadata table) a GIN `jsonb_path_ops` index on that expression, which
 * serves `@>`:
 * - tables that exist now, at once (minutes for tens of millions of rows, once);
 * - tables created later (new collections, the staging collection of a swap, which a rename keeps)
 *   through an event trigger on `CREATE TABLE`.
 * It also makes the database plan parameterised statements per call (`plan_cache_mode`), since FerretDB
 * passes the key as a parameter and only a custom plan matches the index expression.
 *
 * Creates the database when it does not exist. Idempotent; concurrent callers wait on an advisory lock.
 * The indexes live outside FerretDB's metadata: FerretDB neither lists nor drops them, and a dropped
 * collection takes its index with its table.
 */
export async function preparePostgresqlForFerretDb(url: string, log: (line: string) => void = () => {}): Promise<PostgresqlPreparation> {
  const createdDatabase = await createDatabaseIfMissing(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    const database = (await client.query<{ name: string }>("SELECT current_database() AS name")).rows[0]!.name;
    await client.query(`ALTER DATABASE ${quoteIdentifier(database)} SET plan_cache_mode = force_custom_plan`);
    await client.query(INDEX_TABLE_FUNCTION_SQL);
    const trigger = await installTrigger(client, log);
    await client.query("SET maintenance_work_mem = '256MB'");
    const tables = await client.query<{ oid: string; name: string }>(FERRETDB_TABLES_SQL);
    let indexedTables = 0;
    for (const table of tables.rows) {
      const started = Date.now();
      const created = (await client.query<{ created: boolean }>(`SELECT public.${INDEX_TABLE_FUNCTION}($1::oid::regclass) AS created`, [table.oid])).rows[0]!.created;
      if (!created) continue;
      indexedTables += 1;
      log(`postgresql: _id GIN index on ${table.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
    return { createdDatabase, indexedTables, tables: tables.rowCount ?? 0, trigger };
  } finally {
    await client.end();
  }
}

/** Name of the GIN index {@link preparePostgresqlForFerretDb} gives a table (unique per schema, at most 63 bytes). */
export function idIndexName(table: string): string {
  return `${table.slice(0, 40)}_${md5Prefix(table)}_id_gin`;
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
    if (exists.rowCount === 0) await client.query(`CREATE EVENT TRIGGER ${TRIGGER} ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION public.${TRIGGER}()`);
    return true;
  } catch (error) {
    // Event triggers need a superuser: without one, collections created from now on read by id with scans.
    log(`postgresql: no event trigger for new FerretDB tables (${error instanceof Error ? error.message : String(error)}); restart to index them`);
    return false;
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function md5Prefix(text: string): string {
  // Same as the SQL function's substr(md5(relname), 1, 8), so both name an index alike.
  return createHash("md5").update(text).digest("hex").slice(0, 8);
}

/** Tables FerretDB made: a `jsonb` column `_jsonb`, outside the system schemas, not its metadata table. */
const FERRETDB_TABLES_SQL = `
SELECT c.oid::text AS oid, n.nspname || '.' || c.relname AS name
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = '_jsonb' AND a.atttypid = 'jsonb'::regtype AND NOT a.attisdropped
WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.relname <> '_ferretdb_database_metadata'
ORDER BY 2`;

/** `discovery_index_ferretdb_table(t)`: creates t's `_id` GIN index if t is a FerretDB table without one; true when it did. */
const INDEX_TABLE_FUNCTION_SQL = `
CREATE OR REPLACE FUNCTION public.${INDEX_TABLE_FUNCTION}(t regclass) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  rel record;
  index_name text;
BEGIN
  SELECT c.relname, c.relnamespace INTO rel FROM pg_class c WHERE c.oid = t;
  IF rel.relname = '_ferretdb_database_metadata' OR NOT EXISTS (
    SELECT 1 FROM pg_attribute a WHERE a.attrelid = t AND a.attname = '_jsonb' AND a.atttypid = 'jsonb'::regtype AND NOT a.attisdropped
  ) THEN
    RETURN false;
  END IF;
  index_name := left(rel.relname, 40) || '_' || substr(md5(rel.relname), 1, 8) || '_id_gin';
  IF EXISTS (SELECT 1 FROM pg_class i WHERE i.relname = index_name AND i.relnamespace = rel.relnamespace) THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE INDEX %I ON %s USING gin ((_jsonb -> %L) jsonb_path_ops)', index_name, t, '_id');
  RETURN true;
END $$`;

/** The event trigger's function: indexes each table a `CREATE TABLE` made. */
const TRIGGER_FUNCTION_SQL = `
CREATE OR REPLACE FUNCTION public.${TRIGGER}() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
  created record;
BEGIN
  FOR created IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE object_type = 'table' LOOP
    PERFORM public.${INDEX_TABLE_FUNCTION}(created.objid::regclass);
  END LOOP;
END $$`;
