import type { ProductDocument } from "../../../core/documents/product.document";
import {
  lexiconMatchOf,
  offlineBundlePlan,
  statedDiets,
  topicPhrases,
} from "../../../core/llm/features/bundle.planner";
import { fitToBudget, type SlotCandidate } from "../../../subgraphs/personalization/bundle.service";

const candidate = (id: string, price: number, score: number): SlotCandidate => ({
  product: { _id: id } as ProductDocument,
  price,
  score,
  reasons: [],
});

const ids = (picks: Array<SlotCandidate | null> | null) => picks?.map((pick) => pick?.product._id ?? null) ?? null;

describe("fitToBudget: one candidate per slot within the budget", () => {
  test("trades a dearer first choice for a cheaper one so an optional slot fits, instead of dropping it", () => {
    const pools = [
      [candidate("wine-a", 30, 2), candidate("wine-b", 18, 1)],
      [candidate("chocolate", 8, 1)],
      [candidate("flowers", 20, 1)],
    ];
    // First choices cost 58 > 50: the cheaper wine lets the flowers in (46).
    expect(ids(fitToBudget(pools, [true, true, false], 50))).toEqual(["wine-b", "chocolate", "flowers"]);
    // Room for everything: the shopper's first choices.
    expect(ids(fitToBudget(pools, [true, true, false], 100))).toEqual(["wine-a", "chocolate", "flowers"]);
  });

  test("never exceeds the budget, drops an optional slot that cannot fit, and keeps the best scores that fit", () => {
    const pools = [
      [candidate("pasta-a", 3.49, 1.5), candidate("pasta-b", 1.99, 1)],
      [candidate("sauce-a", 6.99, 1.2), candidate("sauce-b", 2.49, 0.5)],
      [candidate("cheese", 12.99, 1)],
    ];
    const picks = fitToBudget(pools, [true, true, false], 10)!;
    // 3.49 + 6.99 is over: the cheaper pasta keeps the preferred sauce (score 2.2 against 2.0 the other way).
    expect(ids(picks)).toEqual(["pasta-b", "sauce-a", null]);
    expect(picks.reduce((sum, pick) => sum + (pick?.price ?? 0), 0)).toBeLessThanOrEqual(10);
    // Prices rounded to the budget's steps never round a total over it.
    const exact = fitToBudget([[candidate("a", 3.33, 1)], [candidate("b", 6.67, 1)]], [true, true], 10)!;
    expect(ids(exact)).toEqual(["a", "b"]);
  });

  test("null when the required slots cannot all fit; a product fills one slot only", () => {
    expect(fitToBudget([[candidate("a", 30, 1)], [candidate("b", 30, 1)]], [true, true], 50)).toBeNull();
    const shared = candidate("chips", 3, 2);
    const picks = fitToBudget(
      [
        [shared, candidate("pretzels", 4, 1)],
        [candidate("chips", 3, 1), candidate("popcorn", 5, 0.5)],
      ],
      [true, true],
      20,
    );
    expect(ids(picks)).toEqual(["chips", "popcorn"]);
  });
});

describe("the offline planner", () => {
  test("a compound intent plans both dishes; a named ingredient is searched first", () => {
    const plan = offlineBundlePlan({ intent: "tacos with guacamole for 4", budget: null });
    expect(plan.kind).toBe("recipe");
    expect(plan.title).toBe("Tacos and Guacamole");
    expect(plan.slots.map((slot) => slot.role)).toEqual(expect.arrayContaining(["tortillas", "avocados"]));
    expect(plan.slots.length).toBeLessThanOrEqual(8);
    const named = offlineBundlePlan({ intent: "stir fry with tofu", budget: null });
    expect(named.slots[0]!.queries[0]).toBe("tofu");
  });

  test("the most specific dish wins over a broader one it contains", () => {
    expect(offlineBundlePlan({ intent: "chicken tikka masala curry night", budget: null }).title).toBe(
      "Chicken tikka masala",
    );
  });

  test("a present for someone is a gift even without the word; without an interest it is a classic gift, not the intent's words", () => {
    const forGrandpa = offlineBundlePlan({ intent: "something for grandpa", budget: null });
    expect(forGrandpa.kind).toBe("gift");
    expect(forGrandpa.slots.flatMap((slot) => slot.queries)).not.toContain("grandpa");
    expect(forGrandpa.slots[0]!.required).toBe(true);
    const anniversary = offlineBundlePlan({ intent: "anniversary present for my husband", budget: null });
    expect(anniversary).toMatchObject({ kind: "gift", title: "Date night gift" });
    // An occasion with a recipient-free wording stays an occasion.
    expect(offlineBundlePlan({ intent: "kids birthday party", budget: null }).kind).toBe("occasion");
  });

  test("diets an intent states", () => {
    expect(statedDiets("Vegan chili for 6")).toEqual(["vegan"]);
    expect(statedDiets("gluten free meatless pizza night")).toEqual(["vegetarian", "gluten-free"]);
    expect(statedDiets("pizza night")).toEqual([]);
  });
});

describe("the intent's own structure, for the data-backed planner", () => {
  test("topic phrases: what the intent names, split at connectors, without budgets, party sizes or who and when", () => {
    expect(topicPhrases("steak and potatoes dinner for 2 under $40")).toEqual(["steak", "potatoes"]);
    expect(topicPhrases("a gift for my neighbor who loves rum")).toEqual(["rum"]);
    expect(topicPhrases("mushroom risotto for six")).toEqual(["mushroom risotto"]);
    expect(topicPhrases("birthday present for a new dad")).toEqual([]);
    // Who a present is for is never what it is.
    expect(topicPhrases("flowers and chocolates for my mother")).toEqual(["flowers", "chocolates"]);
    expect(topicPhrases("candles for my neighbors")).toEqual(["candles"]);
  });

  test("which lexicon plans an intent, or none (the data plans it)", () => {
    expect(lexiconMatchOf("gift for a coffee lover")).toBe("interest");
    expect(lexiconMatchOf("a gift for a rum fan")).toBe("classic-gift");
    expect(lexiconMatchOf("spaghetti bolognese for 2")).toBe("recipe");
    expect(lexiconMatchOf("movie night snacks")).toBe("occasion");
    expect(lexiconMatchOf("mushroom risotto for 2")).toBeNull();
  });
});
