import {
  computeAttributes,
  computeCategoryStats,
  median,
  normalizeSize,
  type ProductFacts,
  type PurchaseRecord,
} from "../../../subgraphs/user-profile/attributes/attributes.calculator";
import type { CategoryStatsDocument } from "../../../subgraphs/user-profile/attributes/user-attributes.document";

const DAY = 86_400_000;
const t0 = Date.parse("2024-01-01T10:00:00Z");
const at = (days: number): Date => new Date(t0 + days * DAY);

function product(id: string, overrides: Partial<ProductFacts> = {}): ProductFacts {
  return {
    id,
    vertical: "GROCERY",
    categoryId: "milk",
    brand: null,
    price: 2,
    size: null,
    tags: [],
    cuisines: [],
    ...overrides,
  };
}

function line(
  key: string,
  occasionId: string,
  productId: string,
  days: number,
  overrides: Partial<PurchaseRecord> = {},
): PurchaseRecord {
  return { key, occasionId, productId, quantity: 1, unitPrice: 2, discount: 0, at: at(days), ...overrides };
}

const products = new Map<string, ProductFacts>([
  [
    "milk-a",
    product("milk-a", {
      brand: "Acme",
      size: { dimension: "volume", amount: 1000 },
      tags: ["vegetarian", "gluten-free"],
    }),
  ],
  [
    "milk-b",
    product("milk-b", {
      brand: "Bolt",
      size: { dimension: "volume", amount: 2000 },
      tags: ["vegan", "vegetarian", "gluten-free"],
    }),
  ],
  ["bread", product("bread", { categoryId: "bread", brand: "Acme", price: 3, tags: ["vegan"] })],
  [
    "ramen",
    product("ramen", { vertical: "RESTAURANT", categoryId: "dishes", price: 12, cuisines: ["Japanese", "Asian"] }),
  ],
  ["pizza", product("pizza", { vertical: "RESTAURANT", categoryId: "dishes", price: 10, cuisines: ["italian"] })],
  ["soap", product("soap", { vertical: "RETAIL", categoryId: "soap", brand: "Clean", price: 4, tags: ["vegan"] })],
]);
const stats = new Map<string, CategoryStatsDocument>([
  [
    "milk",
    {
      _id: "milk",
      products: 4,
      medianPrice: 2,
      medianSize: { volume: 1000 },
      dietaryProducts: { vegetarian: 4, "gluten-free": 4, vegan: 1 },
    },
  ],
  ["bread", { _id: "bread", products: 2, medianPrice: 4, medianSize: {}, dietaryProducts: { vegan: 1 } }],
]);

/**
 * Three grocery orders and one restaurant order:
 *   day 0  o1: milk-a ×2 @2.00, bread ×1 @3.00
 *   day 7  o2: milk-a ×1 @1.50 (0.50 off), milk-b ×1 @2.00
 *   day 14 o3: milk-a ×4 @2.00, soap ×1 @4.00
 *   day 15 o4: ramen ×1 @12, pizza ×1 @10
 */
const records: PurchaseRecord[] = [
  line("o3#0", "order:o3", "milk-a", 14, { quantity: 4 }),
  line("o1#0", "order:o1", "milk-a", 0, { quantity: 2 }),
  line("o1#1", "order:o1", "bread", 0, { unitPrice: 3 }),
  line("o2#0", "order:o2", "milk-a", 7, { unitPrice: 1.5, discount: 0.5 }),
  line("o2#1", "order:o2", "milk-b", 7),
  line("o3#1", "order:o3", "soap", 14, { unitPrice: 4 }),
  line("o4#0", "order:o4", "ramen", 15, { unitPrice: 12 }),
  line("o4#1", "order:o4", "pizza", 15, { unitPrice: 10 }),
  line("x#0", "order:x", "gone-from-catalog", 3),
];
const computedAt = new Date("2024-02-01T00:00:00Z");

