import { MongoClient, type Db } from "mongodb";
import { loadLlmConfig } from "../../../core/llm/llm.config";
import { LlmGateway } from "../../../core/llm/llm-gateway";
import type { LlmProvider } from "../../../core/llm/llm-provider";
import { augmentKnowledgeGraph, type AugmentedEdgeDocument } from "../../../plugins/kg-augmentation/kg-augmenter";
import { readUserSummary, writeOrderSummaries } from "../../../plugins/order-summaries/order-summaries.writer";
import { KNOWLEDGE_GRAPH_COLLECTION } from "../../../subgraphs/personalization/statistics/knowledge-graph.document";
import { insertRaguCatalog, NOW } from "./llm-features.fixture";

let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = await MongoClient.connect(process.env.MONGODB_URI!);
  db = client.db(`test_llm_kg_summaries_${process.pid}`);
  await db.dropDatabase();
  await insertRaguCatalog(db);
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

/** Answers every call with `input` (the HTTP path is covered by the fake-server tests). */
const scripted = (input: unknown): LlmProvider => ({
  model: "claude-test",
  complete: async () => ({
    toolInput: input,
    usage: { inputTokens: 50, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0 },
    retries: 0,
  }),
});

test("kg-augment: model edges are grounded and validated against the catalog before they are stored", async () => {
  const gateway = new LlmGateway({
    config: loadLlmConfig({ ANTHROPIC_API_KEY: "k" }),
    provider: scripted({
      edges: [
        { kind: "complement", to: "p-spaghetti", confidence: 0.8 },
        { kind: "substitute", to: "p-ragu-traditional", confidence: 0.6 },
        { kind: "complement", to: "p-invented", confidence: 0.9 },
        { kind: "dish-category", to: "pasta-sauce", confidence: 0.7 },
      ],
    }),
    db,
  });
  const summary = await augmentKnowledgeGraph(db, gateway, { maxDishes: 10 });
  expect(summary.dishes).toBe(4);
  expect(summary.droppedUngrounded).toBeGreaterThan(0);
  const edges = await db
    .collection<AugmentedEdgeDocument>(KNOWLEDGE_GRAPH_COLLECTION)
    .find({ provenance: "llm" })
    .toArray();
  expect(edges.length).toBe(summary.stored);
  expect(edges.some((edge) => edge.to === "p-invented")).toBe(false);
  // Tagliatelle al Ragù's context holds the Ragu sauces (not spaghetti): the substitute survives, the complement is dropped.
  expect(edges.find((edge) => edge._id === "substitute|d-tagliatelle|p-ragu-traditional")).toMatchObject({
    toName: "Ragu Traditional Pasta Sauce",
    confidence: 0.6,
  });
  expect(edges.some((edge) => edge.from === "d-tagliatelle" && edge.to === "p-spaghetti")).toBe(false);
  expect(summary.promptTokens.narrowed).toBeLessThanOrEqual(summary.promptTokens.naive);
});

test("kg-augment offline and order summaries offline: stored with their source", async () => {
  const offline = new LlmGateway({ config: loadLlmConfig({}), db });
  const kg = await augmentKnowledgeGraph(db, offline, { maxDishes: 5 });
  expect(kg.bySource.OFFLINE).toBe(kg.dishes);
  const summaries = await writeOrderSummaries(db, offline, { now: NOW });
  expect(summaries).toMatchObject({ users: 2, bySource: { OFFLINE: 2, LLM: 0, CACHE: 0 } });
  const grocer = await readUserSummary(db, "u-grocer");
  expect(grocer).toMatchObject({ source: "OFFLINE", updatedAt: NOW });
  expect(grocer!.text).toMatch(/purchase lines/);
});

test("order summaries through a model: products not among the regulars are dropped and counted", async () => {
  const gateway = new LlmGateway({
    config: loadLlmConfig({ ANTHROPIC_API_KEY: "k" }),
    provider: scripted({
      summary: "Mostly groceries; reorders spaghetti and Ragu sauce.",
      products: ["p-spaghetti", "p-caviar"],
    }),
    db,
  });
  const summary = await writeOrderSummaries(db, gateway, { now: NOW });
  // The grocer's regulars include spaghetti (caviar dropped); the diner's do not (both dropped: the template instead).
  expect(summary).toMatchObject({ users: 2, droppedProducts: 3, bySource: { LLM: 1, OFFLINE: 1 } });
  expect(await readUserSummary(db, "u-grocer")).toMatchObject({
    source: "LLM",
    text: "Mostly groceries; reorders spaghetti and Ragu sauce.",
  });
  expect((await readUserSummary(db, "u-diner"))!.source).toBe("OFFLINE");
});
