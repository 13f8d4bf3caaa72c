import { MongoClient, type Db } from "mongodb";
import { bumpCatalogVersion } from "../../../core/catalog/catalog-version";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { OfferDocument } from "../../../core/documents/merchant.document";
import type { OrderDocument } from "../../../core/documents/order.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import { createLogger } from "../../../core/logger";
import { rebuildPopularity } from "../../../subgraphs/personalization/popularity.builder";
import { buildCoPurchase } from "../../../subgraphs/personalization/statistics/co-purchase.builder";
import { MongoCatalogService, productLoader } from "../../../subgraphs/personalization/services/catalog.service";
import { MongoCoPurchaseService } from "../../../subgraphs/personalization/services/co-purchase.service";
import { DealsRepository } from "../../../subgraphs/personalization/services/deals.repository";
import { readDerivedVersion } from "../../../core/database/derived-version";
import { ReadModelHolder } from "../../../subgraphs/personalization/read-models/read-model-holder";
import { readModelsFor } from "../../../subgraphs/personalization/read-models/read-models";
import { DEALS, insertFixtures, NOW, PRODUCTS, STORE } from "./personalization-fixtures";

let client: MongoClient;
let db: Db;
let fresh: Db;

beforeAll(async () => {
  client = await MongoClient.connect(process.env.MONGODB_URI!);
  db = client.db(`test_read_models_${process.pid}`);
  fresh = client.db(`test_read_models_db_${process.pid}`);
  await db.dropDatabase();
  await fresh.dropDatabase();
  await insertFixtures(db);
  await insertFixtures(fresh);
});

afterAll(async () => {
  await db.dropDatabase();
  await fresh.dropDatabase();
  await client.close();
});

/** The same service reading only the database (no read models), the behaviour the models must keep. */
function databaseOnly(database: Db): MongoCatalogService {
  return new MongoCatalogService(database, productLoader(database));
}

function withModels(database: Db): MongoCatalogService {
  const models = readModelsFor(database, createLogger("read-models-test", "silent"));
  return new MongoCatalogService(database, productLoader(database, models), models);
}

test("the catalog model is built from the database and answers as the database reads do", async () => {
  const models = readModelsFor(db, createLogger("read-models-test", "silent"));
  const model = (await models.catalog.get(10_000))!;
  expect(model).not.toBeNull();
  expect(model.size).toBe(PRODUCTS.length);
  expect(model.offerCount).toBe(PRODUCTS.filter((p) => /^(milk[0-5]|yog|chip)/.test(p._id)).length);

  const memory = withModels(db);
  const database = databaseOnly(fresh);
  const ids = ["milk0", "chip3", "beer1", "nope"];
  expect(await memory.products(ids)).toEqual(await database.products(ids));
  expect((await memory.products(["milk0"])).get("milk0")!.createdAt).toBeInstanceOf(Date);
  for (const category of ["grocery", "dairy", "milk", "snacks", "candles", "unknown"]) {
    expect(await memory.newArrivals(5, category)).toEqual(await database.newArrivals(5, category));
    expect(await memory.inCategory(category, 5)).toEqual(await database.inCategory(category, 5));
    expect(await memory.categoryMedians(category)).toEqual(await database.categoryMedians(category));
    expect(await memory.popular(4, category)).toEqual(await database.popular(4, category));
  }
  expect(await memory.newArrivals(7)).toEqual(await database.newArrivals(7));
  expect(await memory.popular(10)).toEqual(await database.popular(10));
  const all = PRODUCTS.map((p) => p._id);
  expect(await memory.popularity(all)).toEqual(await database.popularity(all));
  const offers = await memory.offers(STORE, ["milk0", "milk5", "beer0", "nope"]);
  expect(offers).toEqual(await database.offers(STORE, ["milk0", "milk5", "beer0", "nope"]));
  expect(offers.get("milk5")).toEqual({ price: expect.any(Number), available: false });
  expect(offers.has("beer0")).toBe(false);
});

