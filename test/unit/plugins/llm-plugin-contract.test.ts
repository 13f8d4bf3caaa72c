import { createLogger } from "../../../core/logger";
import { LLM_FEATURE_PLUGINS, SERVICES } from "../../../plugins/registry";
import { DIMENSION_NAME_PATTERN } from "../../../plugins/sdk/define-dimension";
import { defineLlmFeature } from "../../../plugins/sdk/define-llm-feature";
import { HookInputError } from "../../../plugins/sdk/hook-input.error";
import { LLM_FEATURE_HOOKS } from "../../../plugins/sdk/llm-hooks";
import type { ScoredId } from "../../../plugins/sdk/services";
import {
  fixtureAttributes,
  fixtureCatalog,
  fixtureContext,
  fixtureLlmServices,
  fixtureProduct,
  fixtureServices,
} from "../../../plugins/sdk/testkit";
import { queryRewriteFeature } from "../../../plugins/query-rewrite/query-rewrite.feature";
import { PROVIDED_SERVICES } from "../../../subgraphs/personalization/context";
import { LlmFeatureRegistry, type HookRequest } from "../../../subgraphs/personalization/llm-features";
import { DroppedContributions } from "../../../subgraphs/personalization/pipeline/dropped-contributions";

/**
 * The contract of LLM feature plugins, for every line of LLM_FEATURE_PLUGINS (as plugin-contract.test.ts
 * is for dimensions): each runs through the host's registry on fixtures, in memory, with the offline
 * gateway, and its answers are accepted (none dropped) and well formed.
 */

const products = [
  ...fixtureCatalog(),
  fixtureProduct("ragu1", { name: "Ragu Traditional Pasta Sauce", brand: "Ragu", categoryId: "pasta-sauce" }),
  fixtureProduct("ragu2", { name: "Ragu Chunky Tomato Sauce", brand: "Ragu", categoryId: "pasta-sauce" }),
];
const logger = createLogger("llm-contract", "silent");
/** Registered plugins that do not reach shoppers through hooks (none: every LLM feature is a hook now). */
const NOT_YET_HOOKED: string[] = [];

function hookRequest(drops: DroppedContributions): HookRequest {
  return { llm: fixtureLlmServices(products), services: fixtureServices(products), logger, drops };
}

const lexical = {
  async search(query: string, limit: number): Promise<ScoredId[]> {
    const words = query.toLowerCase().split(/\W+/);
    return products
      .filter((product) => words.some((word) => word.length > 2 && product.name.toLowerCase().includes(word)))
      .slice(0, limit)
      .map((product, i) => ({ productId: product._id, score: 1 / (i + 1) }));
  },
};

