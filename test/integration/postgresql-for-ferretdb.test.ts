import { MongoClient } from "mongodb";
import { Client } from "pg";
import { startEmbeddedDatabase } from "../../core/database/embedded-database";
import { ginTwinName, preparePostgresqlForFerretDb } from "../../core/database/postgresql-for-ferretdb";

// Needs the machine's PostgreSQL (127.0.0.1:5432, trust auth), as FERRETDB_BACKEND=postgresql does.
const server = "postgres://postgres@127.0.0.1:5432";
const name = `test_ferretdb_pg_${process.pid}`;
const ID = "(_jsonb -> '_id'::text)";
const USER_ID = "(_jsonb -> 'userId'::text)";

async function sql<T extends object>(text: string, values: unknown[] = [], database = name): Promise<T[]> {
  const client = new Client({ connectionString: `${server}/${database}` });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function indexesOf(schema: string, table: string): Promise<Map<string, string>> {
  const rows = await sql<{ indexname: string; indexdef: string }>(
    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2",
    [schema, table],
  );
  return new Map(rows.map((row) => [row.indexname, row.indexdef]));
}

/** The plan PostgreSQL picks for FerretDB's pushed-down equality, sent as FerretDB sends it (the key a parameter). */
async function planOf(table: string, key: string, value: string): Promise<string> {
  await sql(`ANALYZE ${table}`);
  const plan = await sql<{ "QUERY PLAN": string }>(`EXPLAIN SELECT _jsonb FROM ${table} WHERE _jsonb->$1 @> $2`, [
    key,
    JSON.stringify(value),
  ]);
  return plan.map((row) => row["QUERY PLAN"]).join("\n");
}

afterAll(async () => {
  await sql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, [], "postgres");
});

test("FerretDB's btree indexes get GIN twins that answer its pushed-down equality: indexes made before at once, new ones by the trigger", async () => {
  const log: string[] = [];
  expect(await preparePostgresqlForFerretDb(`${server}/${name}`, (line) => log.push(line))).toMatchObject({
    createdDatabase: true,
    createdTwins: 0,
    trigger: true,
  });

  // A table and index shaped like FerretDB's, made while the trigger is off (as before an upgrade): the next preparation twins it.
  await sql("ALTER EVENT TRIGGER discovery_ferretdb_gin_twins DISABLE");
  await sql(
    `CREATE SCHEMA old; CREATE TABLE old.things_0a1b2c3d (_jsonb jsonb); CREATE UNIQUE INDEX things_id ON old.things_0a1b2c3d USING btree ((_jsonb -> '_id'))`,
  );
  await sql("ALTER EVENT TRIGGER discovery_ferretdb_gin_twins ENABLE");
  expect(await preparePostgresqlForFerretDb(`${server}/${name}`, (line) => log.push(line))).toMatchObject({
    createdDatabase: false,
    createdTwins: 1,
    tables: 1,
    trigger: true,
  });
  expect(log.join("\n")).toContain("1 GIN twin index on old.things_0a1b2c3d");
  expect([...(await indexesOf("old", "things_0a1b2c3d")).keys()]).toContain(ginTwinName("things_0a1b2c3d", ID));
  expect((await preparePostgresqlForFerretDb(`${server}/${name}`)).createdTwins).toBe(0);

  // What FerretDB creates from now on gets its twins from the trigger: the `_id` index, and the first key of a compound index.
  const database = await startEmbeddedDatabase({
    dataDir: "unused",
    backend: "postgresql",
    postgresUrl: `${server}/${name}`,
  });
  const client = await MongoClient.connect(database.uri);
  try {
    const orders = client.db("shop").collection<{ _id: string; userId: string; placedAt: Date }>("orders");
    await orders.insertMany(
      Array.from({ length: 5000 }, (_, n) => ({ _id: `o${n}`, userId: `u${n % 500}`, placedAt: new Date(n * 1000) })),
    );
    await orders.createIndex({ userId: 1, placedAt: -1 }, { name: "userId_placedAt" });
    expect(await orders.findOne({ _id: "o4321" })).toMatchObject({ userId: "u321" });
    expect((await orders.find({ userId: "u7" }).toArray()).length).toBe(10);

    const [table] = await sql<{ relname: string }>(
      "SELECT c.relname FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = 'shop' AND c.relname LIKE 'orders%' AND c.relkind = 'r'",
    );
    const indexes = await indexesOf("shop", table!.relname);
    expect(indexes.get(ginTwinName(table!.relname, ID))).toContain(
      "USING gin (((_jsonb -> '_id'::text)) jsonb_path_ops)",
    );
    expect(indexes.get(ginTwinName(table!.relname, USER_ID))).toContain(
      "USING gin (((_jsonb -> 'userId'::text)) jsonb_path_ops)",
    );
    expect([...indexes.values()].filter((definition) => definition.includes("USING gin")).length).toBe(2); // the twins make no twins

    const byId = await planOf(`shop.${table!.relname}`, "_id", "o4321");
    expect(byId).toContain(ginTwinName(table!.relname, ID));
    expect(byId).not.toContain("Seq Scan");
    const byUser = await planOf(`shop.${table!.relname}`, "userId", "u7");
    expect(byUser).toContain(ginTwinName(table!.relname, USER_ID));
    expect(byUser).not.toContain("Seq Scan");
  } finally {
    await client.close();
    await database.stop();
  }
});
