import { MongoClient, type Db } from "mongodb";
import { startFakeAnthropic, type FakeAnthropicServer } from "../../../core/llm/fake-anthropic.server";
import { loadLlmConfig } from "../../../core/llm/llm.config";
import { LlmGateway } from "../../../core/llm/llm-gateway";
import { SEMANTIC_IDS_COLLECTION, type SemanticIdDocument } from "../../../ml/semantic-ids/semantic-id.repository";
import { semanticIdLookup } from "../../../ml/semantic-ids/semantic-id.cache";
import { augmentKnowledgeGraph, type AugmentedEdgeDocument } from "../../../plugins/kg-augmentation/kg-augmenter";
import { orderSummaryFeature } from "../../../plugins/order-summaries/order-summary.feature";
import { orderSummaryInput, writeOrderSummaries } from "../../../plugins/order-summaries/order-summaries.writer";
import {
  USER_ATTRIBUTES_COLLECTION,
  type UserAttributesDocument,
} from "../../../subgraphs/user-profile/attributes/user-attributes.document";
import { KNOWLEDGE_GRAPH_COLLECTION } from "../../../subgraphs/personalization/statistics/knowledge-graph.document";
import { ITEMS } from "../../unit/llm/rewrite-catalog.fixture";
import { insertRaguCatalog, NOW } from "./llm-features.fixture";

let client: MongoClient;
let db: Db;
let fake: FakeAnthropicServer;

/** Grocery items' Semantic IDs: department 1 (pantry: aisle 1 sauces, aisle 2 pasta), 2 (produce), 3 (wine). */
const SEMANTIC_IDS: Record<string, string> = {
  "p-ragu-traditional": "1-1-0-0",
  "p-ragu-chunky": "1-1-0-1",
  "p-ragu-alfredo": "1-1-1-0",
  "p-barilla-bolognese": "1-1-2-0",
  "p-raos": "1-1-3-0",
  "p-spaghetti": "1-2-0-0",
  "p-banana": "2-1-0-0",
  "p-chianti": "3-1-0-0",
};
/** A well-formed code no product has. */
const INVENTED = "1-1-9-7";

beforeAll(async () => {
  client = await MongoClient.connect(process.env.MONGODB_URI!);
  db = client.db(`test_llm_sid_prompts_${process.pid}`);
  await db.dropDatabase();
  await insertRaguCatalog(db);
  await db.collection<SemanticIdDocument>(SEMANTIC_IDS_COLLECTION).insertMany(
    Object.entries(SEMANTIC_IDS).map(([id, sid]) => {
      const numbers = sid.split("-").map(Number);
      return {
        _id: id,
        sid,
        codes: numbers.slice(0, 3),
        suffix: numbers[3]!,
        catalogVersion: 1,
        modelVersion: "test",
        updatedAt: NOW,
      };
    }),
  );
  fake = await startFakeAnthropic();
});

afterAll(async () => {
  await fake.close();
  await db.dropDatabase();
  await client.close();
});

/** The user text of a recorded request. */
function userText(body: { messages: { content: unknown }[] }): string {
  const content = body.messages[0]!.content;
  return typeof content === "string" ? content : JSON.stringify(content);
}