describe("computeAttributes", () => {
  const result = computeAttributes("u1", records, products, stats, computedAt);

  it("counts lines, occasions and units, ignoring products missing from the catalog", () => {
    expect(result).toMatchObject({ _id: "u1", purchaseLines: 8, occasions: 4, units: 12, asOf: at(15), computedAt });
  });

  it("derives per-item counts, reorder interval and the next due date", () => {
    // occasion weights 0.9^(later occasions): o1 0.729, o2 0.81, o3 0.9, o4 1 (sum 3.439); milk-a is in o1–o3
    expect(result.items[0]).toEqual({
      productId: "milk-a",
      purchaseCount: 3,
      occasionShare: 0.7092,
      units: 7,
      lastPurchasedAt: at(14),
      reorderIntervalDays: 7,
      nextReorderDueAt: at(21),
    });
    const bread = result.items.find((item) => item.productId === "bread")!;
    expect(bread).toMatchObject({
      purchaseCount: 1,
      occasionShare: 0.212,
      reorderIntervalDays: null,
      nextReorderDueAt: null,
    });
    // ties on count break by recency: the day-15 dishes come before the older single purchases
    expect(result.items.map((item) => item.productId)).toEqual(["milk-a", "pizza", "ramen", "soap", "milk-b", "bread"]);
  });

  it("computes category, vertical and brand shares", () => {
    expect(result.categories).toEqual([
      { key: "milk", share: 0.5, lines: 4 },
      { key: "dishes", share: 0.25, lines: 2 },
      { key: "bread", share: 0.125, lines: 1 },
      { key: "soap", share: 0.125, lines: 1 },
    ]);
    expect(result.verticals).toEqual([
      { key: "GROCERY", share: 0.625, lines: 5 },
      { key: "RESTAURANT", share: 0.25, lines: 2 },
      { key: "RETAIL", share: 0.125, lines: 1 },
    ]);
    // branded lines: Acme ×4 (milk-a ×3, bread), Bolt ×1, Clean ×1 → 6
    expect(result.brands).toEqual([
      { key: "Acme", share: 0.6667, lines: 4 },
      { key: "Bolt", share: 0.1667, lines: 1 },
      { key: "Clean", share: 0.1667, lines: 1 },
    ]);
  });

  it("measures loyalty as the top brand's share per category with at least two branded lines", () => {
    // milk: Acme 3 of 4 → 0.75; bread and soap have one branded line each and do not count
    expect(result.brandLoyalty).toBe(0.75);
    expect(result.categoryBrandLoyalty[0]).toEqual({ categoryId: "milk", brand: "Acme", share: 0.75, lines: 4 });
  });

  it("computes price index, deal share and calibrated sensitivity", () => {
    // compared lines (milk, bread medians): 2/2, 3/4, 1.5/2, 2/2, 2/2 → sum 4.5 over 5 = 0.9
    // calibrated log-odds (P10 → 0.1, P90 → 0.9, so ln 9 at the ends): deal share 1/8 = 0.125 →
    // ln9·(0.25 − 0.36 − 0.66)/0.3 = −5.6396; index 0.9 → ln9·(1.8 − 1.25 − 0.75)/(0.75 − 1.25) = 0.8789;
    // mean −2.3804 → logistic 0.0847 (a clamp would have given the deal share 0 like any share below P10)
    // discount rate: 0.5/2 = 0.25 on one of 8 lines → 0.03125
    expect(result.price).toEqual({
      index: 0.9,
      dealShare: 0.125,
      meanDiscountRate: 0.0313,
      sensitivity: 0.0847,
      linesCompared: 5,
    });
  });

  it("compares pack sizes with the category median", () => {
    // milk-a 1000/1000 ×3, milk-b 2000/1000 → mean (1+1+1+2)/4 = 1.25; bulk (≥1.5×) 1 of 4
    expect(result.size).toEqual({ index: 1.25, bulkShare: 0.25, linesCompared: 4 });
  });

  it("derives the stock-up cadence", () => {
    // occasions: day 0 (3 units), 7 (2), 14 (5), 15 (2); gaps 7, 7, 1 → median 7; units 12/4 = 3
    // median units 2.5 → stock-up trips have ≥ 5 units: 1 of 4
    expect(result.stockUp).toEqual({ medianDaysBetweenOccasions: 7, meanUnitsPerOccasion: 3, stockUpShare: 0.25 });
  });

  it("infers dietary shares over food lines only, with a confidence from the line count and a probability from the categories", () => {
    // food lines: 7 (all but soap). vegetarian: milk-a ×3 + milk-b = 4; gluten-free 4; vegan: milk-b + bread = 2
    // confidence 7 / (7 + 10)
    // probability: every milk is vegetarian and gluten-free, so those lines say nothing (the prior 0.05 stays);
    // vegan: milk-a ×3 untagged where 1 in 4 milks is vegan 3 ln 0.1, milk-b ln(0.925 / 0.25), bread ln(0.95 / 0.5),
    // plus the prior's log-odds ln(0.05 / 0.95): −7.90 → 0.0004
    expect(result.dietary).toEqual([
      { tag: "gluten-free", share: 0.5714, lines: 4, confidence: 0.4118, probability: 0.05 },
      { tag: "vegetarian", share: 0.5714, lines: 4, confidence: 0.4118, probability: 0.05 },
      { tag: "vegan", share: 0.2857, lines: 2, confidence: 0.4118, probability: 0.0004 },
    ]);
  });

  it("splits multi-cuisine dishes across their cuisines", () => {
    // ramen counts 0.5 to japanese and 0.5 to asian, pizza 1 to italian; 2 restaurant lines
    expect(result.cuisines).toEqual([
      { key: "italian", share: 0.5, lines: 1 },
      { key: "asian", share: 0.25, lines: 0.5 },
      { key: "japanese", share: 0.25, lines: 0.5 },
    ]);
  });

  it("is independent of the input order", () => {
    const shuffled = [...records].reverse();
    expect(computeAttributes("u1", shuffled, products, stats, computedAt)).toEqual(result);
  });

  it("counts PURCHASE events at list price", () => {
    const fromEvent = computeAttributes(
      "u2",
      [line("event:e1", "day:2024-01-01", "bread", 0, { unitPrice: null })],
      products,
      stats,
      computedAt,
    );
    expect(fromEvent.price.index).toBe(0.75); // list price 3 / median 4
  });

  it("keeps shoppers below the deal-share calibration range apart in price sensitivity", () => {
    // soap has no category median, so only the deal share counts; both shares are below P10 = 0.36
    const shopper = (deals: number) =>
      computeAttributes(
        "u4",
        Array.from({ length: 20 }, (_, k) =>
          line(`o${k}#0`, `order:o${k}`, "soap", k, { unitPrice: 4, discount: k < deals ? 1 : 0 }),
        ),
        products,
        stats,
        computedAt,
      );
    const few = shopper(1).price;
    const more = shopper(5).price;
    expect([few.dealShare, more.dealShare, few.index]).toEqual([0.05, 0.25, null]);
    expect(more.sensitivity!).toBeGreaterThan(few.sensitivity!);
    expect(more.sensitivity!).toBeLessThan(0.1); // still below the calibration's P10 → 0.1
    expect(shopper(0).price.sensitivity!).toBeGreaterThan(0);
  });

  it("returns empty attributes without purchases", () => {
    const empty = computeAttributes("u3", [], products, stats, computedAt);
    expect(empty).toMatchObject({
      asOf: null,
      purchaseLines: 0,
      items: [],
      brandLoyalty: null,
      price: { index: null, sensitivity: null },
      stockUp: { stockUpShare: null },
      dietary: [],
    });
  });
});

describe("helpers", () => {
  it("takes medians of odd and even lists", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it("normalizes pack sizes", () => {
    expect(normalizeSize({ value: 6, unit: "ct", count: 1, text: "6 ct" })).toEqual({ dimension: "count", amount: 6 });
    expect(normalizeSize({ value: 330, unit: "ml", count: 6, text: "6 x 330 ml" })).toEqual({
      dimension: "volume",
      amount: 1980,
    });
    expect(normalizeSize({ value: 2, unit: "lb", count: 1, text: "2 lb" })?.amount).toBeCloseTo(907.18, 2);
    expect(normalizeSize({ value: 1, unit: "furlong", count: 1, text: "?" })).toBeNull();
  });

  it("computes category medians", () => {
    const result = computeCategoryStats("c", [
      { price: 1, size: { dimension: "mass", amount: 100 }, tags: ["vegan", "organic", "sale"] },
      { price: 3, size: { dimension: "mass", amount: 300 }, tags: ["vegan"] },
      { price: 10, size: null, tags: [] },
    ]);
    expect(result).toEqual({
      _id: "c",
      products: 3,
      medianPrice: 3,
      medianSize: { mass: 200 },
      dietaryProducts: { vegan: 2, organic: 1 },
    });
  });
});