describe.each(LLM_FEATURE_PLUGINS.map((plugin) => [plugin.name, plugin] as const))(
  "LLM feature plugin contract: %s",
  (_name, plugin) => {
    const registry = new LlmFeatureRegistry([plugin]);

    test("has a valid name, description, budget, gateway features and services the process provides", () => {
      expect(plugin.kind).toBe("llm-feature");
      expect(plugin.name).toMatch(DIMENSION_NAME_PATTERN);
      expect(plugin.description.trim().length).toBeGreaterThan(10);
      expect(plugin.budgetMs).toBeGreaterThan(0);
      expect(plugin.features.length).toBeGreaterThan(0);
      const provided = [...PROVIDED_SERVICES, ...SERVICES.map((provider) => provider.name)];
      for (const service of plugin.needs) expect(provided).toContain(service);
    });

    test("reaches shoppers through at least one hook (no metadata-only plugin); retrieve only beside prospect", () => {
      const hooks = LLM_FEATURE_HOOKS.filter((hook) => typeof plugin[hook] === "function");
      if (NOT_YET_HOOKED.includes(plugin.name)) expect(hooks).toEqual([]);
      else expect(hooks.length).toBeGreaterThan(0);
      if (plugin.retrieve) expect(typeof plugin.prospect).toBe("function");
    });

    test("interpretQuery: 1–5 readings with a source, accepted by the host", async () => {
      if (!plugin.interpretQuery) return;
      const drops = new DroppedContributions();
      for (const query of ["ragu", "snacks", "zzzz nothing matches"]) {
        const answer = await registry.interpretQuery(hookRequest(drops), query, fixtureAttributes());
        expect(["LLM", "CACHE", "OFFLINE"]).toContain(answer.source);
        expect(answer.interpretations.length).toBeGreaterThanOrEqual(1);
        expect(answer.interpretations.length).toBeLessThanOrEqual(5);
      }
      expect(drops.snapshot()).toEqual({});
    });

    test("searchCandidates: only catalog ids, at most the limit, accepted by the host", async () => {
      if (!plugin.searchCandidates) return;
      const drops = new DroppedContributions();
      const ids = new Set(products.map((product) => product._id));
      const hits = await registry.searchCandidates(hookRequest(drops), {
        query: "ragu sauce",
        limit: 5,
        interpretations: async () => [
          { label: "Pasta sauce", confidence: 0.8, categoryPath: ["grocery", "pasta-sauce"], rewrittenQuery: "sauce" },
        ],
        lexical,
      });
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.length).toBeLessThanOrEqual(5);
      for (const hit of hits) expect(ids.has(hit.productId)).toBe(true);
      expect(drops.snapshot()).toEqual({});
    });

    test("explainCollection and explainCarousel: non-empty text, accepted by the host", async () => {
      if (!plugin.explainCollection && !plugin.explainCarousel) return;
      const drops = new DroppedContributions();
      const items = products.slice(0, 6).map((product, i) => ({
        productId: product._id,
        reasons: [
          { dimension: i % 2 ? "affordability" : "familiarity", text: i % 2 ? "Good value" : "You buy it often" },
        ],
      }));
      if (plugin.explainCollection) {
        const text = registry.explainCollection({ title: "For you", subtitle: "Sub", items, window: 6 }, logger, drops);
        expect(text.trim().length).toBeGreaterThan(0);
      }
      if (plugin.explainCarousel) {
        const answer = await registry.explainCarousel(hookRequest(drops), {
          title: "For you",
          dimension: "familiarity",
          template: "Your usual picks",
          items,
        });
        expect(answer.text.trim().length).toBeGreaterThan(0);
        for (const id of answer.items.keys()) expect(items.some((item) => item.productId === id)).toBe(true);
      }
      expect(drops.snapshot()).toEqual({});
    });

    test("planBundle: 1–8 slots, each with searches, accepted by the host", async () => {
      if (!plugin.planBundle) return;
      const drops = new DroppedContributions();
      const planned = await registry.planBundle(hookRequest(drops), {
        intent: "ingredients for spaghetti bolognese for 4",
        budget: 40,
      });
      expect(planned).not.toBe("off");
      expect(planned).not.toBe("dropped");
      if (typeof planned === "string") return;
      expect(planned.plan.slots.length).toBeGreaterThan(0);
      for (const slot of planned.plan.slots) expect(slot.queries.length).toBeGreaterThan(0);
      expect(drops.snapshot()).toEqual({});
    });

    test("prospect and retrieve: proposals in [0, 1] under its own name, nothing without the services they read", async () => {
      if (!plugin.prospect) return;
      const context = fixtureContext({ products, attributes: { surface: "HOME" } });
      const proposals = await plugin.prospect(context);
      for (const proposal of proposals) {
        expect(proposal.relevance).toBeGreaterThanOrEqual(0);
        expect(proposal.relevance).toBeLessThanOrEqual(1);
        expect(proposal.dimension).toBe(plugin.name);
      }
    });
  },
);

