import type { ProductDocument } from "../../../core/documents/product.document";
import { createLogger } from "../../../core/logger";
import { createNoveltyDimension, type NoveltyNeeds } from "../../../plugins/novelty/novelty.dimension";
import type { BlendedAttributes } from "../../../plugins/sdk/blended-attributes";
import type { Candidate } from "../../../plugins/sdk/candidate";
import type { PluginContext } from "../../../plugins/sdk/contract";
import type { CatalogService, CoPurchaseService, KnowledgeGraphService, ScoredId } from "../../../plugins/sdk/services";
import { PluginRegistryError } from "../../../plugins/sdk/plugin-registry.error";
import { fixtureProduct } from "../../fixtures/novelty/baskets.fixture";

const NOW = new Date("2024-06-30T00:00:00Z");
const daysAgo = (days: number): Date => new Date(NOW.getTime() - days * 86_400_000);

const PRODUCTS = new Map<string, ProductDocument>(
  [
    fixtureProduct("spaghetti", "Spaghetti", ["grocery", "pasta"]),
    fixtureProduct("passata", "Tomato Passata", ["grocery", "sauces"]),
    fixtureProduct("chips-new", "Sea Salt Crisps", ["grocery", "snacks"], { createdAt: daysAgo(3) }),
    fixtureProduct("chips-old", "Paprika Crisps", ["grocery", "snacks"]),
    fixtureProduct("noodles", "Instant Noodles", ["grocery", "instant-noodles"]),
    fixtureProduct("soap", "Hand Soap", ["retail", "soap"], { vertical: "RETAIL" }),
  ].map((product) => [product._id, product]),
);

/** In-memory services with fixed answers (the real ones are tested against FerretDB). */
function services(
  overrides: Partial<{ coPurchase: CoPurchaseService; knowledgeGraph: KnowledgeGraphService }> = {},
): PluginContext<NoveltyNeeds>["services"] {
  const catalog: CatalogService = {
    async products(ids) {
      return new Map(ids.filter((id) => PRODUCTS.has(id)).map((id) => [id, PRODUCTS.get(id)!]));
    },
    async popular() {
      return [];
    },
    async newArrivals(limit, categoryId) {
      return [...PRODUCTS.values()]
        .filter((product) => !categoryId || product.categoryPath.includes(categoryId))
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? -1 : 1))
        .slice(0, limit)
        .map((product) => ({ productId: product._id, score: product.createdAt.getTime() }));
    },
    async inCategory() {
      return [];
    },
    async offers() {
      return new Map();
    },
    async categoryMedians() {
      return {};
    },
    async popularity() {
      return new Map();
    },
  };
  const coPurchase: CoPurchaseService = {
    async complements(ids): Promise<ScoredId[]> {
      return ids.includes("spaghetti") ? [{ productId: "passata", score: 2, via: "spaghetti" } as ScoredId] : [];
    },
  };
  const knowledgeGraph: KnowledgeGraphService = {
    async groceryForCuisine(cuisine): Promise<ScoredId[]> {
      return cuisine === "ramen" ? [{ productId: "noodles", score: 0.9, via: "instant noodles" } as ScoredId] : [];
    },
  };
  return { catalog, coPurchase, knowledgeGraph, ...overrides };
}

function attributes(overrides: Partial<BlendedAttributes> = {}): BlendedAttributes {
  return {
    userId: "u1",
    coldStart: false,
    surface: "HOME",
    storeId: null,
    categoryId: null,
    cart: [],
    query: null,
    now: NOW,
    ageVerified: true,
    dietary: { explicit: [], inferred: [] },
    excluded: { brands: [], categoryIds: [] },
    purchases: [
      { productId: "spaghetti", count: 6, lastPurchasedAt: daysAgo(2) },
      { productId: "chips-old", count: 3, lastPurchasedAt: daysAgo(10) },
    ],
    categoryAffinity: { grocery: 1, pasta: 0.4, snacks: 0.3 },
    verticalAffinity: { GROCERY: 1 },
    brandAffinity: {},
    priceSensitivity: 0.5,
    dealShare: 0,
    bulkPreference: 1,
    cuisineAffinity: { ramen: 0.6, pizza: 0.1 },
    summary: null,
    weights: {},
    ...overrides,
  };
}

const logger = createLogger("novelty-test", "silent");
const context = (attrs: BlendedAttributes = attributes(), seed = 7, svc = services()): PluginContext<NoveltyNeeds> => ({
  attributes: attrs,
  services: svc,
  logger,
  seed,
});
const candidates = (...ids: string[]): Candidate[] =>
  ids.map((id) => ({ productId: id, product: PRODUCTS.get(id)!, sources: {} }));
const ALL = candidates("passata", "chips-new", "noodles", "soap", "spaghetti", "chips-old");

