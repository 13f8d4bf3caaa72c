import { MongoClient, type Db } from "mongodb";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { ProductDocument } from "../../../core/documents/product.document";
import type { UserDocument } from "../../../core/documents/user.document";
import { createLogger } from "../../../core/logger";
import { seedDatabase } from "../../../jobs/seed/seed";
import type { DimensionPlugin } from "../../../plugins/sdk/contract";
import { createPersonalizationContext } from "../../../subgraphs/personalization/context";
import type { PipelineDeps, PresentedCollection } from "../../../subgraphs/personalization/pipeline/pipeline.types";
import { runPipeline } from "../../../subgraphs/personalization/pipeline/run-pipeline";
import { rebuildPopularity } from "../../../subgraphs/personalization/popularity.builder";
import { buildCoPurchase } from "../../../subgraphs/personalization/statistics/co-purchase.builder";
import { buildKnowledgeGraph } from "../../../subgraphs/personalization/statistics/knowledge-graph.builder";
import {
  KNOWLEDGE_GRAPH_COLLECTION,
  type KnowledgeGraphEdgeDocument,
} from "../../../subgraphs/personalization/statistics/knowledge-graph.document";
import type { RankerService } from "../../../subgraphs/personalization/services/ranker.service";
import { readModelsFor } from "../../../subgraphs/personalization/read-models/read-models";
import {
  USER_ATTRIBUTES_COLLECTION,
  type UserAttributesDocument,
} from "../../../subgraphs/user-profile/attributes/user-attributes.document";

jest.setTimeout(120_000);

const name = `test_themes_${process.pid}_${Date.now().toString(36)}`;
const SHOPPER = "u:test:ramen";
let client: MongoClient;
let db: Db;
let now: Date;
let milkLeaf: string;
let usualMilk: string;

/**
 * A ranker that predicts purchase from the shopper's share of the item's leaf category, as the trained
 * ranker's `affinity.leafCategory` feature does: for a shopper who mostly buys milk, milk is the
 * likeliest purchase in any carousel.
 */
const leafAffinityRanker: RankerService = {
  version: () => "leaf-affinity-test",
  unavailableReason: () => null,
  async score(attributes, candidates) {
    return candidates.map((candidate) => {
      const purchase = 0.02 + 0.9 * (attributes.categoryAffinity[candidate.product.categoryId] ?? 0);
      return {
        productId: candidate.productId,
        probabilities: { click: purchase, addToCart: purchase, conversion: purchase, delayedConversion: purchase },
        purchase,
      };
    });
  },
};

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!);
  db = client.db(name);
  await seedDatabase(db, { scale: "tiny", seed: 42 });
  await Promise.all([rebuildPopularity(db), buildCoPurchase(db), buildKnowledgeGraph(db)]);
  const newest = await db.collection(COLLECTIONS.orders).find({}).sort({ placedAt: -1 }).limit(1).next();
  now = new Date((newest!.placedAt as Date).getTime() + 86_400_000);
  const milk = await db.collection<ProductDocument>(COLLECTIONS.products).findOne({ name: /Lactose Free Milk/ });
  milkLeaf = milk!.categoryId;
  usualMilk = milk!._id;
  // A shopper who orders ramen from restaurants and mostly buys milk at the grocer's.
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
    items: [
      {
        productId: usualMilk,
        purchaseCount: 8,
        units: 8,
        lastPurchasedAt: new Date(now.getTime() - 7 * 86_400_000),
        reorderIntervalDays: 7,
        nextReorderDueAt: now,
      },
    ],
    categories: [{ key: milkLeaf, share: 0.8, lines: 16 }],
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
  // Loaded read models, as in a serving process: plugins then answer within their budgets.
  const models = readModelsFor(db, createLogger("themes-test", "silent"));
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

/** Novelty as registered, but its proposals state no theme: the pipeline as it was before themes. */
function withoutThemes(plugin: DimensionPlugin): DimensionPlugin {
  if (!plugin.prospect) return plugin;
  const prospect = plugin.prospect.bind(plugin);
  return {
    ...plugin,
    prospect: async (context) => (await prospect(context)).map(({ theme: _theme, ...proposal }) => proposal),
  };
}

async function home(change?: (deps: PipelineDeps) => PipelineDeps): Promise<PresentedCollection> {
  const context = createPersonalizationContext(
    { db, logger: createLogger("themes-test", "silent") },
    { now: () => now, ranker: leafAffinityRanker, embeddings: null },
  );
  const deps = change ? change(context.pipeline) : context.pipeline;
  const { collections } = await runPipeline(
    deps,
    { userId: SHOPPER, surface: "HOME", storeId: null, categoryId: null, cart: [], query: null, weights: {}, now },
    { first: 8 },
  );
  const ramen = collections.find((collection) => collection.title === "Because you order ramen");
  expect(ramen).toBeDefined();
  return ramen!;
}

/** Whether the knowledge graph links each product to ramen directly, by product id. */
async function directLinks(ids: readonly string[]): Promise<Map<string, boolean | undefined>> {
  const edges = await db
    .collection<KnowledgeGraphEdgeDocument>(KNOWLEDGE_GRAPH_COLLECTION)
    .find({ _id: { $in: ids.map((id) => `cuisine-product|ramen|${id}`) } })
    .toArray();
  return new Map(edges.map((edge) => [edge.to, edge.direct]));
}

test("without themes the ranker leads 'Because you order ramen' with an off-theme item; with them every item is ramen grocery", async () => {
  // Before: the same pipeline, ranker and data, novelty's proposals stripped of their theme.
  const before = await home((deps) => ({
    ...deps,
    plugins: deps.plugins.map((plugin) => (plugin.name === "novelty" ? withoutThemes(plugin) : plugin)),
  }));
  const first = before.items[0]!;
  // The ranker prefers the dairy aisle the shopper lives in (milk or another dairy leaf), which ramen does not link to directly.
  expect(first.product.categoryPath).toContain(milkLeaf.split(":").slice(0, -1).join(":"));
  expect((await directLinks([first.productId])).get(first.productId)).toBe(false);

  const after = await home();
  expect(after.items.length).toBeGreaterThanOrEqual(3);
  const links = await directLinks(after.items.map((item) => item.productId));
  for (const item of after.items) {
    expect(links.get(item.productId)).toBe(true);
    expect(item.product.categoryId).not.toBe(milkLeaf);
  }
  // The ranker still orders what is left: its reason leads each item.
  expect(after.items[0]!.reasons[0]!.dimension).toBe("ranker");
});