describe("the host's hook runner", () => {
  const request = (drops: DroppedContributions): HookRequest => hookRequest(drops);
  const base = { description: "A test feature plugin.", features: [queryRewriteFeature] };

  test("no plugin with the hook: the host's defaults (literal reading, lexical search, subtitle, template)", async () => {
    const empty = new LlmFeatureRegistry([]);
    const drops = new DroppedContributions();
    expect(await empty.interpretQuery(request(drops), "oj", fixtureAttributes())).toEqual({
      source: "OFFLINE",
      interpretations: [{ label: "Search: oj", confidence: 1, rewrittenQuery: "oj" }],
      categoryNames: new Map(),
    });
    const query = { query: "ragu", limit: 3, interpretations: async () => [], lexical };
    expect(await empty.searchCandidates(request(drops), query)).toEqual(await lexical.search("ragu", 3));
    expect(empty.explainCollection({ title: "T", subtitle: "S", items: [], window: 5 }, logger)).toBe("S");
    expect(empty.explainCollection({ title: "T", items: [], window: 5 }, logger)).toBe("T");
    const carousel = await empty.explainCarousel(request(drops), {
      title: "T",
      dimension: null,
      template: "tpl",
      items: [],
    });
    expect(carousel).toEqual({ source: "OFFLINE", text: "tpl", items: new Map(), dropped: 0 });
    expect(drops.snapshot()).toEqual({});
  });

  test("a late, failing or malformed answer is dropped, counted by plugin and hook, and the default served", async () => {
    const slow = defineLlmFeature({
      ...base,
      name: "slow",
      budgetMs: 20,
      interpretQuery: () => new Promise(() => {}),
    });
    const broken = defineLlmFeature({
      ...base,
      name: "broken",
      searchCandidates: async () => {
        throw new Error("boom");
      },
      explainCollection: () => "",
    });
    const malformed = defineLlmFeature({
      ...base,
      name: "malformed",
      interpretQuery: async () => ({
        source: "LLM" as const,
        interpretations: [{ label: "", confidence: 7, rewrittenQuery: "x" }],
        categoryNames: new Map(),
      }),
    });
    const drops = new DroppedContributions();
    const literal = { label: "Search: tea", confidence: 1, rewrittenQuery: "tea" };
    const [lateAnswer, badAnswer] = await Promise.all([
      new LlmFeatureRegistry([slow]).interpretQuery(request(drops), "tea", fixtureAttributes()),
      new LlmFeatureRegistry([malformed]).interpretQuery(request(drops), "tea", fixtureAttributes()),
    ]);
    expect(lateAnswer.interpretations).toEqual([literal]);
    expect(badAnswer.interpretations).toEqual([literal]);
    const fallback = await new LlmFeatureRegistry([broken]).searchCandidates(request(drops), {
      query: "ragu",
      limit: 3,
      interpretations: async () => [],
      lexical,
    });
    expect(fallback).toEqual(await lexical.search("ragu", 3));
    expect(
      new LlmFeatureRegistry([broken]).explainCollection({ title: "T", items: [], window: 1 }, logger, drops),
    ).toBe("T");
    expect(drops.snapshot()).toEqual({
      slow: { "interpretQuery.timeout": 1 },
      malformed: { "interpretQuery.invalid": 1 },
      broken: { "searchCandidates.error": 1, "explainCollection.invalid": 1 },
    });
  });

  test("a hook's HookInputError (the client's input) is thrown, not hidden behind a default", async () => {
    const strict = defineLlmFeature({
      ...base,
      name: "strict",
      interpretQuery: async () => {
        throw new HookInputError("query must be shorter", "query");
      },
    });
    await expect(
      new LlmFeatureRegistry([strict]).interpretQuery(request(new DroppedContributions()), "x", fixtureAttributes()),
    ).rejects.toBeInstanceOf(HookInputError);
  });

  test("a hook sees only the services it declared in `needs`, and the first registered plugin with a hook answers", async () => {
    let seen: string[] = [];
    const reader = (name: string, needs: ("catalog" | "deals")[]) =>
      defineLlmFeature({
        ...base,
        name,
        needs,
        interpretQuery: async (context) => {
          seen = Object.keys(context.services).sort();
          return {
            source: "OFFLINE" as const,
            interpretations: [{ label: name, confidence: 1, rewrittenQuery: "q" }],
            categoryNames: new Map(),
          };
        },
      });
    const answer = await new LlmFeatureRegistry([
      reader("first", ["deals"]),
      reader("second", ["catalog"]),
    ]).interpretQuery(request(new DroppedContributions()), "q", fixtureAttributes());
    expect(answer.interpretations[0]!.label).toBe("first");
    expect(seen).toEqual(["deals"]);
  });
});
