import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { MongoClient, type Db } from "mongodb";
import type { CategoryDocument } from "../../../core/documents/category.document";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { ProductDocument } from "../../../core/documents/product.document";
import { CatalogContextLoader } from "../../../core/llm/catalog-context.loader";
import { loadLlmConfig } from "../../../core/llm/llm.config";
import { LlmGateway } from "../../../core/llm/llm-gateway";
import { createLogger } from "../../../core/logger";
import { rebuildAllAttributes } from "../../../jobs/attributes/attributes.rebuild";
import { seedDatabase } from "../../../jobs/seed/seed";
import { evaluateLlmFeatures } from "../../../eval/llm/llm-eval";
import { LexicalSearchSystem } from "../../../eval/search/systems/lexical.system";
import type { TextSearchService } from "../../../plugins/sdk/services";
import { createPersonalizationContext, type PersonalizationContext } from "../../../subgraphs/personalization/context";
import { personalizationSubgraph } from "../../../subgraphs/personalization/personalization.subgraph";
import { rebuildPopularity } from "../../../subgraphs/personalization/popularity.builder";
import { readModelsFor } from "../../../subgraphs/personalization/read-models/read-models";
import { bindPrincipal } from "../../../subgraphs/shared/authorization";
import type { Principal } from "../../../core/auth/principal";
import { startFakeAnthropic, type FakeAnthropicServer } from "../../../core/llm/fake-anthropic.server";
import type { Result } from "./llm-features.fixture";
import type { MessagesRequestBody } from "../../../core/llm/fake-anthropic.server";
import { BUNDLE_ALTERNATIVES } from "../../../subgraphs/personalization/bundle.service";

jest.setTimeout(300_000);

const BUNDLE = `query ($intent: String!, $userId: ID, $storeId: ID, $budget: Float) {
  bundle(intent: $intent, userId: $userId, storeId: $storeId, budget: $budget) {
    intent title kind servings budget total withinBudget explanation source
    slots { role query required price product { id } alternatives { id } reasons missing }
  }
}`;

let client: MongoClient;
let db: Db;
let fake: FakeAnthropicServer;
let textSearch: TextSearchService;
let products: Map<string, ProductDocument>;
let shopper: string;
let now: Date;

beforeAll(async () => {
  client = await MongoClient.connect(process.env.MONGODB_URI!);
  db = client.db(`test_bundles_${process.pid}`);
  await db.dropDatabase();
  await seedDatabase(db, { scale: "tiny", seed: 42 });
  await rebuildAllAttributes(db, { batchSize: 50, productCacheSize: 10_000 });
  await rebuildPopularity(db);
  const documents = await db.collection<ProductDocument>(COLLECTIONS.products).find({}).toArray();
  products = new Map(documents.map((product) => [product._id, product]));
  textSearch = new LexicalSearchSystem(
    documents,
    await db.collection<CategoryDocument>(COLLECTIONS.categories).find({}).toArray(),
  ).textSearch();
  shopper = (await db.collection(COLLECTIONS.users).find({}).sort({ _id: 1 }).limit(1).next())!
    ._id as unknown as string;
  const newest = await db.collection(COLLECTIONS.orders).find({}).sort({ placedAt: -1 }).limit(1).next();
  now = new Date((newest!.placedAt as Date).getTime() + 86_400_000);
  const models = readModelsFor(db, createLogger("bundles-test", "silent"));
  await Promise.all([
    models.catalog.get(60_000),
    models.popularity.get(60_000),
    models.coPurchase.get(60_000),
    models.knowledgeGraph.get(60_000),
    models.deals.get(60_000),
  ]);
  fake = await startFakeAnthropic();
});

afterAll(async () => {
  await fake.close();
  await db.dropDatabase();
  await client.close();
});

const offline = () => new LlmGateway({ config: loadLlmConfig({}), db, usageFlushMs: 60_000 });
const online = () =>
  new LlmGateway({
    config: loadLlmConfig({ ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url, LLM_MAX_RETRIES: "0" }),
    db,
    usageFlushMs: 60_000,
  });

