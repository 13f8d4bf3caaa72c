import {
  allocateDeals,
  InfeasibleAllocationError,
  type AllocationConstraints,
  type DealCandidate,
} from "../../../ml/deals/deal-allocator";
import { probabilityWithDeal, DEFAULT_DEAL_RESPONSE } from "../../../ml/deals/deal-response.model";
import { SeededRandom } from "../../../core/random";

function instance(seed: number): { candidates: DealCandidate[]; constraints: AllocationConstraints } {
  const random = new SeededRandom(seed);
  const shoppers = 1 + Math.floor(random.next() * 8);
  const merchants = ["m1", "m2", "m3"];
  const candidates: DealCandidate[] = [];
  for (let u = 0; u < shoppers; u += 1) {
    const items = 1 + Math.floor(random.next() * 6);
    for (let i = 0; i < items; i += 1) {
      const price = Math.round((1 + random.next() * 30) * 100) / 100;
      const base = random.next() * 0.6;
      const options = [10, 20, 30].map((percent) => {
        const dealProbability = probabilityWithDeal(DEFAULT_DEAL_RESPONSE, base, percent / 100, random.next());
        return {
          kind: "PERCENT_OFF" as const,
          value: percent,
          costCents: Math.max(1, Math.round(price * percent)),
          baseProbability: base,
          dealProbability,
          incrementalValue: (dealProbability - base) * price,
        };
      });
      candidates.push({
        userId: `u${u}`,
        productId: `p${i}`,
        merchantId: merchants[Math.floor(random.next() * 3)]!,
        price,
        alcohol: random.next() < 0.15,
        options,
        context: "test",
      });
    }
  }
  const constraints: AllocationConstraints = {
    budgetCents: Math.floor(random.next() * 3000),
    perShopperDeals: Math.floor(random.next() * 4),
    perShopperCents: Math.floor(random.next() * 1500),
    merchantCents: { m1: Math.floor(random.next() * 1000) },
    defaultMerchantCents: Math.floor(random.next() * 2000),
    allowAlcoholDiscounts: random.next() < 0.5,
    minAllocations: 0,
  };
  return { candidates, constraints };
}

/** Exhaustive optimum over "no deal or one option" per pair (tiny instances only). */
function bruteForce(candidates: DealCandidate[], c: AllocationConstraints): number {
  let best = 0;
  const visit = (
    i: number,
    spent: number,
    value: number,
    deals: Map<string, number>,
    cents: Map<string, number>,
    merchants: Map<string, number>,
  ): void => {
    if (i === candidates.length) {
      best = Math.max(best, value);
      return;
    }
    visit(i + 1, spent, value, deals, cents, merchants);
    const candidate = candidates[i]!;
    if (candidate.alcohol && !c.allowAlcoholDiscounts) return;
    for (const option of candidate.options) {
      if (option.incrementalValue <= 0) continue;
      const cost = option.costCents;
      const limit = c.merchantCents[candidate.merchantId] ?? c.defaultMerchantCents;
      if (
        spent + cost > c.budgetCents ||
        (deals.get(candidate.userId) ?? 0) + 1 > c.perShopperDeals ||
        (cents.get(candidate.userId) ?? 0) + cost > c.perShopperCents ||
        (merchants.get(candidate.merchantId) ?? 0) + cost > limit
      )
        continue;
      visit(
        i + 1,
        spent + cost,
        value + option.incrementalValue,
        new Map(deals).set(candidate.userId, (deals.get(candidate.userId) ?? 0) + 1),
        new Map(cents).set(candidate.userId, (cents.get(candidate.userId) ?? 0) + cost),
        new Map(merchants).set(candidate.merchantId, (merchants.get(candidate.merchantId) ?? 0) + cost),
      );
    }
  };
  visit(0, 0, 0, new Map(), new Map(), new Map());
  return best;
}

