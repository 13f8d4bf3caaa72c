import { MongoClient, type Db } from "mongodb";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { UserDocument } from "../../../core/documents/user.document";
import { createLogger } from "../../../core/logger";
import { loadLlmConfig } from "../../../core/llm/llm.config";
import { LlmGateway } from "../../../core/llm/llm-gateway";
import { rebuildAllAttributes } from "../../../jobs/attributes/attributes.rebuild";
import { seedDatabase } from "../../../jobs/seed/seed";
import { generateCollections } from "../../../plugins/collections/collections.generator";
import { createPersonalizationContext } from "../../../subgraphs/personalization/context";
import { DroppedContributions } from "../../../subgraphs/personalization/pipeline/dropped-contributions";
import { runPipeline } from "../../../subgraphs/personalization/pipeline/run-pipeline";
import { rebuildPopularity } from "../../../subgraphs/personalization/popularity.builder";
import { buildCoPurchase } from "../../../subgraphs/personalization/statistics/co-purchase.builder";
import { buildKnowledgeGraph } from "../../../subgraphs/personalization/statistics/knowledge-graph.builder";
import { readModelsFor } from "../../../subgraphs/personalization/read-models/read-models";

jest.setTimeout(180_000);

const name = `test_generated_served_${process.pid}_${Date.now().toString(36)}`;
const logger = createLogger("generated-collections-test", "silent");
let client: MongoClient;
let db: Db;
let now: Date;
let shoppers: string[];

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!);
  db = client.db(name);
  await seedDatabase(db, { scale: "tiny", seed: 42 });
  await rebuildAllAttributes(db, { batchSize: 100, productCacheSize: 10_000 });
  await Promise.all([rebuildPopularity(db), buildCoPurchase(db), buildKnowledgeGraph(db)]);
  const newest = await db.collection(COLLECTIONS.orders).find({}).sort({ placedAt: -1 }).limit(1).next();
  now = new Date((newest!.placedAt as Date).getTime() + 86_400_000);
  shoppers = (
    await db
      .collection<UserDocument>(COLLECTIONS.users)
      .find({}, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .toArray()
  ).map((user) => user._id);
  // Loaded read models, as in a serving process.
  const models = readModelsFor(db, logger);
  await Promise.all([
    models.catalog.get(60_000),
    models.popularity.get(60_000),
    models.coPurchase.get(60_000),
    models.knowledgeGraph.get(60_000),
    models.deals.get(60_000),
    models.generatedCollections.get(60_000),
  ]);
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

async function homeIds(userId: string, drops: DroppedContributions): Promise<string[]> {
  const context = createPersonalizationContext({ db, logger }, { now: () => now, ranker: null, embeddings: null });
  const { collections } = await runPipeline(
    { ...context.pipeline, drops },
    { userId, surface: "HOME", storeId: null, categoryId: null, cart: [], query: null, weights: {}, now },
    { first: 8 },
  );
  return collections.map((collection) => collection.id);
}

test("generated on the demo data (offline), they reach the demo shoppers' HOME carousels from the read models, none dropped", async () => {
  const drops = new DroppedContributions();
  const before = await Promise.all(shoppers.map((userId) => homeIds(userId, drops)));
  expect(before.flat().filter((id) => id.startsWith("generated."))).toEqual([]);

  const summary = await generateCollections(
    db,
    new LlmGateway({ config: loadLlmConfig({}), db, provider: null, usageFlushMs: 60_000 }),
  );
  expect(summary.targets.cluster).toBeGreaterThan(0);
  // The generator's commit reloads this process's read model (as the background poll does in others).
  await readModelsFor(db, logger).generatedCollections.refresh();
  const model = await readModelsFor(db, logger).generatedCollections.get(60_000);
  expect(model?.size).toBe(summary.stored);

  const after = await Promise.all(shoppers.map((userId) => homeIds(userId, drops)));
  const reached = after.filter((ids) => ids.some((id) => id.startsWith("generated.cluster:")));
  // The target on the demo stack: 15 of the 20 demo shoppers (17 here, ranked by the blend).
  expect(reached.length).toBeGreaterThanOrEqual(15);
  expect(drops.snapshot().generated_collections).toBeUndefined();
});
