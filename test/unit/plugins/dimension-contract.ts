import type { DimensionPlugin } from "../../../plugins/sdk/contract";
import type { ServiceProvider } from "../../../plugins/sdk/define-service";
import { DIMENSION_NAME_PATTERN } from "../../../plugins/sdk/define-dimension";
import { fixtureCatalog, fixtureContext, runDimension, toCandidates } from "../../../plugins/sdk/testkit";

/** Generous bound on the time budget: a plugin fails only when it is this many times over budget. */
const BUDGET_FACTOR = 20;

const products = fixtureCatalog();
const warm = {
  userId: "u1",
  coldStart: false,
  ageVerified: true,
  purchases: [
    {
      productId: "p00",
      count: 6,
      lastPurchasedAt: new Date("2024-05-20T00:00:00Z"),
      reorderIntervalDays: 10,
      nextDueAt: new Date("2024-05-30T00:00:00Z"),
    },
    { productId: "p03", count: 1, lastPurchasedAt: new Date("2024-03-01T00:00:00Z") },
  ],
  categoryAffinity: { grocery: 1, snacks: 0.7, cereal: 0.3 },
  brandAffinity: { Acme: 0.5 },
  priceSensitivity: 0.8,
  bulkPreference: 1.5,
};
const baseData = {
  popularity: { p00: 1, p01: 0.5, p02: 0.2 },
  deals: [
    {
      id: "d1",
      productId: "p05",
      kind: "PERCENT_OFF" as const,
      value: 10,
      expiresAt: new Date("2024-07-01T00:00:00Z"),
      reason: "10% off",
    },
  ],
};

/**
 * The contract every dimension plugin meets, on fixture products and services (plus the services
 * `provided` by plugins, for a plugin that needs one of its own).
 */
export function describeDimensionContract(plugin: DimensionPlugin, provided: readonly ServiceProvider[] = []): void {
  const data = { ...baseData, provided };
  describe(`plugin contract: ${plugin.name}`, () => {
    test("has a valid name, a description, a weight and a budget", () => {
      expect(plugin.name).toMatch(DIMENSION_NAME_PATTERN);
      expect(plugin.description.trim().length).toBeGreaterThan(10);
      expect(plugin.defaultWeight).toBeGreaterThanOrEqual(0);
      expect(plugin.defaultWeight).toBeLessThanOrEqual(1);
      expect(plugin.budgetMs).toBeGreaterThan(0);
    });

    test.each([
      ["cold start", {}],
      ["warm shopper", warm],
    ])("%s: one score per candidate, in order, each in [0, 1] with a reason", async (_label, attributes) => {
      const { scores } = await runDimension(plugin, { products, attributes, data });
      expect(scores.map((score) => score.productId)).toEqual(products.map((product) => product._id));
      for (const score of scores) {
        expect(Number.isFinite(score.value)).toBe(true);
        expect(score.value).toBeGreaterThanOrEqual(0);
        expect(score.value).toBeLessThanOrEqual(1);
        expect(score.reason.length).toBeGreaterThan(0);
      }
    });

    test("receives exactly the services it declared in needs", async () => {
      const { context } = await runDimension(plugin, { products, attributes: warm, data });
      expect(Object.keys(context.services).sort()).toEqual([...plugin.needs].sort());
    });

    test("scores nothing for no candidates", async () => {
      expect(await plugin.score(fixtureContext({ products, attributes: warm, data }), [])).toEqual([]);
    });

    test("is deterministic for a fixed seed (scores, proposals and retrieval)", async () => {
      const first = await runDimension(plugin, { products, attributes: warm, data, seed: 7 });
      const second = await runDimension(plugin, { products, attributes: warm, data, seed: 7 });
      expect(second.scores).toEqual(first.scores);
      expect(second.proposals).toEqual(first.proposals);
      for (const proposal of first.proposals) {
        expect(proposal.relevance).toBeGreaterThanOrEqual(0);
        expect(proposal.relevance).toBeLessThanOrEqual(1);
        if (plugin.retrieve) {
          const a = await plugin.retrieve(first.context, proposal, 10);
          const b = await plugin.retrieve(second.context, proposal, 10);
          expect(b).toEqual(a);
          expect(a.length).toBeLessThanOrEqual(10);
        }
      }
    });

    test(`stays within ${BUDGET_FACTOR}× its time budget on 500 candidates`, async () => {
      const many = Array.from({ length: 500 }, (_, i) => ({ ...products[i % products.length]!, _id: `q${i}` }));
      const context = fixtureContext({ products: many, attributes: warm, data });
      const started = performance.now();
      await plugin.score(context, toCandidates(many));
      expect(performance.now() - started).toBeLessThan(plugin.budgetMs * BUDGET_FACTOR);
    });
  });
}
