import {
  countDietaryProducts,
  DIET_COMPLIANCE,
  DIET_PRIOR,
  DietEvidence,
} from "../../../subgraphs/user-profile/attributes/diet-evidence";
import type { CategoryStatsDocument } from "../../../subgraphs/user-profile/attributes/user-attributes.document";

const TAGS = ["vegan", "gluten-free"];

function stats(
  id: string,
  products: number,
  dietaryProducts: Record<string, number> | undefined,
): [string, CategoryStatsDocument] {
  return [id, { _id: id, products, medianPrice: 1, medianSize: {}, ...(dietaryProducts ? { dietaryProducts } : {}) }];
}

// Produce: every product vegan. Milk: 1 in 10 vegan (oat milk). Cheese: none vegan. Old: stats stored before tag counts.
const categories = new Map<string, CategoryStatsDocument>([
  stats("produce", 50, { vegan: 50, "gluten-free": 50 }),
  stats("milk", 10, { vegan: 1, "gluten-free": 10 }),
  stats("cheese", 20, { "gluten-free": 20 }),
  stats("old", 10, undefined),
]);

function shopper(lines: Array<[string, string[]]>): DietEvidence {
  const evidence = new DietEvidence(TAGS, categories);
  for (const [categoryId, tags] of lines) evidence.addLine(categoryId, tags);
  return evidence;
}

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

test("with no evidence the probability is the prior; categories without the tag or without counts are no evidence", () => {
  expect(shopper([]).probability("vegan")).toBeCloseTo(DIET_PRIOR, 10);
  expect(
    shopper([
      ["cheese", ["gluten-free"]],
      ["old", []],
      ["unknown", []],
    ]).probability("vegan"),
  ).toBeCloseTo(DIET_PRIOR, 10);
});

test("buying where every product carries the tag says nothing; choosing the rare tagged option says much", () => {
  expect(
    shopper(Array.from({ length: 30 }, () => ["produce", ["vegan", "gluten-free"]] as [string, string[]])).probability(
      "vegan",
    ),
  ).toBeCloseTo(DIET_PRIOR, 10);
  // Oat milk four times: each line ln((0.9 + 0.1 × 0.1) / 0.1) = ln 9.1.
  const oatMilk = shopper(Array.from({ length: 4 }, () => ["milk", ["vegan", "gluten-free"]] as [string, string[]]));
  expect(oatMilk.probability("vegan")).toBeCloseTo(
    sigmoid(logit(DIET_PRIOR) + 4 * Math.log(DIET_COMPLIANCE + (1 - DIET_COMPLIANCE) * 0.1) - 4 * Math.log(0.1)),
    10,
  );
  expect(oatMilk.probability("vegan")).toBeGreaterThan(0.9);
});

test("an untagged line where the category offers the tag counts against, so a half-vegan basket is not vegan", () => {
  // Half the milk lines oat milk: far above the 10% anyone would reach, but the dairy milk says no.
  const half = shopper([
    ["milk", ["vegan"]],
    ["milk", []],
    ["milk", ["vegan"]],
    ["milk", []],
    ["produce", ["vegan"]],
  ]);
  expect(half.probability("vegan")).toBeLessThan(0.5);
  // One untagged line among many tagged ones (an incomplete tag) still leaves the diet likely.
  const mostly = shopper([...Array.from({ length: 6 }, () => ["milk", ["vegan"]] as [string, string[]]), ["milk", []]]);
  expect(mostly.probability("vegan")).toBeGreaterThan(0.9);
});

test("dietary products are counted per tag, other tags ignored", () => {
  expect(
    countDietaryProducts(TAGS, [{ tags: ["vegan", "sale"] }, { tags: ["vegan", "gluten-free"] }, { tags: [] }]),
  ).toEqual({ vegan: 2, "gluten-free": 1 });
});
