import {
  collectionsFeature,
  groundCollections,
  offlineCollections,
  type CollectionsInput,
} from "../../../plugins/collections/collections.feature";
import { explanationsFeature, templateExplanation } from "../../../plugins/explanations/explanations.feature";
import {
  groundKgEdges,
  offlineKgEdges,
  type KgAugmentationInput,
} from "../../../plugins/kg-augmentation/kg-augmentation.feature";
import {
  groundOrderSummary,
  orderSummaryFeature,
  type OrderSummaryInput,
} from "../../../plugins/order-summaries/order-summary.feature";
import { loadLlmConfig } from "../../../core/llm/llm.config";
import { LlmGateway } from "../../../core/llm/llm-gateway";
import type { LlmProvider, ProviderRequest } from "../../../core/llm/llm-provider";
import { explainCollection } from "../../../plugins/explanations/explanations.plugin";
import { InterpretedTextSearch } from "../../../plugins/query-rewrite/interpreted-search";
import { ALL_PLUGINS, LLM_FEATURE_PLUGINS } from "../../../plugins/registry";
import { defineLlmFeature } from "../../../plugins/sdk/define-llm-feature";
import { fixtureCatalog, fixtureServices } from "../../../plugins/sdk/testkit";
import { CATEGORIES, ITEMS } from "../llm/rewrite-catalog.fixture";

/** A provider answering every call with `input` (a unit-level stand-in; the fake HTTP server covers the SDK). */
function scripted(input: unknown): LlmProvider & { calls: ProviderRequest[] } {
  const calls: ProviderRequest[] = [];
  return {
    model: "claude-test",
    calls,
    complete: async (request) => (
      calls.push(request),
      {
        toolInput: input,
        usage: { inputTokens: 100, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0 },
        retries: 0,
      }
    ),
  };
}
const config = loadLlmConfig({ ANTHROPIC_API_KEY: "k" });

const collectionsInput: CollectionsInput = {
  target: {
    kind: "cluster",
    key: "cluster:GROCERY|high",
    label: "grocery shoppers, very price sensitive",
    priceSensitivity: 0.8,
  },
  categories: CATEGORIES.filter((category) => ["grocery", "pantry", "pasta-sauce", "dry-pasta"].includes(category.id)),
  focusCategoryIds: ["pasta-sauce", "dry-pasta"],
  items: ITEMS.filter((item) => item.categoryPath.includes("pantry")),
  brands: ["Barilla", "Ragu", "Rao's"],
  tags: ["vegan", "vegetarian"],
  medianPrice: 4,
  count: 3,
};

describe("registry", () => {
  test("every LLM feature plugin is registered with kind llm-feature, unique names and at least one gateway feature", () => {
    expect(LLM_FEATURE_PLUGINS.map((plugin) => plugin.name)).toEqual([
      "query_rewrite",
      "generated_collections",
      "explanations",
      "kg_augmentation",
      "order_summaries",
      "bundles",
    ]);
    expect(new Set(ALL_PLUGINS.map((plugin) => plugin.name)).size).toBe(ALL_PLUGINS.length);
    for (const plugin of LLM_FEATURE_PLUGINS) {
      expect(plugin.kind).toBe("llm-feature");
      expect(plugin.features.length).toBeGreaterThan(0);
      for (const feature of plugin.features) expect(feature.budget.maxInputTokens).toBeGreaterThan(0);
    }
    expect(() => defineLlmFeature({ name: "Bad Name", description: "x", features: [explanationsFeature] })).toThrow(
      /INVALID_NAME/,
    );
    expect(() => defineLlmFeature({ name: "empty", description: "x", features: [] })).toThrow(/INVALID_HOOK/);
  });
});