test("kg-augment cites items by Semantic ID; cited codes map back to products, invented ones are dropped and counted", async () => {
  // The model cites the first item of its context by its ref, an invented code, and a product id the prompt never showed.
  fake.setDefault((body) => {
    const refs = [...userText(body).matchAll(/\[(\d+(?:-\d+){3})\] \|/g)].map((match) => match[1]!);
    return {
      kind: "tool",
      input: {
        edges: [
          ...(refs[0] ? [{ kind: "substitute", to: `[${refs[0]}]`, confidence: 0.7 }] : []),
          { kind: "complement", to: `[${INVENTED}]`, confidence: 0.9 },
          { kind: "complement", to: "p-chianti", confidence: 0.9 },
          { kind: "dish-category", to: "pasta-sauce", confidence: 0.6 },
        ],
      },
    };
  });
  const gateway = new LlmGateway({
    config: loadLlmConfig({ ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url, LLM_MAX_RETRIES: "0" }),
    db,
  });
  const summary = await augmentKnowledgeGraph(db, gateway, { maxDishes: 10, semanticIds: semanticIdLookup(db) });
  // A dish whose every edge is dropped falls back to the offline twin; the others are the model's.
  expect(summary.bySource.LLM).toBeGreaterThan(0);
  expect(summary.bySource.LLM + summary.bySource.OFFLINE).toBe(summary.dishes);

  // Prompts: every listed grocery item by its Semantic ID, never by its product id.
  const prompts = fake.requests.map((request) => userText(request.body));
  expect(prompts.length).toBe(summary.dishes);
  const cited = new Set(
    prompts.flatMap((prompt) => [...prompt.matchAll(/\[(\d+(?:-\d+){3})\] \|/g)].map((m) => m[1]!)),
  );
  expect(cited.size).toBeGreaterThan(0);
  for (const sid of cited) expect(Object.values(SEMANTIC_IDS)).toContain(sid);
  for (const prompt of prompts)
    for (const item of ITEMS.filter((entry) => SEMANTIC_IDS[entry.id])) expect(prompt).not.toContain(item.id);

  // Answers: the cited codes became product ids; the invented code and the unlisted product id were dropped and counted.
  const edges = await db
    .collection<AugmentedEdgeDocument>(KNOWLEDGE_GRAPH_COLLECTION)
    .find({ provenance: "llm" })
    .toArray();
  const substitutes = edges.filter((edge) => edge.kind === "substitute");
  expect(substitutes.length).toBeGreaterThan(0);
  for (const edge of substitutes) {
    expect(Object.keys(SEMANTIC_IDS)).toContain(edge.to);
    expect(edge.toName).toBe(ITEMS.find((item) => item.id === edge.to)!.name);
  }
  expect(edges.some((edge) => edge.to.includes(INVENTED) || edge.to === "p-chianti")).toBe(false);
  expect(edges.filter((edge) => edge.kind === "complement")).toEqual([]);
  expect(summary.droppedUngrounded).toBeGreaterThanOrEqual(2 * summary.dishes);
  expect(summary.droppedInvalid).toBe(0);
});

test("order summaries cite regulars by Semantic ID; cited codes map back to products, unknown ones are dropped and counted", async () => {
  fake.reset();
  // The model names the first regular by its ref, an invented code, and a product id the prompt cited by its Semantic ID.
  fake.setDefault((body) => {
    const refs = [...userText(body).matchAll(/"ref":"([^"]+)"/g)].map((match) => match[1]!);
    return {
      kind: "tool",
      input: {
        summary: "Mostly groceries; reorders the same few pantry items every week.",
        products: [...(refs[0] ? [refs[0]] : []), `[${INVENTED}]`, "p-spaghetti"],
      },
    };
  });
  const gateway = new LlmGateway({
    config: loadLlmConfig({ ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url, LLM_MAX_RETRIES: "0" }),
    db,
  });
  const semanticIds = semanticIdLookup(db);
  const summary = await writeOrderSummaries(db, gateway, { now: NOW, semanticIds });
  // Both shoppers' answers keep their first ref (the grocer's by Semantic ID, the diner's dish, which has none, by its id).
  expect(summary).toMatchObject({ users: 2, bySource: { LLM: 2, OFFLINE: 0, CACHE: 0 } });
  // Per shopper: the invented code, and "p-spaghetti" (the grocer's prompt listed it by Semantic ID; the diner's not at all).
  expect(summary.droppedProducts).toBe(4);

  // Prompts: the grocer's regulars by Semantic ID, never by product id; the diner's dish (no Semantic ID) by its id.
  const prompts = fake.requests.map((request) => userText(request.body));
  const grocer = prompts.find((prompt) => prompt.includes(`[${SEMANTIC_IDS["p-ragu-traditional"]}]`));
  expect(grocer).toBeDefined();
  expect(grocer).toContain(`"ref":"[${SEMANTIC_IDS["p-spaghetti"]}]"`);
  expect(grocer).not.toContain("p-ragu-traditional");
  expect(grocer).not.toContain("p-spaghetti");
  expect(prompts.some((prompt) => prompt.includes('"ref":"d-tagliatelle"'))).toBe(true);

  // The answer as kept (and cached): product ids of the shopper's regulars only.
  const attributes = await db
    .collection<UserAttributesDocument>(USER_ATTRIBUTES_COLLECTION)
    .findOne({ _id: "u-grocer" });
  const input = await orderSummaryInput(db, attributes!, [], semanticIds);
  expect(input.facts.regulars.map((regular) => regular.semanticId).sort()).toEqual(["1-1-0-0", "1-2-0-0"]);
  const cited = await gateway.run(orderSummaryFeature, input);
  expect(cited.source).toBe("CACHE");
  expect(cited.output.products).toEqual(["p-ragu-traditional"]);
  expect(gateway.counters()["order-summaries"]!.dropped).toBe(4);
});