test("products added after the model's version are read from the database (miss fallback), offers too", async () => {
  const late: ProductDocument = { ...PRODUCTS[0]!, _id: "late-milk", name: "Late Milk" };
  await db.collection<ProductDocument>(COLLECTIONS.products).insertOne(late);
  await db
    .collection<OfferDocument>(COLLECTIONS.offers)
    .insertOne({ _id: `${STORE}|late-milk`, merchantId: STORE, productId: "late-milk", price: 9, available: true });
  const model = (await readModelsFor(db).catalog.get(10_000))!;
  expect(model.has("late-milk")).toBe(false);
  const memory = withModels(db);
  expect((await memory.products(["late-milk", "milk1"])).get("late-milk")!.name).toBe("Late Milk");
  expect((await memory.offers(STORE, ["late-milk", "milk1"])).get("late-milk")).toEqual({ price: 9, available: true });
});

test("a new catalog version is loaded by refresh and swapped in; the old model stays whole", async () => {
  const models = readModelsFor(db);
  const before = (await models.catalog.get(10_000))!;
  expect((await models.refreshCatalog()).reloaded).toBe(false);
  const version = await bumpCatalogVersion(db);
  const refreshed = await models.refreshCatalog();
  expect(refreshed).toMatchObject({ reloaded: true, version });
  const after = (await models.catalog.get(10_000))!;
  expect(after).not.toBe(before);
  expect(after.has("late-milk")).toBe(true);
  expect(before.has("late-milk")).toBe(false);
  expect(before.size).toBe(PRODUCTS.length);
});

test("a rebuild committed in this process publishes a version and reloads the statistics model", async () => {
  const models = readModelsFor(db);
  const first = (await models.popularity.get(10_000))!;
  const version = await readDerivedVersion(db, "product_popularity");
  expect(version).toBeGreaterThan(0);
  expect(first.version).toBe(version);
  const unbought = PRODUCTS.map((p) => p._id).find((id) => !first.priors([id]).has(id))!;
  expect(unbought).toBeDefined();
  await db.collection<OrderDocument>(COLLECTIONS.orders).insertOne({
    _id: "o-late",
    userId: "u-late",
    merchantId: STORE,
    placedAt: NOW,
    lines: [{ productId: unbought, quantity: 1, unitPrice: 12, discount: 0 }],
    total: 12,
    source: "test",
  });
  await rebuildPopularity(db);
  const second = (await models.popularity.get(10_000))!;
  expect(second.version).toBeGreaterThan(version);
  expect(second.priors([unbought]).has(unbought)).toBe(true);
  expect(first.priors([unbought]).has(unbought)).toBe(false);
});

test("co-purchase and deals answer from their models as from the database", async () => {
  await buildCoPurchase(db, { minSupport: 1 });
  const models = readModelsFor(db);
  const coPurchase = (await models.coPurchase.get(10_000))!;
  expect(coPurchase.size).toBeGreaterThan(0);
  const memory = new MongoCoPurchaseService(db, models.coPurchase);
  const database = new MongoCoPurchaseService(db);
  for (const seeds of [["milk0"], ["chip1", "milk0", "yog2"], ["nope"]])
    expect(await memory.complements(seeds, 20)).toEqual(await database.complements(seeds, 20));

  const warm = DEALS[0]!.userId;
  expect(await new DealsRepository(db, models.deals).active(warm, NOW)).toEqual(
    await new DealsRepository(db).active(warm, NOW),
  );
  expect([...(await new DealsRepository(db, models.deals).active(warm, NOW)).keys()]).toEqual(["chip2"]);
});

test("before a model loads, reads go to the database: a failing load answers null, never throws", async () => {
  const holder = new ReadModelHolder<number>(db, createLogger("read-models-test", "silent"), {
    name: "broken",
    version: async () => 1,
    load: async () => {
      throw new Error("scan failed");
    },
  });
  await expect(holder.get(1000)).resolves.toBeNull();
  expect(holder.version).toBeNull();
  const slow = new ReadModelHolder<number>(db, createLogger("read-models-test", "silent"), {
    name: "slow",
    version: async () => 7,
    load: () => new Promise((resolve) => setTimeout(() => resolve(42), 300)),
  });
  await expect(slow.get(10)).resolves.toBeNull();
  await expect(slow.get(5000)).resolves.toBe(42);
  expect(slow.version).toBe(7);
});
