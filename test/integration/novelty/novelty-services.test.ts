import { MongoClient, type Db } from "mongodb";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { OrderDocument } from "../../../core/documents/order.document";
import type { CategoryDocument } from "../../../core/documents/category.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import { createLogger } from "../../../core/logger";
import { createNoveltyDimension } from "../../../plugins/novelty/novelty.dimension";
import type { BlendedAttributes } from "../../../plugins/sdk/blended-attributes";
import type { CatalogService } from "../../../plugins/sdk/services";
import { buildCoPurchase } from "../../../subgraphs/personalization/statistics/co-purchase.builder";
import { MongoCoPurchaseService } from "../../../subgraphs/personalization/services/co-purchase.service";
import { buildKnowledgeGraph } from "../../../subgraphs/personalization/statistics/knowledge-graph.builder";
import { MongoKnowledgeGraphService } from "../../../subgraphs/personalization/services/knowledge-graph.service";
import { BASKET_ORDERS, BASKET_PRODUCTS } from "../../fixtures/novelty/baskets.fixture";
import { KG_CATEGORIES, KG_PRODUCTS } from "../../fixtures/novelty/kg.fixture";

const DATABASE = `test_novelty_services_${process.pid}`;
let client: MongoClient;
let db: Db;

/** The catalog reads novelty needs, straight from the products collection. */
function catalog(): CatalogService {
  const products = db.collection<ProductDocument>(COLLECTIONS.products);
  return {
    async products(ids) {
      return new Map(
        (await products.find({ _id: { $in: [...ids] } }).toArray()).map((product) => [product._id, product]),
      );
    },
    async newArrivals(limit) {
      return (await products.find({}).sort({ createdAt: -1, _id: 1 }).limit(limit).toArray()).map((product) => ({
        productId: product._id,
        score: product.createdAt.getTime(),
      }));
    },
    async popular() {
      return [];
    },
    async inCategory() {
      return [];
    },
    async offers() {
      return new Map();
    },
    async categoryMedians() {
      return {};
    },
    async popularity() {
      return new Map();
    },
  };
}

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!);
  db = client.db(DATABASE);
  await db.collection<CategoryDocument>(COLLECTIONS.categories).insertMany(KG_CATEGORIES);
  await db.collection<ProductDocument>(COLLECTIONS.products).insertMany([...BASKET_PRODUCTS, ...KG_PRODUCTS]);
  await db.collection<OrderDocument>(COLLECTIONS.orders).insertMany(BASKET_ORDERS);
  await buildCoPurchase(db, { minSupport: 2 });
  await buildKnowledgeGraph(db);
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

test("novelty over the real co-purchase and knowledge-graph services", async () => {
  const novelty = createNoveltyDimension();
  const attributes = {
    userId: "u1",
    coldStart: false,
    surface: "HOME",
    storeId: null,
    categoryId: null,
    cart: ["pasta"],
    query: null,
    now: new Date("2024-06-30T00:00:00Z"),
    ageVerified: true,
    dietary: { explicit: [], inferred: [] },
    excluded: { brands: [], categoryIds: [] },
    purchases: [{ productId: "bananas", count: 4, lastPurchasedAt: new Date("2024-06-20T00:00:00Z") }],
    categoryAffinity: { grocery: 1, fruit: 0.5 },
    verticalAffinity: { GROCERY: 1 },
    brandAffinity: {},
    priceSensitivity: 0.5,
    dealShare: 0,
    bulkPreference: 1,
    cuisineAffinity: { japanese: 0.2, ramen: 0.7 },
    summary: null,
    weights: {},
  } satisfies BlendedAttributes;
  const context = {
    attributes,
    seed: 3,
    logger: createLogger("novelty-test", "silent"),
    services: {
      catalog: catalog(),
      coPurchase: new MongoCoPurchaseService(db),
      knowledgeGraph: new MongoKnowledgeGraphService(db),
    },
  };
  const proposals = await novelty.prospect!(context);
  const cuisine = proposals.find((proposal) => proposal.params?.kind === "cuisine")!;
  expect(cuisine.title).toBe("Because you order ramen");
  const retrieved = await novelty.retrieve!(context, cuisine, 5);
  expect(retrieved.map((entry) => entry.productId)).toContain("g-nissin");
  const products = await context.services.catalog.products(["passata", "milk", "g-nissin", "bananas"]);
  const scores = await novelty.score(
    context,
    [...products.values()].map((product) => ({ productId: product._id, product, sources: {} })),
  );
  const byId = new Map(scores.map((score) => [score.productId, score]));
  expect(byId.get("passata")!.reason).toBe("Often bought with Spaghetti");
  expect(byId.get("milk")!.reason).toBe("Often bought with Bananas");
  expect(byId.get("g-nissin")!.reason).toBe("For ramen night at home");
  expect(byId.get("bananas")!.value).toBeLessThanOrEqual(0.1);
  expect(byId.get("passata")!.value).toBeGreaterThan(byId.get("bananas")!.value);
});
