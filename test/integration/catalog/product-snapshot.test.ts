import { MongoClient, type CommandStartedEvent, type Db } from "mongodb";
import { bumpCatalogVersion } from "../../../core/catalog/catalog-version";
import { createLogger } from "../../../core/logger";
import { catalogSearchFor } from "../../../subgraphs/catalog/search/catalog-search";
import { FILLER, NAMED, catalogServer, insertCatalog, product } from "./catalog-fixtures";

let client: MongoClient;
let db: Db;
const finds: CommandStartedEvent[] = [];

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!, { monitorCommands: true });
  client.on("commandStarted", (event) => {
    if (event.commandName === "find" && event.command.find === "products") finds.push(event);
  });
  db = client.db(`test_catalog_snapshot_${process.pid}`);
  await insertCatalog(db);
  await bumpCatalogVersion(db);
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

const ENTITIES = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { id name price } } }`;

test("once the catalog snapshot is built, products resolve from memory; only ids it lacks cost one $in", async () => {
  const { execute } = await catalogServer(db);
  const search = catalogSearchFor(db, createLogger("test", "silent"));
  expect((await search.refresh()).rebuilt).toBe(true);

  const wanted = [...NAMED, ...FILLER].slice(0, 50).map((p) => p._id);
  finds.length = 0;
  const cached = await execute(ENTITIES, { representations: wanted.map((id) => ({ __typename: "Product", id })) });
  expect(cached.errors).toBeUndefined();
  expect(cached.data._entities.map((entity: { id: string; price: number }) => entity.id)).toEqual(wanted);
  expect(cached.data._entities[0].price).toBe(NAMED[0]!.price);
  expect(finds).toHaveLength(0);

  // A product written after the snapshot (no version bump yet) is still found, through the database.
  await db.collection("products").insertOne(product("p-late", "Late Arrival Oat Milk", "dairy", 3.5, ["vegan"]) as never);
  const mixed = await execute(ENTITIES, { representations: [wanted[0], "p-late"].map((id) => ({ __typename: "Product", id })) });
  expect(mixed.data._entities.map((entity: { id: string } | null) => entity?.id)).toEqual([wanted[0], "p-late"]);
  expect(finds).toHaveLength(1);
  expect(finds[0]!.command.filter._id.$in).toEqual(["p-late"]);
});