describe("novelty dimension", () => {
  const novelty = createNoveltyDimension();

  test("declares itself for the registry", () => {
    expect(novelty).toMatchObject({
      kind: "dimension",
      name: "novelty",
      needs: ["catalog", "coPurchase", "knowledgeGraph"],
    });
    expect(novelty.description.length).toBeGreaterThan(10);
  });

  test("one score per candidate, same order, in [0, 1], with a reason", async () => {
    const scores = await novelty.score(context(), ALL);
    expect(scores.map((score) => score.productId)).toEqual(ALL.map((candidate) => candidate.productId));
    for (const score of scores) {
      expect(score.value).toBeGreaterThanOrEqual(0);
      expect(score.value).toBeLessThanOrEqual(1);
      expect(score.reason.length).toBeGreaterThan(0);
    }
  });

  test("reasons are grounded in the signal behind each score", async () => {
    const byId = new Map((await novelty.score(context(), ALL)).map((score) => [score.productId, score]));
    expect(byId.get("passata")!.reason).toBe("Often bought with Spaghetti");
    expect(byId.get("chips-new")!.reason).toBe("New in Snacks");
    expect(byId.get("noodles")!.reason).toBe("For ramen night at home");
    expect(byId.get("spaghetti")!.reason).toBe("You already buy this (6×)");
    // lift 2 → 0.35 + 0.65 × 0.5 = 0.675 before the ≤ 2 % jitter
    expect(byId.get("passata")!.value).toBeGreaterThan(0.65);
    expect(byId.get("passata")!.value).toBeLessThan(0.7);
  });

  test("items the shopper already bought or carts score low", async () => {
    const scores = await novelty.score(context(attributes({ cart: ["noodles"] })), ALL);
    const byId = new Map(scores.map((score) => [score.productId, score]));
    expect(byId.get("spaghetti")!.value).toBeLessThanOrEqual(0.1);
    expect(byId.get("chips-old")!.value).toBeLessThanOrEqual(0.1);
    expect(byId.get("noodles")).toMatchObject({ reason: "Already in your cart" });
    expect(byId.get("noodles")!.value).toBeLessThanOrEqual(0.1);
    const unseen = scores.filter((score) => !["spaghetti", "chips-old", "noodles"].includes(score.productId));
    for (const score of unseen) expect(score.value).toBeGreaterThan(0.1);
  });

  test("deterministic for a fixed seed", async () => {
    const first = await novelty.score(context(attributes(), 42), ALL);
    const second = await novelty.score(context(attributes(), 42), ALL);
    expect(second).toEqual(first);
  });

  test("a failing service costs its signal, not the request", async () => {
    const broken = services({
      coPurchase: {
        async complements() {
          throw new Error("database down");
        },
      },
    });
    const scores = await novelty.score(context(attributes(), 1, broken), candidates("passata", "noodles"));
    expect(scores[0]!.reason).not.toMatch(/Often bought/);
    expect(scores[1]!.reason).toBe("For ramen night at home");
  });

  test("proposes complements and a cuisine collection titled from the top cuisine", async () => {
    const proposals = await novelty.prospect!(context());
    // The favourite aisle (pasta) has nothing new, so no new-arrivals collection here.
    expect(proposals.map((proposal) => proposal.id)).toEqual(["novelty.complements", "novelty.cuisine.ramen"]);
    const cuisine = proposals.find((proposal) => proposal.id === "novelty.cuisine.ramen")!;
    expect(cuisine).toMatchObject({
      title: "Because you order ramen",
      subtitle: "For ramen night at home",
      dimension: "novelty",
      params: { kind: "cuisine", cuisine: "ramen" },
    });
    for (const proposal of proposals) expect(proposal.relevance >= 0 && proposal.relevance <= 1).toBe(true);
  });

  test("new arrivals are proposed when the shopper's favourite aisle has fresh products", async () => {
    const proposals = await novelty.prospect!(
      context(attributes({ purchases: [{ productId: "chips-old", count: 9, lastPurchasedAt: daysAgo(1) }] })),
    );
    expect(proposals.find((proposal) => proposal.params?.kind === "new-arrivals")).toMatchObject({
      id: "novelty.new-in.snacks",
      title: "New in Snacks",
      params: { categoryId: "snacks" },
    });
  });

  test("retrieval leaves out what the shopper already has", async () => {
    const proposals = await novelty.prospect!(
      context(
        attributes({
          purchases: [{ productId: "chips-old", count: 9, lastPurchasedAt: daysAgo(1) }],
          cart: ["spaghetti"],
        }),
      ),
    );
    const arrivals = proposals.find((proposal) => proposal.params?.kind === "new-arrivals")!;
    const retrieved = await novelty.retrieve!(
      context(attributes({ purchases: [{ productId: "chips-old", count: 9, lastPurchasedAt: daysAgo(1) }] })),
      arrivals,
      10,
    );
    expect(retrieved.map((entry) => entry.productId)).toEqual(["chips-new"]);
    const complements = await novelty.retrieve!(context(attributes({ cart: ["spaghetti"] })), proposals[0]!, 10);
    expect(complements.map((entry) => entry.productId)).toEqual(["passata"]);
    const ramen = await novelty.retrieve!(
      context(attributes({ purchases: [{ productId: "noodles", count: 1, lastPurchasedAt: daysAgo(1) }] })),
      {
        id: "novelty.cuisine.ramen",
        title: "",
        dimension: "novelty",
        relevance: 1,
        params: { kind: "cuisine", cuisine: "ramen" },
      },
      10,
    );
    expect(ramen).toEqual([]);
  });

  test("a cold-start shopper gets scores and no personal collections", async () => {
    const cold = attributes({
      userId: null,
      coldStart: true,
      purchases: [],
      categoryAffinity: {},
      cuisineAffinity: {},
    });
    const proposals = await novelty.prospect!(context(cold));
    expect(proposals.map((proposal) => proposal.id)).toEqual(["novelty.new-arrivals"]);
    const scores = await novelty.score(context(cold), ALL);
    expect(scores.every((score) => score.value > 0 && score.value <= 1)).toBe(true);
  });

  test("invalid options fail with INVALID_OPTIONS", () => {
    expect(() => createNoveltyDimension({ newArrivalDays: 0 })).toThrow(PluginRegistryError);
  });
});