describe("collections feature", () => {
  test("offline: a price-capped aisle for a price-sensitive cluster, a brand theme, only context ids", () => {
    const { collections } = offlineCollections(collectionsInput);
    expect(collections.length).toBe(3);
    expect(collections[0]).toMatchObject({
      title: "Pasta Sauce under $4",
      constraints: { categoryIds: ["pasta-sauce"], maxPrice: 4 },
    });
    expect(collections.some((collection) => collection.constraints.brands?.includes("Ragu"))).toBe(true);
    const ids = new Set(collectionsInput.categories.map((category) => category.id));
    for (const collection of collections)
      for (const id of collection.constraints.categoryIds) expect(ids.has(id)).toBe(true);
  });

  test("grounding drops unknown categories, brands, tags and products and counts them", () => {
    const grounded = groundCollections(collectionsInput, {
      collections: [
        {
          title: "Sauces",
          description: "Sauces.",
          constraints: { categoryIds: ["pasta-sauce", "x"], brands: ["ragu", "Nope"], tags: ["vegan", "radioactive"] },
          exampleProductIds: ["p-raos", "p-fake"],
        },
        { title: "Ghost", description: "None.", constraints: { categoryIds: ["ghost"] } },
      ],
    });
    expect(grounded.dropped).toBe(6);
    expect(grounded.output.collections).toEqual([
      {
        title: "Sauces",
        description: "Sauces.",
        constraints: { categoryIds: ["pasta-sauce"], brands: ["Ragu"], tags: ["vegan"] },
        exampleProductIds: ["p-raos"],
      },
    ]);
  });

  test("through the gateway: model output used, identical input from the cache, invalid output offline", async () => {
    const provider = scripted({
      collections: [
        { title: "Sauce night", description: "Jarred sauces.", constraints: { categoryIds: ["pasta-sauce"] } },
      ],
    });
    const gateway = new LlmGateway({ config, provider });
    expect((await gateway.run(collectionsFeature, collectionsInput)).source).toBe("LLM");
    expect((await gateway.run(collectionsFeature, collectionsInput)).source).toBe("CACHE");
    expect(provider.calls).toHaveLength(1);
    const invalid = await new LlmGateway({ config, provider: scripted({ collections: [{ title: "x" }] }) }).run(
      collectionsFeature,
      collectionsInput,
    );
    expect(invalid).toMatchObject({ source: "OFFLINE", fallbackReason: "schema-invalid" });
    expect(invalid.output).toEqual(offlineCollections(collectionsInput));
  });
});

describe("explanations template", () => {
  const items = [
    { reasons: [{ dimension: "familiarity", text: "You bought this 3 times" }] },
    { reasons: [{ dimension: "familiarity", text: "You bought this 3 times" }] },
    { reasons: [{ dimension: "affordability", text: "Cheaper than usual" }] },
    { reasons: [] },
  ];
  test("the template states only the strongest signal; no signal, no claim", () => {
    expect(explainCollection("Buy it again", undefined, items, 10)).toBe(
      "Ranked mostly by familiarity: “You bought this 3 times” (2 of 4 items)",
    );
    expect(explainCollection("New arrivals", "Just arrived", [{ reasons: [] }], 10)).toBe("Just arrived");
    expect(templateExplanation({ carousel: { title: "Milk", dimension: null }, total: 0, signals: [] }).text).toBe(
      "Milk",
    );
  });
});

describe("knowledge-graph augmentation feature", () => {
  const input: KgAugmentationInput = {
    dish: {
      id: "d-tagliatelle",
      name: "Tagliatelle al Ragù",
      cuisines: ["italian"],
      ingredients: ["spaghetti", "pasta sauce", "unicorn"],
    },
    categories: CATEGORIES.filter((category) =>
      ["grocery", "pantry", "pasta-sauce", "dry-pasta"].includes(category.id),
    ),
    items: ITEMS.filter((item) => item.categoryPath.includes("pantry")),
  };
  test("offline: ingredients that name catalog items or aisles become edges; unknown ones do not", () => {
    const { edges } = offlineKgEdges(input);
    expect(edges).toEqual(
      expect.arrayContaining([
        { kind: "dish-ingredient", to: "spaghetti", confidence: 0.5 },
        { kind: "dish-ingredient", to: "pasta sauce", confidence: 0.5 },
        { kind: "dish-category", to: "dry-pasta", confidence: 0.4 },
      ]),
    );
    expect(edges.some((edge) => edge.to === "unicorn")).toBe(false);
  });
  test("grounding keeps only targets in the context", () => {
    const grounded = groundKgEdges(input, {
      edges: [
        { kind: "complement", to: "p-raos", confidence: 0.6 },
        { kind: "substitute", to: "p-imaginary", confidence: 0.9 },
        { kind: "dish-category", to: "pasta-sauce", confidence: 0.7 },
        { kind: "dish-ingredient", to: "Dragon fruit", confidence: 0.4 },
      ],
    });
    expect(grounded.dropped).toBe(2);
    expect(grounded.output.edges.map((edge) => `${edge.kind}:${edge.to}`)).toEqual([
      "complement:p-raos",
      "dish-category:pasta-sauce",
    ]);
  });
});

