import { loadLlmConfig } from "../../../core/llm/llm.config";
import { LlmGateway } from "../../../core/llm/llm-gateway";
import { createLogger } from "../../../core/logger";
import { generateCollections } from "../../../plugins/collections/collections.generator";
import { LLM_FEATURE_PLUGINS } from "../../../plugins/registry";
import { fixtureAttributes } from "../../../plugins/sdk/testkit";
import { main as kgAugment } from "../../../jobs/kg-augment.job";
import { main as llmCollections } from "../../../jobs/llm-collections.job";
import { main as orderSummaries } from "../../../jobs/order-summaries.job";
import { CommandRefusedError } from "../../../jobs/command";
import { createPersonalizationContext } from "../../../subgraphs/personalization/context";
import { LlmFeatureRegistry, SERVED_LLM_FEATURES } from "../../../subgraphs/personalization/llm-features";
import { prospectCollections } from "../../../subgraphs/personalization/pipeline/prospect-collections.step";
import { useFakeAnthropic, useTestDatabase } from "../../support/test-database";
import { insertRaguCatalog, llmServer, NOW, STORE, stubTextSearch, type Result } from "./llm-features.fixture";

/**
 * Removing a plugin's line from plugins/registry.ts turns its feature off: each test serves the same
 * request with the full registry and with the registry less one plugin, and shows the feature present in
 * the first and absent (with the host's default, and no model call) in the second.
 */

const SEARCH = `query ($query: String!, $userId: ID) {
  search(query: $query, userId: $userId) {
    rewrite { source interpretations { label confidence categoryId brand rewrittenQuery } }
    results(first: 20) { edges { node { product { id } } } }
  }
}`;
const CAROUSELS = `query ($userId: ID, $storeId: ID) {
  carousels(userId: $userId, surface: STORE, storeId: $storeId, first: 6) {
    title subtitle explanation explanationSource
    items(first: 12) { edges { node { explanation reasons { text } } } }
  }
}`;

const database = useTestDatabase("llm_features_off");
const anthropic = useFakeAnthropic();

beforeAll(async () => {
  await insertRaguCatalog(database.db);
});

const online = () =>
  new LlmGateway({
    config: loadLlmConfig({
      ANTHROPIC_API_KEY: "sk-test",
      ANTHROPIC_BASE_URL: anthropic.server.url,
      LLM_MAX_RETRIES: "0",
      LLM_EXPLANATION_WAIT_MS: "3000",
      LLM_CACHE_LRU_SIZE: "0",
    }),
    db: database.db,
    usageFlushMs: 60_000,
  });
const offline = () => new LlmGateway({ config: loadLlmConfig({}), db: database.db, usageFlushMs: 60_000 });
const tools = () => anthropic.server.requests.map((request) => (request.body.tool_choice as { name?: string })?.name);
const data = (result: Result) => {
  expect(result.errors).toBeUndefined();
  return result.data;
};

test("the served registry is plugins/registry.ts's LLM_FEATURE_PLUGINS, and `without` drops exactly the named line", () => {
  expect(SERVED_LLM_FEATURES.plugins).toEqual(LLM_FEATURE_PLUGINS);
  const less = SERVED_LLM_FEATURES.without("query_rewrite");
  expect(less.plugins.map((plugin) => plugin.name)).toEqual(
    LLM_FEATURE_PLUGINS.map((plugin) => plugin.name).filter((name) => name !== "query_rewrite"),
  );
});

test("search without query_rewrite: one literal interpretation, no rewrite call, and results still found", async () => {
  const full = await llmServer(database.db, offline());
  const withRewrite = data(await full(SEARCH, { query: "ragu", userId: "u-grocer" })).search;
  expect(withRewrite.rewrite.interpretations.length).toBeGreaterThanOrEqual(2);

  anthropic.server.reset();
  anthropic.server.setDefault({ kind: "error", status: 500 });
  const without = await llmServer(database.db, online(), SERVED_LLM_FEATURES.without("query_rewrite"));
  const search = data(await without(SEARCH, { query: "ragu", userId: "u-grocer" })).search;
  expect(search.rewrite).toEqual({
    source: "OFFLINE",
    interpretations: [{ label: "Search: ragu", confidence: 1, categoryId: null, brand: null, rewrittenQuery: "ragu" }],
  });
  expect(tools()).toHaveLength(0);
  // The plain lexical search still finds the words' matches (the Ragu sauces).
  const ids = search.results.edges.map((edge: { node: { product: { id: string } } }) => edge.node.product.id);
  expect(ids.length).toBeGreaterThan(0);
  expect(ids.some((id: string) => id.startsWith("p-ragu"))).toBe(true);
});

