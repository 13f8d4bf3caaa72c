import { MongoClient, type Db } from "mongodb";
import { readCatalogVersion } from "../../../core/catalog/catalog-version";
import type { CategoryDocument } from "../../../core/documents/category.document";
import type { EventDocument } from "../../../core/documents/event.document";
import type { OfferDocument } from "../../../core/documents/merchant.document";
import type { OrderDocument } from "../../../core/documents/order.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import { VERTICALS } from "../../../core/documents/vertical";
import { ID_PATTERN } from "../../../subgraphs/shared/ids";
import { SEEDED_COLLECTIONS, seedDatabase, type SeedSummary } from "../../../jobs/seed/seed";
import type { SimulatorTruthDocument } from "../../../jobs/seed/shopper.simulator";

process.env.PROGRESS = "off";
const suffix = `${process.pid}_${Date.now()}`;
let client: MongoClient;
let a: Db;
let b: Db;
let summary: SeedSummary;

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!);
  a = client.db(`test_seed_a_${suffix}`);
  b = client.db(`test_seed_b_${suffix}`);
  summary = await seedDatabase(a, { scale: "tiny", seed: 7 });
  await seedDatabase(b, { scale: "tiny", seed: 7 });
}, 120000);

afterAll(async () => {
  await a.dropDatabase();
  await b.dropDatabase();
  await client.close();
});

describe("seedDatabase tiny", () => {
  it("is deterministic: the same seed writes byte-identical documents", async () => {
    for (const name of SEEDED_COLLECTIONS) {
      const left = await a.collection(name).find().sort({ _id: 1 }).toArray();
      const right = await b.collection(name).find().sort({ _id: 1 }).toArray();
      expect(left.length).toBeGreaterThan(0);
      expect(JSON.stringify(right)).toBe(JSON.stringify(left));
    }
  });

  it("has the promised sizes and bumps the catalog version", async () => {
    expect(summary.products).toBeGreaterThanOrEqual(300);
    expect(summary.products).toBeLessThanOrEqual(600);
    expect(summary.merchants).toBeGreaterThanOrEqual(8);
    expect(summary.users).toBe(20);
    expect(summary.orders).toBeGreaterThanOrEqual(150);
    expect(summary.events).toBeGreaterThan(summary.orders);
    expect(await a.collection("products").countDocuments()).toBe(summary.products);
    expect(await readCatalogVersion(a)).toBe(1);
  });

  it("covers all seven verticals with realistic names and valid ids", async () => {
    const products = await a.collection<ProductDocument>("products").find().toArray();
    expect(new Set(products.map((p) => p.vertical))).toEqual(new Set(VERTICALS));
    for (const product of products) {
      expect(product._id).toMatch(ID_PATTERN);
      expect(product.name).not.toMatch(/product \d+/i);
      expect(product.price).toBeGreaterThan(0);
      expect(product.categoryPath[product.categoryPath.length - 1]).toBe(product.categoryId);
    }
    const alcohol = products.filter((p) => p.vertical === "ALCOHOL");
    expect(alcohol.every((p) => p.tags.includes("age-restricted"))).toBe(true);
    const dishes = products.filter((p) => p.vertical === "RESTAURANT");
    expect(dishes.length).toBeGreaterThan(20);
    expect(dishes.every((p) => p.merchantId && p.cuisines && p.cuisines.length > 0)).toBe(true);
    expect(products.some((p) => p.size && p.unitPrice)).toBe(true);
  });

  it("builds a consistent category tree", async () => {
    const categories = await a.collection<CategoryDocument>("categories").find().toArray();
    const byId = new Map(categories.map((c) => [c._id, c]));
    for (const category of categories) {
      expect(category.path.length).toBe(category.depth + 1);
      expect(category.path[category.depth]).toBe(category._id);
      if (category.parentId) expect(byId.get(category.parentId)?.depth).toBe(category.depth - 1);
    }
    const products = await a.collection<ProductDocument>("products").find().toArray();
    for (const product of products) for (const id of product.categoryPath) expect(byId.has(id)).toBe(true);
  });

  it("has offers keyed merchantId|productId, some unavailable", async () => {
    const offers = await a.collection<OfferDocument>("offers").find().toArray();
    expect(offers.every((o) => o._id === `${o.merchantId}|${o.productId}`)).toBe(true);
    expect(offers.some((o) => !o.available)).toBe(true);
    expect(offers.every((o) => o.price > 0)).toBe(true);
  });

  it("simulates shoppers whose orders respect their latent dietary constraints", async () => {
    const truths = await a.collection<SimulatorTruthDocument>("simulator_truth").find().toArray();
    expect(truths).toHaveLength(20);
    const products = new Map((await a.collection<ProductDocument>("products").find().toArray()).map((p) => [p._id, p]));
    const nonFood = /^cat:seed:(grocery:household|convenience:essentials|retail|flowers|gifting:gift-sets)/;
    for (const truth of truths.filter((t) => t.dietary.length > 0)) {
      const orders = await a.collection<OrderDocument>("orders").find({ userId: truth.userId }).toArray();
      for (const line of orders.flatMap((o) => o.lines)) {
        const product = products.get(line.productId)!;
        if (nonFood.test(product.categoryId)) continue;
        for (const tag of truth.dietary) expect(product.tags).toContain(tag);
      }
    }
  });

  it("emits every event type and purchases match order lines", async () => {
    const events = await a.collection<EventDocument>("events").find().toArray();
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set(["IMPRESSION", "CLICK", "ADD_TO_CART", "PURCHASE", "SEARCH"]),
    );
    const lines = (await a.collection<OrderDocument>("orders").find().toArray()).reduce(
      (sum, o) => sum + o.lines.length,
      0,
    );
    expect(events.filter((e) => e.type === "PURCHASE")).toHaveLength(lines);
    expect(
      events.filter((e) => e.type === "SEARCH").every((e) => typeof e.query === "string" && e.query.length > 0),
    ).toBe(true);
  });
});
