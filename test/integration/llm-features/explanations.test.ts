import { loadLlmConfig } from "../../../core/llm/llm.config";
import { LlmGateway } from "../../../core/llm/llm-gateway";
import type { MessagesRequestBody } from "../../../core/llm/fake-anthropic.server";
import { useFakeAnthropic, useTestDatabase } from "../../support/test-database";
import { insertRaguCatalog, llmServer, STORE, type Result } from "./llm-features.fixture";

const CAROUSELS = `query ($userId: ID, $storeId: ID) {
  carousels(userId: $userId, surface: STORE, storeId: $storeId, first: 6) {
    id title explanation explanationSource
    items(first: 12) { edges { node { product { id } explanation reasons { dimension text } } } }
  }
}`;

interface CarouselView {
  id: string;
  title: string;
  explanation: string;
  explanationSource: "LLM" | "CACHE" | "OFFLINE";
  items: {
    edges: {
      node: { product: { id: string }; explanation: string | null; reasons: { dimension: string; text: string }[] };
    }[];
  };
}

const database = useTestDatabase("llm_explanations");
const anthropic = useFakeAnthropic();

beforeAll(async () => {
  await insertRaguCatalog(database.db);
});

const carouselsOf = (result: Result): CarouselView[] => {
  expect(result.errors).toBeUndefined();
  return result.data.carousels as CarouselView[];
};
const online = (env: Record<string, string> = {}) =>
  new LlmGateway({
    config: loadLlmConfig({
      ANTHROPIC_API_KEY: "sk-test",
      ANTHROPIC_BASE_URL: anthropic.server.url,
      LLM_MAX_RETRIES: "0",
      LLM_EXPLANATION_WAIT_MS: "3000",
      ...env,
    }),
    db: database.db,
    usageFlushMs: 60_000,
  });

/** The user block of a request: signals ("s1 | dimension | "text" | …") and item refs ("i1: s1, s2"). */
function parsePrompt(body: MessagesRequestBody): {
  signals: Map<string, string>;
  items: Array<{ ref: string; signalIds: string[] }>;
} {
  const user = JSON.stringify(body.messages);
  const text = JSON.parse(user)[0].content as string | { text: string }[];
  const prompt = typeof text === "string" ? text : text.map((block) => block.text).join("\n");
  const signals = new Map<string, string>();
  for (const match of prompt.matchAll(/^(s\d+) \| [^|]+ \| (".*?") \| leads/gm))
    signals.set(match[1]!, JSON.parse(match[2]!.replace(/\\u003c/g, "<").replace(/\\u003e/g, ">")) as string);
  const items = [...prompt.matchAll(/^(i\d+): (.+)$/gm)].map((match) => ({
    ref: match[1]!,
    signalIds: match[2]!.split(", "),
  }));
  return { signals, items };
}

/** A model that explains each item by its first signal's words, and invents one claim (dropped by grounding). */
function modelAnswer(body: MessagesRequestBody): unknown {
  const { signals, items } = parsePrompt(body);
  const [first] = [...signals.keys()];
  return {
    carousel: { text: `Picked for you: ${signals.get(first!)!.toLowerCase()}`, signalIds: [first] },
    items: [
      ...items.map((item) => ({
        ref: item.ref,
        text: `For you: ${signals.get(item.signalIds[0]!)!.toLowerCase()}`,
        signalIds: [item.signalIds[0]],
      })),
      { ref: "i1", text: "Now 40% off at Carrefour", signalIds: items[0]!.signalIds },
    ],
  };
}

test("offline: every carousel says OFFLINE, with the template and each item's leading reason", async () => {
  const execute = await llmServer(
    database.db,
    new LlmGateway({ config: loadLlmConfig({}), db: database.db, usageFlushMs: 60_000 }),
  );
  const carousels = carouselsOf(await execute(CAROUSELS, { userId: "u-grocer", storeId: STORE }));
  expect(carousels.length).toBeGreaterThan(0);
  for (const carousel of carousels) {
    expect(carousel.explanationSource).toBe("OFFLINE");
    expect(carousel.explanation.length).toBeGreaterThan(0);
    for (const { node } of carousel.items.edges) expect(node.explanation).toBe(node.reasons[0]?.text ?? null);
  }
});

test("through the Messages API: one call per carousel explains it and its items, grounded; then the cache", async () => {
  anthropic.server.reset();
  anthropic.server.setDefault((body) => ({ kind: "tool", input: modelAnswer(body) }));
  const gateway = online();
  const execute = await llmServer(database.db, gateway);
  const carousels = carouselsOf(await execute(CAROUSELS, { userId: "u-grocer", storeId: STORE }));
  const explained = carousels.filter((carousel) => carousel.items.edges.some(({ node }) => node.reasons.length > 0));
  expect(explained.length).toBeGreaterThan(0);
  expect(anthropic.server.requests).toHaveLength(explained.length);
  for (const request of anthropic.server.requests) {
    expect(request.body.tool_choice).toMatchObject({ type: "tool", name: "record_explanations" });
    // The prompt carries only the reasons' signals: no product id or name.
    const user = JSON.stringify(request.body.messages);
    expect(user).not.toMatch(/p-ragu|d-tagliatelle|p-spaghetti/);
  }
  for (const carousel of explained) {
    expect(carousel.explanationSource).toBe("LLM");
    expect(carousel.explanation).toMatch(/^Picked for you: /);
    for (const { node } of carousel.items.edges.slice(0, 12)) {
      if (node.reasons.length > 0) expect(node.explanation).toMatch(/^For you: /);
      expect(node.explanation ?? "").not.toMatch(/Carrefour|40%/);
    }
  }
  // One invented claim per carousel was dropped and counted.
  expect(gateway.counters().explanations).toMatchObject({ dropped: explained.length });

  const again = carouselsOf(await execute(CAROUSELS, { userId: "u-grocer", storeId: STORE }));
  expect(anthropic.server.requests).toHaveLength(explained.length);
  for (const carousel of again.filter((c) => explained.some((e) => e.id === c.id)))
    expect(carousel.explanationSource).toBe("CACHE");
});

test("a 529, a timeout and malformed JSON fall back to the templates without an error", async () => {
  for (const [reply, env] of [
    [{ kind: "error", status: 529 }, {}],
    [{ kind: "hang" }, { LLM_TIMEOUT_MS: "300" }],
    [{ kind: "malformed" }, {}],
  ] as const) {
    anthropic.server.reset();
    anthropic.server.setDefault(reply);
    const execute = await llmServer(database.db, online({ ...env, LLM_CACHE_LRU_SIZE: "0" }));
    // A fresh database-backed cache would answer from the previous test: use another shopper's signals.
    const carousels = carouselsOf(await execute(CAROUSELS, { userId: "u-diner", storeId: STORE }));
    expect(anthropic.server.requests.length).toBeGreaterThan(0);
    for (const carousel of carousels) {
      expect(carousel.explanationSource).toBe("OFFLINE");
      for (const { node } of carousel.items.edges) expect(node.explanation).toBe(node.reasons[0]?.text ?? null);
    }
  }
});