test("over 300 random instances the budget, shopper caps, merchant limits and alcohol rule always hold", () => {
  for (let seed = 1; seed <= 300; seed += 1) {
    const { candidates, constraints } = instance(seed);
    const result = allocateDeals(candidates, constraints);
    const spent = result.allocations.reduce((sum, a) => sum + a.costCents, 0);
    expect(spent).toBe(result.spentCents);
    expect(spent).toBeLessThanOrEqual(constraints.budgetCents);
    const byShopper = new Map<string, { n: number; cents: number }>();
    const byMerchant = new Map<string, number>();
    const pairs = new Set<string>();
    for (const a of result.allocations) {
      const s = byShopper.get(a.userId) ?? { n: 0, cents: 0 };
      byShopper.set(a.userId, { n: s.n + 1, cents: s.cents + a.costCents });
      byMerchant.set(a.merchantId, (byMerchant.get(a.merchantId) ?? 0) + a.costCents);
      expect(pairs.has(`${a.userId}|${a.productId}`)).toBe(false);
      pairs.add(`${a.userId}|${a.productId}`);
      const candidate = candidates.find((c) => c.userId === a.userId && c.productId === a.productId)!;
      if (!constraints.allowAlcoholDiscounts) expect(candidate.alcohol).toBe(false);
      expect(a.explanation).toMatch(/% off: test; predicted purchase .* → /);
    }
    for (const s of byShopper.values()) {
      expect(s.n).toBeLessThanOrEqual(constraints.perShopperDeals);
      expect(s.cents).toBeLessThanOrEqual(constraints.perShopperCents);
    }
    for (const [merchant, cents] of byMerchant)
      expect(cents).toBeLessThanOrEqual(constraints.merchantCents[merchant] ?? constraints.defaultMerchantCents);
    expect(result.expectedIncrementalValue).toBeLessThanOrEqual(result.upperBound + 1e-9);
  }
});

test("the Lagrangian bound is never below the exhaustive optimum, and greedy gets close to it", () => {
  let ratio = 0;
  let counted = 0;
  for (let seed = 1; seed <= 60; seed += 1) {
    const { candidates, constraints } = instance(seed);
    const small = candidates.slice(0, 7);
    const optimum = bruteForce(small, constraints);
    const result = allocateDeals(small, constraints);
    expect(result.upperBound).toBeGreaterThanOrEqual(optimum - 1e-9);
    expect(result.expectedIncrementalValue).toBeLessThanOrEqual(optimum + 1e-9);
    if (optimum > 0) {
      ratio += result.expectedIncrementalValue / optimum;
      counted += 1;
    }
  }
  expect(ratio / counted).toBeGreaterThan(0.8);
});

test("infeasible constraints throw instead of returning a partial allocation", () => {
  const { candidates, constraints } = instance(4);
  expect(() => allocateDeals(candidates, { ...constraints, budgetCents: -1 })).toThrow(InfeasibleAllocationError);
  expect(() => allocateDeals(candidates, { ...constraints, budgetCents: 0, minAllocations: 1 })).toThrow(/budget of 0/);
  expect(() =>
    allocateDeals(candidates, {
      ...constraints,
      budgetCents: 100000,
      perShopperDeals: 5,
      perShopperCents: 100000,
      defaultMerchantCents: 100000,
      merchantCents: {},
      minAllocations: 10_000,
    }),
  ).toThrow(/10000 are required/);
});

test("a deeper discount never lowers the purchase probability and the cap holds", () => {
  let previous = 0;
  for (const depth of [0, 0.1, 0.2, 0.3, 0.5, 0.9]) {
    const p = probabilityWithDeal(DEFAULT_DEAL_RESPONSE, 0.3, depth, 0.7);
    expect(p).toBeGreaterThanOrEqual(previous);
    expect(p).toBeLessThanOrEqual(DEFAULT_DEAL_RESPONSE.maxProbability);
    previous = p;
  }
  expect(probabilityWithDeal(DEFAULT_DEAL_RESPONSE, 0.3, 0.2, 1)).toBeGreaterThan(
    probabilityWithDeal(DEFAULT_DEAL_RESPONSE, 0.3, 0.2, 0),
  );
});

test("a pool of the large seed's size (hundreds of thousands of options) is allocated within budget", () => {
  const candidates: DealCandidate[] = Array.from({ length: 100_000 }, (_, i) => ({
    userId: `u${i}`,
    productId: "p",
    merchantId: "m1",
    price: 5,
    alcohol: false,
    options: [10, 20, 30].map((percent) => ({
      kind: "PERCENT_OFF" as const,
      value: percent,
      costCents: 5 * percent,
      baseProbability: 0.2,
      dealProbability: 0.2 + percent / 1000 + (i % 97) / 1e5,
      incrementalValue: (percent / 1000 + (i % 97) / 1e5) * 5,
    })),
    context: "test",
  }));
  const result = allocateDeals(candidates, {
    budgetCents: 100_000,
    perShopperDeals: 1,
    perShopperCents: 1_000,
    merchantCents: {},
    defaultMerchantCents: 1_000_000,
    allowAlcoholDiscounts: false,
    minAllocations: 0,
  });
  expect(result.spentCents).toBeLessThanOrEqual(100_000);
  expect(result.allocations.length).toBeGreaterThan(0);
});
