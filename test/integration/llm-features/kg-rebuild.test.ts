import { MongoClient, type Db } from "mongodb";
import { COLLECTIONS } from "../../../core/documents/collections";
import { loadLlmConfig } from "../../../core/llm/llm.config";
import { LlmGateway } from "../../../core/llm/llm-gateway";
import type { LlmProvider } from "../../../core/llm/llm-provider";
import { augmentKnowledgeGraph, type AugmentedEdgeDocument } from "../../../plugins/kg-augmentation/kg-augmenter";
import { buildKnowledgeGraph } from "../../../subgraphs/personalization/statistics/knowledge-graph.builder";
import { KNOWLEDGE_GRAPH_COLLECTION } from "../../../subgraphs/personalization/statistics/knowledge-graph.document";
import { insertRaguCatalog } from "./llm-features.fixture";

let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = await MongoClient.connect(process.env.MONGODB_URI!);
  db = client.db(`test_llm_kg_rebuild_${process.pid}`);
  await db.dropDatabase();
  await insertRaguCatalog(db);
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

/** Answers every call with the same edges (grounding keeps, per dish, those its narrowed context holds). */
const scripted = (input: unknown): LlmProvider => ({
  model: "claude-test",
  complete: async () => ({
    toolInput: input,
    usage: { inputTokens: 50, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0 },
    retries: 0,
  }),
});
/** The edges kg-augment stored (the cuisine links a build derives from them carry `llm` provenance too, and are left out). */
const llmEdges = async () =>
  (
    await db
      .collection<AugmentedEdgeDocument>(KNOWLEDGE_GRAPH_COLLECTION)
      .find({ provenance: "llm" })
      .sort({ _id: 1 })
      .toArray()
  ).filter((edge) => !edge.kind.startsWith("cuisine-"));

test("a knowledge-graph rebuild keeps the validated llm edges of kg-augment and drops those whose product is gone", async () => {
  await buildKnowledgeGraph(db);
  const gateway = new LlmGateway({
    config: loadLlmConfig({ ANTHROPIC_API_KEY: "k" }),
    provider: scripted({
      edges: [
        { kind: "substitute", to: "p-ragu-traditional", confidence: 0.6 },
        { kind: "complement", to: "p-ragu-chunky", confidence: 0.55 },
        { kind: "dish-category", to: "pasta-sauce", confidence: 0.7 },
        { kind: "dish-ingredient", to: "pasta sauce", confidence: 0.65 },
      ],
    }),
    db,
  });
  const augmented = await augmentKnowledgeGraph(db, gateway, { maxDishes: 10 });
  expect(augmented.bySource.LLM).toBeGreaterThan(0);
  const before = await llmEdges();
  expect(before.length).toBe(augmented.stored);
  expect(before.map((edge) => edge._id)).toEqual(
    expect.arrayContaining([
      "substitute|d-tagliatelle|p-ragu-traditional",
      "complement|d-tagliatelle|p-ragu-chunky",
      "dish-category|d-tagliatelle|pasta-sauce",
    ]),
  );

  // Rebuild: every llm edge survives (same ids, kinds, targets), re-stamped with the new build's version.
  const rebuilt = await buildKnowledgeGraph(db);
  expect(rebuilt.llmEdges).toMatchObject({ found: before.length, kept: before.length, dropped: 0 });
  const after = await llmEdges();
  expect(after.map((edge) => [edge._id, edge.kind, edge.to, edge.confidence])).toEqual(
    before.map((edge) => [edge._id, edge.kind, edge.to, edge.confidence]),
  );
  expect(new Set(after.map((edge) => edge.version)).size).toBe(1);
  expect(after[0]!.version).toBeGreaterThan(before[0]!.version - 1);
  // They feed the cuisine links serving reads: the dish's cuisines get the complement directly, and again after another rebuild.
  expect(rebuilt.llmDerived.directProducts).toBeGreaterThan(0);
  const derived = await db
    .collection(KNOWLEDGE_GRAPH_COLLECTION)
    .find({ kind: "cuisine-product", to: "p-ragu-chunky", provenance: "llm" })
    .toArray();
  expect(derived.length).toBeGreaterThan(0);
  expect((await buildKnowledgeGraph(db)).llmEdges).toMatchObject({
    found: before.length,
    kept: before.length,
    dropped: 0,
  });
  // The lexicon-derived graph is there too.
  expect(
    await db.collection(KNOWLEDGE_GRAPH_COLLECTION).countDocuments({ provenance: { $ne: ["llm"] } }),
  ).toBeGreaterThan(0);

  // A product leaves the catalog: its llm edges are dropped on the next rebuild and counted; the rest stay.
  const gone = before.filter((edge) => edge.to === "p-ragu-traditional").length;
  expect(gone).toBeGreaterThan(0);
  await db.collection(COLLECTIONS.products).deleteOne({ _id: "p-ragu-traditional" as never });
  const pruned = await buildKnowledgeGraph(db);
  expect(pruned.llmEdges).toMatchObject({
    found: before.length,
    kept: before.length - gone,
    dropped: gone,
    drops: { missingTarget: gone, missingDish: 0 },
  });
  const remaining = await llmEdges();
  expect(remaining.some((edge) => edge.to === "p-ragu-traditional")).toBe(false);
  expect(remaining.map((edge) => edge._id)).toContain("complement|d-tagliatelle|p-ragu-chunky");

  // A dish leaves the catalog: every edge from it goes.
  const fromDish = remaining.filter((edge) => edge.from === "d-tagliatelle").length;
  await db.collection(COLLECTIONS.products).deleteOne({ _id: "d-tagliatelle" as never });
  const withoutDish = await buildKnowledgeGraph(db);
  expect(withoutDish.llmEdges).toMatchObject({ kept: remaining.length - fromDish, drops: { missingDish: fromDish } });
  expect((await llmEdges()).some((edge) => edge.from === "d-tagliatelle")).toBe(false);
});
