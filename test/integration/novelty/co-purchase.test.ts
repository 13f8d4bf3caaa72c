import { MongoClient, type Db } from "mongodb";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { ProductDocument } from "../../../core/documents/product.document";
import type { OrderDocument } from "../../../core/documents/order.document";
import { buildCoPurchase } from "../../../subgraphs/personalization/statistics/co-purchase.builder";
import {
  CO_PURCHASE_COLLECTION,
  type CoPurchaseDocument,
} from "../../../subgraphs/personalization/statistics/co-purchase.document";
import { MongoCoPurchaseService } from "../../../subgraphs/personalization/services/co-purchase.service";
import { BASKET_ORDERS, BASKET_PRODUCTS } from "../../fixtures/novelty/baskets.fixture";

const DATABASE = `test_novelty_co_purchase_${process.pid}`;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!);
  db = client.db(DATABASE);
  await db.collection<ProductDocument>(COLLECTIONS.products).insertMany(BASKET_PRODUCTS);
  await db.collection<OrderDocument>(COLLECTIONS.orders).insertMany(BASKET_ORDERS);
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

describe("co-purchase builder and service (FerretDB)", () => {
  test("lift, PMI and support match the hand counts; substitutes and rare items are excluded", async () => {
    const summary = await buildCoPurchase(db, { minSupport: 2 });
    expect(summary).toMatchObject({
      orders: 10,
      lines: 24,
      products: 7,
      keptProducts: 6,
      substitutePairs: 1,
      documents: 6,
      neighbours: 8,
    });
    const documents = await db
      .collection<CoPurchaseDocument>(CO_PURCHASE_COLLECTION)
      .find({})
      .sort({ _id: 1 })
      .toArray();
    const byId = new Map(documents.map((document) => [document._id, document]));
    expect(byId.get("pasta")!.neighbours).toEqual([
      { productId: "passata", lift: 1.5, pmi: 0.584963, support: 3 },
      { productId: "mozzarella", lift: 1.333333, pmi: 0.415037, support: 2 },
      { productId: "parmesan", lift: 1.333333, pmi: 0.415037, support: 2 },
    ]);
    expect(byId.get("bananas")!.neighbours).toEqual([{ productId: "milk", lift: 1.666667, pmi: 0.736966, support: 2 }]);
    // mozzarella–parmesan: lift 2.22 but the same leaf category, so not a complement
    expect(byId.get("mozzarella")!.neighbours.map((neighbour) => neighbour.productId)).toEqual(["pasta"]);
    expect(byId.get("mozzarella")!.baskets).toBe(3);
    expect(byId.has("ghost")).toBe(false);
  });

  test("a rebuild replaces the previous one", async () => {
    await buildCoPurchase(db, { minSupport: 3 });
    const documents = await db.collection<CoPurchaseDocument>(CO_PURCHASE_COLLECTION).find({}).toArray();
    expect(documents.map((document) => document._id).sort()).toEqual(["passata", "pasta"]);
    await buildCoPurchase(db, { minSupport: 2 });
    expect(await db.collection(CO_PURCHASE_COLLECTION).countDocuments()).toBe(6);
  });

  test("a per-basket cap samples large baskets deterministically", async () => {
    const first = await buildCoPurchase(db, { minSupport: 1, maxBasketItems: 2 });
    const snapshot = await db
      .collection<CoPurchaseDocument>(CO_PURCHASE_COLLECTION)
      .find({}, { projection: { version: 0 } })
      .sort({ _id: 1 })
      .toArray();
    const second = await buildCoPurchase(db, { minSupport: 1, maxBasketItems: 2 });
    expect(first.sampledBaskets).toBe(4);
    expect(second.pairs).toBe(first.pairs);
    expect(
      await db
        .collection<CoPurchaseDocument>(CO_PURCHASE_COLLECTION)
        .find({}, { projection: { version: 0 } })
        .sort({ _id: 1 })
        .toArray(),
    ).toEqual(snapshot);
    await buildCoPurchase(db, { minSupport: 2 });
  });

  test("complements read many items in one query, best lift first, inputs excluded", async () => {
    const service = new MongoCoPurchaseService(db);
    const result = await service.complements(["pasta", "bananas"], 10);
    expect(result.map((entry) => [entry.productId, entry.score, entry.via])).toEqual([
      ["milk", 1.666667, "bananas"],
      ["passata", 1.5, "pasta"],
      ["mozzarella", 1.333333, "pasta"],
      ["parmesan", 1.333333, "pasta"],
    ]);
    expect((await service.complements(["pasta", "passata"], 10)).map((entry) => entry.productId)).toEqual([
      "mozzarella",
      "parmesan",
    ]);
    expect(await service.complements(["pasta"], 1)).toHaveLength(1);
    expect(await service.complements(["no-such-product"], 10)).toEqual([]);
    expect(await service.complements([], 10)).toEqual([]);
    expect(await service.complements(["pasta"], 0)).toEqual([]);
  });
});