test("carousels without explanations: no model call, OFFLINE, the subtitle or title, and items keep their leading reason", async () => {
  anthropic.server.reset();
  anthropic.server.setDefault({ kind: "error", status: 500 });
  const full = await llmServer(database.db, online());
  const explained = data(await full(CAROUSELS, { userId: "u-grocer", storeId: STORE })).carousels;
  expect(anthropic.server.requests.length).toBeGreaterThan(0); // the full registry asks the model (and falls back)
  const templates = explained.map((carousel: { explanation: string }) => carousel.explanation);

  anthropic.server.reset();
  const without = await llmServer(database.db, online(), SERVED_LLM_FEATURES.without("explanations"));
  const carousels = data(await without(CAROUSELS, { userId: "u-grocer", storeId: STORE })).carousels;
  expect(anthropic.server.requests).toHaveLength(0);
  expect(carousels.length).toBeGreaterThan(0);
  for (const carousel of carousels) {
    expect(carousel.explanationSource).toBe("OFFLINE");
    expect(carousel.explanation).toBe(carousel.subtitle ?? carousel.title);
    for (const { node } of carousel.items.edges) expect(node.explanation).toBe(node.reasons[0]?.text ?? null);
  }
  // With the plugin, presentation's template over the reasons differs from the bare subtitle for some carousel.
  expect(
    carousels.some(
      (carousel: { explanation: string }, i: number) =>
        templates[i] !== undefined && templates[i] !== carousel.explanation,
    ),
  ).toBe(true);
});

test("no generated collections without the collections plugin (pipeline step 2)", async () => {
  await generateCollections(database.db, offline(), { minItems: 2 });
  const logger = createLogger("features-off", "silent");
  const proposalIds = async (features: LlmFeatureRegistry) => {
    const context = createPersonalizationContext(
      { db: database.db, logger },
      { textSearch: stubTextSearch(database.db), now: () => NOW, features },
    );
    const attributes = fixtureAttributes({
      userId: "u-grocer",
      coldStart: false,
      surface: "STORE",
      storeId: STORE,
      verticalAffinity: { GROCERY: 0.9 },
      priceSensitivity: 0.8,
    });
    return (await prospectCollections(context.pipeline, attributes, 1)).map((proposal) => proposal.id);
  };
  const full = await proposalIds(SERVED_LLM_FEATURES);
  expect(full.filter((id) => id.startsWith("generated."))).not.toHaveLength(0);
  const without = await proposalIds(SERVED_LLM_FEATURES.without("generated_collections"));
  expect(without.filter((id) => id.startsWith("generated."))).toEqual([]);
  // Everything else is still proposed.
  expect(without).toEqual(full.filter((id) => !id.startsWith("generated.")));
});

test.each([
  ["llm-collections", llmCollections, "generated_collections"],
  ["kg-augment", kgAugment, "kg_augmentation"],
  ["order-summaries", orderSummaries, "order_summaries"],
] as const)(
  "npm run jobs -- %s refuses, naming the plugin, when the registry does not list it",
  async (job, main, plugin) => {
    const registry = LLM_FEATURE_PLUGINS.filter((candidate) => candidate.name !== plugin);
    const refused = main([], registry);
    await expect(refused).rejects.toBeInstanceOf(CommandRefusedError);
    await expect(refused).rejects.toThrow(
      `${job}: the LLM feature plugin "${plugin}" is not registered (plugins/registry.ts), so this feature is off; nothing was run`,
    );
  },
);

test("bundles without the bundles plugin: Query.bundle answers UNAVAILABLE, with it a planned bundle", async () => {
  const BUNDLE = `query ($intent: String!) { bundle(intent: $intent) { title slots { role } source } }`;
  const full = await llmServer(database.db, offline(), SERVED_LLM_FEATURES);
  const planned = data(await full(BUNDLE, { intent: "pasta night with ragu" })).bundle;
  expect(planned.slots.length).toBeGreaterThan(0);
  const without = await llmServer(database.db, offline(), SERVED_LLM_FEATURES.without("bundles"));
  const result = await without(BUNDLE, { intent: "pasta night with ragu" });
  expect(result.errors?.[0]?.extensions?.code).toBe("UNAVAILABLE");
  expect(result.errors?.[0]?.message).toMatch(/no registered plugin plans bundles/);
});
