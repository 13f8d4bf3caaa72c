import { MongoClient, type Db } from "mongodb";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { ProductDocument } from "../../../core/documents/product.document";
import type { UserDocument } from "../../../core/documents/user.document";
import { createLogger } from "../../../core/logger";
import { seedDatabase } from "../../../jobs/seed/seed";
import { createPersonalizationContext } from "../../../subgraphs/personalization/context";
import type { PresentedCollection } from "../../../subgraphs/personalization/pipeline/pipeline.types";
import { runPipeline } from "../../../subgraphs/personalization/pipeline/run-pipeline";
import { rebuildPopularity } from "../../../subgraphs/personalization/popularity.builder";
import { buildCoPurchase } from "../../../subgraphs/personalization/statistics/co-purchase.builder";
import { buildKnowledgeGraph } from "../../../subgraphs/personalization/statistics/knowledge-graph.builder";
import { KNOWLEDGE_GRAPH_COLLECTION } from "../../../subgraphs/personalization/statistics/knowledge-graph.document";
import type { LlmEdgeDocument } from "../../../subgraphs/personalization/statistics/knowledge-graph.llm-edges";
import { readModelsFor } from "../../../subgraphs/personalization/read-models/read-models";
import {
  USER_ATTRIBUTES_COLLECTION,
  type UserAttributesDocument,
} from "../../../subgraphs/user-profile/attributes/user-attributes.document";

jest.setTimeout(120_000);

const name = `test_kg_augmented_${process.pid}_${Date.now().toString(36)}`;
const SHOPPER = "u:test:ramen-augmented";
const logger = createLogger("kg-augmented-test", "silent");
let client: MongoClient;
let db: Db;
let now: Date;
let ramenDish: ProductDocument;

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!);
  db = client.db(name);
  await seedDatabase(db, { scale: "tiny", seed: 42 });
  await Promise.all([rebuildPopularity(db), buildCoPurchase(db), buildKnowledgeGraph(db)]);
  const newest = await db.collection(COLLECTIONS.orders).find({}).sort({ placedAt: -1 }).limit(1).next();
  now = new Date((newest!.placedAt as Date).getTime() + 86_400_000);
  ramenDish = (await db
    .collection<ProductDocument>(COLLECTIONS.products)
    .findOne({ vertical: "RESTAURANT", name: /Ramen/ }))!;
  // A shopper who orders ramen from restaurants and shops groceries.
  const user: UserDocument = {
    _id: SHOPPER,
    name: "Ramen Fan",
    ageVerified: false,
    preferences: { dietary: [], excludedBrands: [], excludedCategoryIds: [] },
    createdAt: new Date("2024-01-01T00:00:00Z"),
    source: "test",
  };
  await db.collection<UserDocument>(COLLECTIONS.users).insertOne(user);
  const attributes: UserAttributesDocument = {
    _id: SHOPPER,
    asOf: now,
    computedAt: now,
    purchaseLines: 20,
    occasions: 6,
    units: 20,
    items: [],
    categories: [],
    verticals: [
      { key: "GROCERY", share: 0.7, lines: 14 },
      { key: "RESTAURANT", share: 0.3, lines: 6 },
    ],
    brands: [],
    brandLoyalty: null,
    categoryBrandLoyalty: [],
    price: { index: 1, dealShare: 0, meanDiscountRate: 0, sensitivity: 0.3, linesCompared: 0 },
    size: { index: 1, bulkShare: 0, linesCompared: 0 },
    stockUp: { medianDaysBetweenOccasions: 7, meanUnitsPerOccasion: 3, stockUpShare: 0 },
    dietary: [],
    cuisines: [{ key: "ramen", share: 1, lines: 6 }],
  };
  await db.collection<UserAttributesDocument>(USER_ATTRIBUTES_COLLECTION).insertOne(attributes);
  const models = readModelsFor(db, logger);
  await Promise.all([
    models.catalog.get(60_000),
    models.popularity.get(60_000),
    models.coPurchase.get(60_000),
    models.knowledgeGraph.get(60_000),
    models.deals.get(60_000),
  ]);
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

async function ramenCarousel(): Promise<PresentedCollection | undefined> {
  const context = createPersonalizationContext({ db, logger }, { now: () => now, ranker: null, embeddings: null });
  const { collections } = await runPipeline(
    context.pipeline,
    { userId: SHOPPER, surface: "HOME", storeId: null, categoryId: null, cart: [], query: null, weights: {}, now },
    { first: 8 },
  );
  return collections.find((collection) => collection.title === "Because you order ramen");
}

test("an llm complement edge from a ramen dish puts its grocery product into the served 'Because you order ramen' carousel", async () => {
  const before = await ramenCarousel();
  const shown = new Set(before?.items.map((item) => item.productId) ?? []);
  // A grocery product the graph does not link to ramen at all.
  const linked = new Set(
    (await db.collection(KNOWLEDGE_GRAPH_COLLECTION).find({ kind: "cuisine-product", from: "ramen" }).toArray()).map(
      (edge) => edge.to as string,
    ),
  );
  const candidate = (
    await db
      .collection<ProductDocument>(COLLECTIONS.products)
      .find({ vertical: "GROCERY", tags: { $ne: "age-restricted" } })
      .sort({ _id: 1 })
      .toArray()
  ).find((product) => !linked.has(product._id) && !shown.has(product._id));
  expect(candidate).toBeDefined();

  // What kg-augment stores for a model answer (provenance "llm"), and one whose product no longer exists.
  const edge = (to: string, toName: string): LlmEdgeDocument => ({
    _id: `complement|${ramenDish._id}|${to}`,
    kind: "complement",
    from: ramenDish._id,
    to,
    toName,
    term: null,
    confidence: 0.9,
    provenance: ["llm"],
    support: 0,
    version: 1,
  });
  await db
    .collection<LlmEdgeDocument>(KNOWLEDGE_GRAPH_COLLECTION)
    .insertMany([edge(candidate!._id, candidate!.name), edge("p:gone", "Vanished Kimchi")]);
  const summary = await buildKnowledgeGraph(db);
  expect(summary.llmEdges).toMatchObject({ found: 2, kept: 1, drops: { missingTarget: 1 } });
  expect(summary.llmDerived.directProducts).toBeGreaterThan(0);

  // The build's commit started this process's read-model reload; wait for it as a request after the reload would.
  await readModelsFor(db, logger).knowledgeGraph.refresh();
  const after = await ramenCarousel();
  expect(after).toBeDefined();
  const item = after!.items.find((entry) => entry.productId === candidate!._id);
  expect(item).toBeDefined();
  expect(after!.items.some((entry) => entry.productId === "p:gone")).toBe(false);
});
