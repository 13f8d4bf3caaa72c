import { MongoClient, type CommandStartedEvent, type Db } from "mongodb";
import { bumpCatalogVersion } from "../../../core/catalog/catalog-version";
import { createLogger } from "../../../core/logger";
import { catalogSearchFor } from "../../../subgraphs/catalog/search/catalog-search";
import { FILLER, NAMED, catalogServer, insertCatalog, product } from "./catalog-fixtures";

let client: MongoClient;
let db: Db;
const finds: CommandStartedEvent[] = [];
/** Every read command the catalog sends, on any collection (issue 20: per-product lookups must cost none). */
const reads: CommandStartedEvent[] = [];
const READ_COMMANDS = new Set(["find", "aggregate", "count", "distinct", "getMore"]);

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!, { monitorCommands: true });
  client.on("commandStarted", (event) => {
    if (event.commandName === "find" && event.command.find === "products") finds.push(event);
    if (READ_COMMANDS.has(event.commandName)) reads.push(event);
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
  await db
    .collection("products")
    .insertOne(product("p-late", "Late Arrival Oat Milk", "dairy", 3.5, ["vegan"]) as never);
  const mixed = await execute(ENTITIES, {
    representations: [wanted[0], "p-late"].map((id) => ({ __typename: "Product", id })),
  });
  expect(mixed.data._entities.map((entity: { id: string } | null) => entity?.id)).toEqual([wanted[0], "p-late"]);
  expect(finds).toHaveLength(1);
  expect(finds[0]!.command.filter._id.$in).toEqual(["p-late"]);
});

const WITH_LOOKUPS = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { id name price category { id name vertical path } merchant { id name } } } }`;

test("category { name } and merchant on a page of products cost no database read once the snapshot is built", async () => {
  const { execute } = await catalogServer(db);
  const search = catalogSearchFor(db, createLogger("test", "silent"));
  await search.refresh();
  const wanted = [...NAMED, ...FILLER].slice(0, 20).map((p) => p._id);
  reads.length = 0;
  const result = await execute(WITH_LOOKUPS, { representations: wanted.map((id) => ({ __typename: "Product", id })) });
  expect(result.errors).toBeUndefined();
  const entities = result.data._entities as Array<{
    id: string;
    category: { id: string; name: string } | null;
    merchant: { name: string } | null;
  }>;
  expect(entities.map((entity) => entity.id)).toEqual(wanted);
  const byId = new Map([...NAMED, ...FILLER].map((p) => [p._id, p]));
  for (const entity of entities) expect(entity.category?.id).toBe(byId.get(entity.id)!.categoryId);
  expect(entities.every((entity) => typeof entity.category?.name === "string" && entity.category.name.length > 0)).toBe(
    true,
  );
  expect(entities.find((entity) => entity.id === "p-pad-thai")?.merchant?.name).toBeTruthy();
  expect(reads.map((event) => `${event.commandName} ${String(event.command[event.commandName])}`)).toEqual([]);

  // Control: a category written after the snapshot is still found, through one read by id.
  await db.collection("categories").insertOne({
    _id: "late-aisle",
    name: "Late Aisle",
    vertical: "GROCERY",
    parentId: null,
    path: ["late-aisle"],
    depth: 0,
    source: "test",
  } as never);
  await db.collection("products").insertOne(product("p-late-aisle", "Late Aisle Tea", "late-aisle", 2, []) as never);
  reads.length = 0;
  const late = await execute(WITH_LOOKUPS, { representations: [{ __typename: "Product", id: "p-late-aisle" }] });
  expect(late.data._entities[0].category).toEqual({
    id: "late-aisle",
    name: "Late Aisle",
    vertical: "GROCERY",
    path: ["late-aisle"],
  });
  expect(reads.filter((event) => event.command.find === "categories")).toHaveLength(1);
});