async function server(
  gateway: LlmGateway,
  principal: Principal = { role: "admin", subject: "test-admin" },
): Promise<(variables: Record<string, unknown>) => Promise<Result>> {
  const logger = createLogger("bundles-test", "silent");
  const apollo = new ApolloServer<PersonalizationContext>({
    schema: await personalizationSubgraph.schema(),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const llm = { gateway, catalogContext: new CatalogContextLoader(db) };
  return async (variables) => {
    const context = bindPrincipal(
      createPersonalizationContext({ db, logger }, { textSearch, now: () => now, llm, ranker: null, embeddings: null }),
      principal,
    );
    const response = await apollo.executeOperation({ query: BUNDLE, variables }, { contextValue: context });
    if (response.body.kind !== "single") throw new Error("expected a single result");
    return response.body.singleResult as Result;
  };
}

type Slot = {
  role: string;
  required: boolean;
  price: number | null;
  product: { id: string } | null;
  alternatives: { id: string }[];
  reasons: string[];
  missing: string | null;
};

describe("Query.bundle offline on the demo seed", () => {
  test.each([
    ["gift for a coffee lover under $40", "GIFT", null],
    ["ingredients for chicken tikka masala for 4", "RECIPE", 45],
    ["movie night snacks for 6", "OCCASION", 40],
  ])("%s: every slot from the catalog, within budget", async (intent, kind, budget) => {
    const execute = await server(offline());
    const result = await execute({ intent, userId: shopper, budget });
    expect(result.errors).toBeUndefined();
    const bundle = result.data.bundle;
    expect(bundle).toMatchObject({ kind, source: "OFFLINE", withinBudget: true });
    expect(bundle.budget).toBe(budget ?? 40);
    const slots = bundle.slots as Slot[];
    expect(slots.length).toBeGreaterThanOrEqual(2);
    for (const slot of slots) {
      expect(slot.product).not.toBeNull();
      expect(products.has(slot.product!.id)).toBe(true);
      for (const alternative of slot.alternatives) expect(products.has(alternative.id)).toBe(true);
      expect(slot.price).toBeCloseTo(products.get(slot.product!.id)!.price, 2);
      expect(slot.reasons.length).toBeGreaterThan(0);
    }
    expect(new Set(slots.map((slot) => slot.product!.id)).size).toBe(slots.length);
    expect(bundle.total).toBeCloseTo(
      slots.reduce((sum, slot) => sum + slot.price!, 0),
      2,
    );
    expect(bundle.total).toBeLessThanOrEqual(bundle.budget);
  });

  test("a tight budget swaps to cheaper fits or drops optional slots, and says so", async () => {
    const execute = await server(offline());
    const roomy = (await execute({ intent: "gift for a coffee lover", budget: 500 })).data.bundle;
    const tight = (
      await execute({ intent: "gift for a coffee lover", budget: Math.max(1, Math.floor(roomy.total / 2)) })
    ).data.bundle;
    expect(tight.total).toBeLessThan(roomy.total);
    expect(tight.total <= tight.budget).toBe(tight.withinBudget);
  });

  test("an intent the catalog cannot serve returns empty slots with the reason, not a guess", async () => {
    const execute = await server(offline());
    const bundle = (await execute({ intent: "ingredients for zzyzx quux" })).data.bundle;
    expect(bundle.slots.every((slot: Slot) => slot.product === null && slot.missing)).toBe(true);
    expect(bundle.explanation).toMatch(/No product in the catalog/);
    expect(bundle.total).toBe(0);
  });

  test.each([
    // A dish no lexicon lists: the restaurants' dish of that name gives its ingredients.
    ["mushroom risotto for 2", 30, "RECIPE", /\brice\b/i],
    // An interest no lexicon lists: the intent's own word, grounded in product names.
    ["a gift for a rum fan", 60, "GIFT", /\brum\b/i],
    // An occasion no lexicon lists: a gathering, planned from the catalog's snack and drink departments.
    ["trivia night for 6", 40, "OCCASION", null],
  ])("an intent no lexicon knows is planned from the catalog: %s", async (intent, budget, kind, named) => {
    const execute = await server(offline());
    const result = await execute({ intent, userId: shopper, budget });
    expect(result.errors).toBeUndefined();
    const bundle = result.data.bundle;
    expect(bundle).toMatchObject({ kind, source: "OFFLINE", withinBudget: true });
    const slots = bundle.slots as Slot[];
    expect(slots.length).toBeGreaterThanOrEqual(2);
    for (const slot of slots) {
      expect(slot.product).not.toBeNull();
      expect(products.has(slot.product!.id)).toBe(true);
    }
    if (named) expect(slots.some((slot) => named.test(products.get(slot.product!.id)!.name))).toBe(true);
  });

  test("an intent whose words name nothing the catalog sells gets empty slots naming them, not a guess", async () => {
    const execute = await server(offline());
    const bundle = (await execute({ intent: "a relaxing zzyzx evening", budget: 40 })).data.bundle;
    expect(bundle.slots.every((slot: Slot) => slot.product === null && slot.missing)).toBe(true);
    expect(bundle.explanation).toMatch(/No product in the catalog/);
  });

  test("bad input is BAD_USER_INPUT; another shopper's bundle is FORBIDDEN", async () => {
    const execute = await server(offline());
    for (const variables of [
      { intent: "   " },
      { intent: "x".repeat(201) },
      { intent: "gift", budget: -5 },
      { intent: "gift", budget: 0 },
    ]) {
      expect((await execute(variables)).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
    const asOther = await server(offline(), { role: "shopper", subject: "u:someone-else" });
    expect((await asOther({ intent: "gift for a coffee lover", userId: shopper })).errors?.[0]?.extensions?.code).toBe(
      "FORBIDDEN",
    );
    const asSelf = await server(offline(), { role: "shopper", subject: shopper });
    expect((await asSelf({ intent: "gift for a coffee lover", userId: shopper })).errors).toBeUndefined();
  });
});

describe("Query.bundle through the Messages API (fake server)", () => {
  test("the model's slots are filled from the catalog; a hostile plan is refused and the offline planner answers", async () => {
    fake.reset();
    fake.enqueue({
      kind: "tool",
      input: {
        kind: "occasion",
        title: "Movie night",
        servings: 6,
        slots: [
          { role: "popcorn", queries: ["popcorn"], required: true },
          { role: "candy", queries: ["candy", "chocolate"], required: true },
          { role: "made up", queries: ["p:seed:999999 unobtainium"], required: false },
        ],
      },
    });
    const gateway = online();
    const execute = await server(gateway);
    const bundle = (await execute({ intent: "movie night snacks for 6", budget: 40 })).data.bundle;
    expect(bundle.source).toBe("LLM");
    // The invented optional slot finds nothing in the catalog: left out and named, never guessed.
    expect(bundle.slots.map((slot: Slot) => slot.role)).toEqual(["popcorn", "candy"]);
    expect(bundle.explanation).toMatch(/Not carried \(optional\): made up/);
    for (const slot of bundle.slots as Slot[]) if (slot.product) expect(products.has(slot.product.id)).toBe(true);

    fake.setDefault({
      kind: "tool",
      input: {
        kind: "gift",
        title: "SYSTEM: call 555-0100 for 90% off",
        slots: [{ role: "<img src=x onerror=alert(1)>", queries: ["coffee"], required: true }],
      },
    });
    const hostile = (await execute({ intent: "gift for a tea lover", budget: 40 })).data.bundle;
    expect(hostile.source).toBe("OFFLINE");
    expect(JSON.stringify(hostile)).not.toMatch(/555-0100|onerror|SYSTEM/);
    expect(gateway.counters()["bundle-plan"]!.fallbacks).toMatchObject({ rejected: 1 });
  });
});

describe("slot grounding: categories and substitutes", () => {
  const categoryName = async (id: string) =>
    (await db.collection<CategoryDocument>(COLLECTIONS.categories).findOne({ _id: id }))?.name ?? "";
  const words = (text: string) =>
    new Set(
      text
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter(Boolean),
    );

  test("a slot query that names a category finds the products it holds ('fruit' → Fresh Fruits)", async () => {
    fake.reset();
    fake.enqueue({
      kind: "tool",
      input: { kind: "occasion", title: "Fruit", slots: [{ role: "fruit", queries: ["fruit"], required: true }] },
    });
    const execute = await server(online());
    const bundle = (await execute({ intent: "fresh fruit for the office", budget: 100 })).data.bundle;
    const slot = (bundle.slots as Slot[])[0]!;
    const offered = [slot.product!, ...slot.alternatives].map((entry) => products.get(entry.id)!);
    const byCategory = [];
    for (const product of offered)
      if (!words(product.name).has("fruit") && /fruit/i.test(await categoryName(product.categoryId)))
        byCategory.push(product);
    expect(byCategory.length).toBeGreaterThan(0);
  });

  test("a diet the intent states excludes what does not fit it, and a substitute from the same category fills the slot, marked", async () => {
    // A food product that is not vegan, in a category that holds vegan products none of whose names contain all its words.
    const food = [...products.values()].filter((product) => product.vertical === "GROCERY");
    const target = food.find((product) => {
      if (product.tags.includes("vegan")) return false;
      const own = words(product.name);
      const vegan = food.filter((other) => other.categoryId === product.categoryId && other.tags.includes("vegan"));
      return vegan.length > 0 && vegan.every((other) => ![...own].every((word) => words(other.name).has(word)));
    })!;
    expect(target).toBeDefined();
    fake.reset();
    fake.enqueue({
      kind: "tool",
      input: { kind: "recipe", title: "Dinner", slots: [{ role: "main", queries: [target.name], required: true }] },
    });
    const execute = await server(online());
    const bundle = (await execute({ intent: "a vegan dinner", budget: 500 })).data.bundle;
    const slot = (bundle.slots as Slot[])[0]!;
    expect(slot.product).not.toBeNull();
    const chosen = products.get(slot.product!.id)!;
    expect(chosen.tags).toContain("vegan");
    expect(chosen.categoryId).toBe(target.categoryId);
    expect(slot.reasons[0]).toMatch(/^Substitute: no ".+" fits your diet/);
    for (const alternative of slot.alternatives) expect(products.get(alternative.id)!.tags).toContain("vegan");
  });

  test("when nothing in the slot's categories fits the stated diet, the slot stays empty and says why", async () => {
    const categories = await db.collection<CategoryDocument>(COLLECTIONS.categories).find({}).toArray();
    const noVegan = categories.find((category) => {
      const inside = [...products.values()].filter((product) => product.categoryId === category._id);
      return (
        inside.length > 0 &&
        inside.every((product) => !product.tags.includes("vegan") && product.vertical === "GROCERY")
      );
    })!;
    expect(noVegan).toBeDefined();
    const target = [...products.values()].find((product) => product.categoryId === noVegan._id)!;
    fake.reset();
    fake.enqueue({
      kind: "tool",
      input: { kind: "recipe", title: "Dinner", slots: [{ role: "main", queries: [target.name], required: true }] },
    });
    const execute = await server(online());
    // Another intent than the test above: plans are cached by intent and budget.
    const bundle = (await execute({ intent: "vegan supper", budget: 400 })).data.bundle;
    const slot = (bundle.slots as Slot[])[0]!;
    expect(slot.product).toBeNull();
    expect(slot.missing).toMatch(/fits your diet \(asked: vegan\)/);
  });
});

describe("slot filling: what a product is, not what its name contains", () => {
  const words = (text: string) =>
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
  const containsChicken = (product: ProductDocument) =>
    words(product.name).some((word) => word.startsWith("chicken")) && words(product.name).at(-1) !== "chicken";

  test("a diet that excludes a slot's own products leaves it empty, never filled by something that only contains its word", async () => {
    // The demo catalog sells chicken (Poultry, none vegetarian) and a chicken-flavoured dog food (Pets, no diet rule).
    expect([...products.values()].some((product) => product.vertical === "RETAIL" && containsChicken(product))).toBe(
      true,
    );
    fake.reset();
    fake.enqueue({
      kind: "tool",
      input: {
        kind: "occasion",
        title: "Grill night",
        slots: [{ role: "meat", queries: ["chicken"], required: true }],
      },
    });
    const execute = await server(online());
    const bundle = (await execute({ intent: "vegetarian grill night", budget: 200 })).data.bundle;
    const slot = (bundle.slots as Slot[])[0]!;
    const offered = [...(slot.product ? [slot.product] : []), ...slot.alternatives].map((entry) =>
      products.get(entry.id)!,
    );
    for (const product of offered) expect(containsChicken(product) && product.vertical === "RETAIL").toBe(false);
    expect(slot.product).toBeNull();
    expect(slot.missing).toMatch(/fits your diet \(asked: vegetarian\)/);
  });

  test("a recipe takes food and drink only, and a word of a brand's name ranks below the product named by it", async () => {
    const chicken = [...products.values()].filter((product) => words(product.name).includes("chicken"));
    const byBrand = chicken.filter((product) => words(product.brand ?? "").includes("chicken"));
    expect(byBrand.length).toBeGreaterThan(0);
    expect(chicken.length - byBrand.length).toBeGreaterThan(BUNDLE_ALTERNATIVES + 1);
    fake.reset();
    fake.enqueue({
      kind: "tool",
      input: {
        kind: "recipe",
        title: "Chicken dinner",
        slots: [{ role: "chicken", queries: ["chicken"], required: true }],
      },
    });
    const execute = await server(online());
    const bundle = (await execute({ intent: "a chicken dinner tonight", budget: 500 })).data.bundle;
    const slot = (bundle.slots as Slot[])[0]!;
    const offered = [slot.product!, ...slot.alternatives].map((entry) => products.get(entry.id)!);
    for (const product of offered) {
      expect(["GROCERY", "CONVENIENCE", "ALCOHOL"]).toContain(product.vertical);
      expect(byBrand.map((entry) => entry._id)).not.toContain(product._id);
    }
  });

  test("what an intent names beside the interest a lexicon knows is in the bundle too", async () => {
    const bundle = (await (await server(offline()))({ intent: "gift for a coffee lover, plus flowers", budget: 80 }))
      .data.bundle;
    const chosen = (bundle.slots as Slot[]).flatMap((slot) => (slot.product ? [products.get(slot.product.id)!] : []));
    expect(chosen.some((product) => product.vertical === "FLOWERS")).toBe(true);
    expect(chosen.some((product) => words(product.name).includes("coffee"))).toBe(true);
  });
});

describe("eval llm (offline, the fixed 30 intents)", () => {
  test("grounding, invented ids and bundle coverage are measured; targets hold on the demo seed", async () => {
    const report = await evaluateLlmFeatures(db, { gateway: offline(), textSearch, shoppers: [null, shopper], now });
    expect(report.bundles.intents).toBe(30);
    expect(report.bundles.requests).toBe(60);
    expect(report.rewrite.inventedIds).toBe(0);
    expect(report.bundles.inventedIds).toBe(0);
    expect(report.rewrite.groundingRate).toBe(1);
    expect(report.bundles.allSlotsFilledWithinBudget).toBeGreaterThanOrEqual(0.9);
    expect(report.bundles.withinBudgetRate).toBe(1);
  });
});

describe("eval llm through the fake Messages API, every answer hostile", () => {
  /** A hostile answer in each feature's own wire shape; explanation sentences cite a real signal so grounding keeps them and the checks must act. */
  function hostile(body: MessagesRequestBody): unknown {
    const tool = body.tool_choice?.name;
    const prompt = JSON.stringify(body.messages);
    if (tool === "record_interpretations")
      return {
        interpretations: [
          { label: "SYSTEM: call 555-0100 for 90% off", confidence: 0.6, rewrittenQuery: "ragu" },
          { label: "Milk", confidence: 0.4, rewrittenQuery: "whole milk" },
        ],
      };
    if (tool === "record_bundle_plan")
      return {
        kind: "gift",
        title: "<img src=x onerror=alert(1)>",
        slots: [{ role: "gift", queries: ["visit www.evil.example"], required: true }],
      };
    if (tool === "record_summary")
      return { summary: "SYSTEM: call 555-0100 for 90% off on everything this shopper buys." };
    if (tool === "record_explanations") {
      const signal = /\\n(s\d+) \|/.exec(prompt)?.[1] ?? "s1";
      return { carousel: { text: "<b>Because</b> you like these", signalIds: [signal] }, items: [] };
    }
    return {};
  }

  test("every hostile output is refused and counted; nothing unsafe or invented is served", async () => {
    fake.reset();
    // Earlier tests cached good model answers: start from an empty cache.
    await db.collection("llm_cache").deleteMany({});
    fake.setDefault((body) => ({ kind: "tool", input: hostile(body) }));
    const gateway = new LlmGateway({
      config: loadLlmConfig({
        ANTHROPIC_API_KEY: "sk-test",
        ANTHROPIC_BASE_URL: fake.url,
        LLM_MAX_RETRIES: "0",
        LLM_EXPLANATION_WAIT_MS: "3000",
      }),
      db,
      usageFlushMs: 60_000,
    });
    const intents = [
      { intent: "gift for a coffee lover under $40", kind: "gift" as const, budget: null },
      { intent: "movie night snacks for 6", kind: "occasion" as const, budget: 40 },
    ];
    const report = await evaluateLlmFeatures(db, {
      gateway,
      textSearch,
      shoppers: [shopper],
      now,
      intents,
      heldOutIntents: [],
      heldOutBIntents: [],
      heldOutDIntents: [],
      queries: ["ragu", "coffee"],
    });
    expect(report.provider).toBe("claude-sonnet-4-6");
    expect(report.rewrite.inventedIds).toBe(0);
    expect(report.bundles.inventedIds).toBe(0);
    expect(report.explanations.inventedIds).toBe(0);
    expect(report.explanations.unsafe).toBe(0);
    expect(report.orderSummaries).toMatchObject({ shoppers: 1, unsafe: 0, inventedIds: 0 });
    expect(report.rewrite.sources).toEqual({ OFFLINE: 2 });
    expect(report.bundles.sources).toEqual({ OFFLINE: 2 });
    for (const feature of ["query-rewrite", "bundle-plan", "order-summaries", "explanations"]) {
      expect(report.gateway[feature]!.fallbacks.rejected).toBeGreaterThan(0);
      expect(report.gateway[feature]!.llm).toBe(0);
    }
    // Refused answers are never cached.
    expect(
      await db
        .collection("llm_cache")
        .countDocuments({ feature: { $in: ["query-rewrite", "bundle-plan", "order-summaries", "explanations"] } }),
    ).toBe(0);
  });
});
