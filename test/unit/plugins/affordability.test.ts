import { createAffordabilityDimension } from "../../../plugins/affordability/affordability.dimension";
import { fixtureProduct, runDimension } from "../../../plugins/sdk/testkit";

const affordability = createAffordabilityDimension();
const products = [
  fixtureProduct("cheap", { unitPrice: { value: 2, per: "kg" } }),
  fixtureProduct("typical", { unitPrice: { value: 5, per: "kg" } }),
  fixtureProduct("pricey", { unitPrice: { value: 9, per: "kg" } }),
  fixtureProduct("deal", { unitPrice: { value: 5, per: "kg" } }),
];
const deals = [
  {
    id: "d1",
    productId: "deal",
    kind: "PERCENT_OFF" as const,
    value: 20,
    expiresAt: new Date("2030-01-01T00:00:00Z"),
    reason: "20% off your usual",
  },
];

test("a price-sensitive shopper: value for money and deals score higher", async () => {
  const { scores } = await runDimension(affordability, {
    products,
    attributes: { userId: "u1", priceSensitivity: 1 },
    data: { deals },
  });
  const value = Object.fromEntries(scores.map((score) => [score.productId, score.value]));
  expect(value.cheap).toBeGreaterThan(value.typical!);
  expect(value.typical).toBeGreaterThan(value.pricey!);
  expect(value.deal).toBeGreaterThan(value.typical!);
  expect(scores[0]!.reason).toBe("60% below the usual price per kg in its category");
  expect(scores[3]!.reason).toBe("Your deal: 20% off your usual");
});

test("a price-indifferent shopper: neutral", async () => {
  const { scores } = await runDimension(affordability, { products, attributes: { priceSensitivity: 0 } });
  expect(new Set(scores.map((score) => score.value))).toEqual(new Set([0.5]));
});

test("Deals for you only when deals or value items exist", async () => {
  const none = await runDimension(affordability, { products: [fixtureProduct("only")], attributes: { userId: "u1" } });
  expect(none.proposals).toEqual([]);
  const some = await runDimension(affordability, {
    products: [...products, fixtureProduct("cheaper", { unitPrice: { value: 3, per: "kg" } })],
    attributes: { userId: "u1", categoryAffinity: { snacks: 1 } },
    data: { deals },
  });
  expect(some.proposals.map((proposal) => proposal.title)).toEqual(["Deals for you"]);
  const items = await affordability.retrieve!(some.context, some.proposals[0]!, 10);
  expect(items[0]!.productId).toBe("deal");
  expect(items.map((hit) => hit.productId)).toContain("cheap");
  expect(items.map((hit) => hit.productId)).not.toContain("pricey");
});

/** Bread sold by weight, buns by the item, a loaf without a size, one estimated price: the hamburger-bun case. */
const bakery = [
  ...[4, 5, 6, 7].map((perKg, i) =>
    fixtureProduct(`loaf${i}`, {
      categoryId: "bread",
      categoryPath: ["grocery", "bread"],
      price: perKg * 0.68,
      unitPrice: { value: perKg, per: "kg" },
    }),
  ),
  ...[0.45, 0.5, 0.55].map((perItem, i) =>
    fixtureProduct(`buns${i}`, {
      categoryId: "bread",
      categoryPath: ["grocery", "bread"],
      price: perItem * 8,
      unitPrice: { value: perItem, per: "item" },
    }),
  ),
  fixtureProduct("cheap-buns", {
    categoryId: "bread",
    categoryPath: ["grocery", "bread"],
    price: 2.4,
    unitPrice: { value: 0.3, per: "item" },
  }),
  fixtureProduct("rolls-l", {
    categoryId: "bread",
    categoryPath: ["grocery", "bread"],
    price: 2,
    unitPrice: { value: 2, per: "l" },
  }),
  fixtureProduct("estimated", {
    categoryId: "bread",
    categoryPath: ["grocery", "bread"],
    price: 0.5,
    priceEstimated: true,
    unitPrice: { value: 0.06, per: "item" },
  }),
];

test("prices are compared per kg with per kg and per item with per item, never across units", async () => {
  const { scores } = await runDimension(affordability, {
    products: bakery,
    attributes: { userId: "u1", priceSensitivity: 1 },
  });
  const reason = Object.fromEntries(scores.map((score) => [score.productId, score.reason]));
  // 0.30 per item against the per-item median 0.475 (0.3, 0.45, 0.5, 0.55), not against 5.5 per kg (which said "95% below").
  expect(reason["cheap-buns"]).toBe("37% below the usual price per item in its category");
  expect(reason.loaf0).toBe("27% below the usual price per kg in its category");
  expect(reason.loaf1).toBe("Typical price per kg for its category");
  expect(reason.loaf3).toBe("Pricier per kg than most in its category");
  // Alone in its basis (one price per litre): nothing to compare with, so no percentage.
  expect(reason["rolls-l"]).toBe("Too few comparable prices in its category to compare");
  expect(reason.estimated).toBe("Estimated price: not compared with its category");
  for (const text of Object.values(reason)) expect(text).not.toMatch(/per unit/);
});
