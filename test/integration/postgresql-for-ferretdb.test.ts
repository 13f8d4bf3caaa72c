import { MongoClient } from "mongodb";
import { Client } from "pg";
import { startEmbeddedDatabase } from "../../core/database/embedded-database";
import { idIndexName, preparePostgresqlForFerretDb } from "../../core/database/postgresql-for-ferretdb";

// Needs the machine's PostgreSQL (127.0.0.1:5432, trust auth), as FERRETDB_BACKEND=postgresql does.
const server = "postgres://postgres@127.0.0.1:5432";
const name = `test_ferretdb_pg_${process.pid}`;

async function sql<T extends object>(database: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: `${server}/${database}` });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await sql("postgres", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

test("a FerretDB table read by _id uses a GIN index: tables made before are indexed at once, new ones by the trigger", async () => {
  const log: string[] = [];
  const first = await preparePostgresqlForFerretDb(`${server}/${name}`, (line) => log.push(line));
  expect(first).toMatchObject({ createdDatabase: true, indexedTables: 0, trigger: true });

  // A table shaped like FerretDB's, made without the trigger (as before an upgrade): the next preparation indexes it.
  await sql(name, "ALTER EVENT TRIGGER discovery_ferretdb_id_index DISABLE");
  await sql(name, "CREATE SCHEMA old; CREATE TABLE old.things_0a1b2c3d (_jsonb jsonb)");
  await sql(name, "ALTER EVENT TRIGGER discovery_ferretdb_id_index ENABLE");
  const second = await preparePostgresqlForFerretDb(`${server}/${name}`, (line) => log.push(line));
  expect(second).toMatchObject({ createdDatabase: false, indexedTables: 1, tables: 1, trigger: true });
  expect(log.join("\n")).toContain("_id GIN index on old.things_0a1b2c3d");
  expect((await preparePostgresqlForFerretDb(`${server}/${name}`)).indexedTables).toBe(0);

  // A collection FerretDB creates from now on gets the index from the trigger, and reads by _id use it.
  const database = await startEmbeddedDatabase({ dataDir: "unused", backend: "postgresql", postgresUrl: `${server}/${name}` });
  const client = await MongoClient.connect(database.uri);
  try {
    const things = client.db("shop").collection<{ _id: string; n: number }>("things");
    await things.insertMany(Array.from({ length: 5000 }, (_, n) => ({ _id: `t${n}`, n })));
    expect(await things.findOne({ _id: "t4321" })).toEqual({ _id: "t4321", n: 4321 });
    const [table] = await sql<{ relname: string }>(name, "SELECT c.relname FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = 'shop' AND c.relname LIKE 'things%' AND c.relkind = 'r'");
    const indexes = await sql<{ indexname: string; indexdef: string }>(name, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'shop' AND tablename = $1", [table!.relname]);
    expect(indexes.find((index) => index.indexname === idIndexName(table!.relname))?.indexdef).toContain("USING gin (((_jsonb -> '_id'::text)) jsonb_path_ops)");

    // FerretDB's pushed-down equality, as it sends it (the key is a parameter): an index scan, not a sequential one.
    await sql(name, `ANALYZE shop.${table!.relname}`);
    const plan = await sql<{ "QUERY PLAN": string }>(name, `EXPLAIN SELECT _jsonb FROM shop.${table!.relname} WHERE _jsonb->$1 @> $2`, ["_id", '"t4321"']);
    const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
    expect(text).toContain(idIndexName(table!.relname));
    expect(text).not.toContain("Seq Scan");
  } finally {
    await client.close();
    await database.stop();
  }
});
