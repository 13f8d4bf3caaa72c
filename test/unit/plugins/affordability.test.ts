import { createAffordabilityDimension } from "../../../plugins/affordability/affordability.dimension";
import { fixtureProduct, runDimension } from "../../../plugins/sdk/testkit";

const affordability = createAffordabilityDimension();
const products = [
  fixtureProduct("cheap", { unitPrice: { value: 2, per: "kg" } }),
  fixtureProduct("typical", { unitPrice: { value: 5, per: "kg" } }),
  fixtureProduct("pricey", { unitPrice: { value: 9, per: "kg" } }),
  fixtureProduct("deal", { unitPrice: { value: 5, per: "kg" } }),
];
const deals = [{ id: "d1", productId: "deal", kind: "PERCENT_OFF" as const, value: 20, expiresAt: new Date("2030-01-01T00:00:00Z"), reason: "20% off your usual" }];

test("a price-sensitive shopper: value for money and deals score higher", async () => {
  const { scores } = await runDimension(affordability, { products, attributes: { userId: "u1", priceSensitivity: 1 }, data: { deals } });
  const value = Object.fromEntries(scores.map((score) => [score.productId, score.value]));
  expect(value.cheap).toBeGreaterThan(value.typical!);
  expect(value.typical).toBeGreaterThan(value.pricey!);
  expect(value.deal).toBeGreaterThan(value.typical!);
  expect(scores[0]!.reason).toMatch(/below the usual price per unit/);
  expect(scores[3]!.reason).toBe("Your deal: 20% off your usual");
});

test("a price-indifferent shopper: neutral", async () => {
  const { scores } = await runDimension(affordability, { products, attributes: { priceSensitivity: 0 } });
  expect(new Set(scores.map((score) => score.value))).toEqual(new Set([0.5]));
});

test("Deals for you only when deals or value items exist", async () => {
  const none = await runDimension(affordability, { products: [fixtureProduct("only")], attributes: { userId: "u1" } });
  expect(none.proposals).toEqual([]);
  const some = await runDimension(affordability, { products: [...products, fixtureProduct("cheaper", { unitPrice: { value: 3, per: "kg" } })], attributes: { userId: "u1", categoryAffinity: { snacks: 1 } }, data: { deals } });
  expect(some.proposals.map((proposal) => proposal.title)).toEqual(["Deals for you"]);
  const items = await affordability.retrieve!(some.context, some.proposals[0]!, 10);
  expect(items[0]!.productId).toBe("deal");
  expect(items.map((hit) => hit.productId)).toContain("cheap");
  expect(items.map((hit) => hit.productId)).not.toContain("pricey");
});
