import { createFamiliarityDimension, dueness } from "../../../plugins/familiarity/familiarity.dimension";
import { FIXTURE_NOW, fixtureProduct, runDimension } from "../../../plugins/sdk/testkit";

const familiarity = createFamiliarityDimension();
const day = 86_400_000;
const ago = (days: number) => new Date(FIXTURE_NOW.getTime() - days * day);
const products = [
  fixtureProduct("often", { categoryId: "milk", categoryPath: ["grocery", "milk"] }),
  fixtureProduct("once-long-ago", { categoryId: "milk", categoryPath: ["grocery", "milk"] }),
  fixtureProduct("liked-brand", { brand: "Acme", categoryId: "tea", categoryPath: ["grocery", "tea"] }),
  fixtureProduct("stranger", { categoryId: "tools", categoryPath: ["retail", "tools"], vertical: "RETAIL" }),
  fixtureProduct("new-in-milk", { categoryId: "milk", categoryPath: ["grocery", "milk"] }),
];
const attributes = {
  userId: "u1",
  coldStart: false,
  purchases: [
    { productId: "often", count: 8, lastPurchasedAt: ago(7), reorderIntervalDays: 7, nextDueAt: FIXTURE_NOW },
    { productId: "once-long-ago", count: 1, lastPurchasedAt: ago(300) },
    { productId: "p3", count: 2, lastPurchasedAt: ago(3) },
  ],
  categoryAffinity: { grocery: 1, milk: 0.6, tea: 0.1 },
  brandAffinity: { Acme: 0.4 },
};

test("frequent, recent, due items score above rare old ones, which score above strangers", async () => {
  const { scores } = await runDimension(familiarity, {
    products,
    attributes,
    data: { popularity: { often: 1, "once-long-ago": 0.1 } },
  });
  const value = Object.fromEntries(scores.map((score) => [score.productId, score.value]));
  expect(value.often).toBeGreaterThan(value["once-long-ago"]!);
  expect(value["liked-brand"]).toBeGreaterThan(value.stranger!);
  expect(scores[0]!.reason).toMatch(/every 7 days and it is due/);
  expect(scores[2]!.reason).toBe("You often buy Acme");
});

test("a new item borrows its category neighbours' popularity", async () => {
  const { scores } = await runDimension(familiarity, {
    products,
    attributes: {},
    data: { popularity: { often: 1, "once-long-ago": 0.6 } },
  });
  const newItem = scores.find((score) => score.productId === "new-in-milk")!;
  expect(newItem.value).toBeGreaterThan(0);
  expect(newItem.reason).toMatch(/New, like popular items/);
});

test("due-ness peaks when the reorder is due", () => {
  const item = { productId: "x", count: 3, lastPurchasedAt: ago(10), reorderIntervalDays: 10, nextDueAt: FIXTURE_NOW };
  expect(dueness(item, FIXTURE_NOW)).toBe(1);
  expect(dueness({ ...item, nextDueAt: ago(-5) }, FIXTURE_NOW)).toBeCloseTo(0.5);
  expect(dueness({ ...item, reorderIntervalDays: undefined, nextDueAt: undefined }, FIXTURE_NOW)).toBe(0);
});

test("proposes Buy it again (and Your usual at a store) only with history", async () => {
  expect((await runDimension(familiarity, { products, attributes: {} })).proposals).toEqual([]);
  const home = await runDimension(familiarity, { products, attributes });
  expect(home.proposals.map((proposal) => proposal.title)).toEqual(["Buy it again"]);
  const store = await runDimension(familiarity, {
    products,
    attributes: { ...attributes, surface: "STORE", storeId: "s1", storeName: "Corner Market" },
  });
  expect(store.proposals.map((proposal) => proposal.title)).toEqual(["Your usual at Corner Market", "Buy it again"]);
  const retrieved = await familiarity.retrieve!(home.context, home.proposals[0]!, 2);
  expect(retrieved.map((hit) => hit.productId)).toEqual(["often", "p3"]);
});