describe("order summaries feature", () => {
  const input: OrderSummaryInput = {
    userId: "u1",
    template: "20 purchase lines over 6 occasions (Grocery 90%).",
    facts: {
      verticals: [{ key: "GROCERY", share: 0.9 }],
      categories: [],
      brands: [],
      cuisines: [],
      dietary: [],
      priceSensitivity: 0.5,
      regulars: [{ id: "p-spaghetti", name: "Spaghetti No. 5", count: 4 }],
    },
  };
  test("named products must be regulars; offline is the template", async () => {
    expect(
      groundOrderSummary(input, {
        summary: "Buys Spaghetti and caviar weekly.",
        products: ["p-spaghetti", "p-caviar"],
      }),
    ).toMatchObject({ dropped: 1, empty: false, output: { products: ["p-spaghetti"] } });
    expect(groundOrderSummary(input, { summary: "Buys caviar weekly.", products: ["p-caviar"] }).empty).toBe(true);
    const offline = await new LlmGateway({ config: loadLlmConfig({}) }).run(orderSummaryFeature, input);
    expect(offline).toMatchObject({ source: "OFFLINE", output: { summary: input.template } });
    const gateway = new LlmGateway({
      config,
      provider: scripted({
        summary: "A weekly grocery shopper who reorders spaghetti.",
        products: ["p-spaghetti", "p-ghost"],
      }),
    });
    const result = await gateway.run(orderSummaryFeature, input);
    expect(result).toMatchObject({ source: "LLM", dropped: 1 });
    expect(gateway.counters()["order-summaries"]!.dropped).toBe(1);
  });
  test("a regular with a Semantic ID is cited by it: the prompt never shows its id, and only its code maps back", () => {
    const coded: OrderSummaryInput = {
      ...input,
      facts: {
        ...input.facts,
        regulars: [{ id: "p-spaghetti", name: "Spaghetti No. 5", count: 4, semanticId: "3-14-2-0" }],
      },
    };
    const prompt = orderSummaryFeature.buildPrompt(coded).user;
    expect(prompt).toContain('"ref":"[3-14-2-0]"');
    expect(prompt).not.toContain("p-spaghetti");
    const grounded = groundOrderSummary(coded, {
      summary: "Reorders spaghetti weekly.",
      products: ["[3-14-2-0]", "3-14-2-0", "p-spaghetti", "[3-14-2-1]", "[9-9-9-9]"],
    });
    // The code with or without brackets maps to the product (once); its id (listed by code), a sibling code and an invented one are dropped.
    expect(grounded).toMatchObject({ dropped: 3, empty: false, output: { products: ["p-spaghetti"] } });
    expect(groundOrderSummary(coded, { summary: "Reorders spaghetti weekly.", products: ["[9-9-9-9]"] }).empty).toBe(
      true,
    );
  });
});

describe("interpreted search", () => {
  test("fuses the query with interpretation searches, filters by category and boosts by brand", async () => {
    const products = fixtureCatalog();
    const services = fixtureServices(products);
    const [a, b, c] = products;
    const lists: Record<string, { productId: string; score: number }[]> = {
      q: [
        { productId: a!._id, score: 3 },
        { productId: b!._id, score: 2 },
      ],
      rewritten: [
        { productId: c!._id, score: 5 },
        { productId: a!._id, score: 4 },
      ],
    };
    const search = new InterpretedTextSearch(
      { search: async (query) => lists[query] ?? [] },
      services.catalog,
      async () => [{ label: "x", confidence: 0.9, categoryPath: [c!.categoryId], rewrittenQuery: "rewritten" }],
    );
    const hits = await search.search("q", 10);
    expect(hits.map((hit) => hit.productId)).toContain(c!._id);
    const rank = (id: string) => hits.findIndex((hit) => hit.productId === id);
    // c (rank 1 of a 0.9-confidence reading) outranks b (rank 2 of the 0.5-weight query); a, in both lists, leads.
    expect(rank(c!._id)).toBeLessThan(rank(b!._id));
    expect(hits[0]!.productId).toBe(a!._id);
    const plain = new InterpretedTextSearch(
      { search: async (query) => lists[query] ?? [] },
      services.catalog,
      async () => [],
    );
    expect(await plain.search("q", 10)).toEqual(lists.q);
  });
});
