import { matchScore, narrowContext, promptTokenReport, termsOf } from "../../../core/llm/context-narrowing";
import { CATEGORIES, ITEMS } from "./rewrite-catalog.fixture";

describe("hierarchical context narrowing", () => {
  it("folds accents and plurals when matching", () => {
    expect(termsOf("  Ragù  and the Sauces ")).toEqual(["ragu", "sauces"]);
    expect(matchScore(["ragu"], "Tagliatelle al Ragù")).toBe(1);
    expect(matchScore(["sauces"], "Pasta Sauce")).toBe(1);
    expect(matchScore(["ragu"], "Rao's Marinara")).toBe(0);
  });

  it("keeps only the matching subtrees and items for 'ragu'", () => {
    const context = narrowContext("ragu", CATEGORIES, ITEMS);
    const ids = context.categories.map((category) => category.id);
    expect(ids).toEqual(
      expect.arrayContaining(["grocery", "pantry", "pasta-sauce", "restaurant", "restaurant-italian"]),
    );
    expect(ids).not.toContain("alcohol");
    expect(ids).not.toContain("fruit");
    expect(context.items.map((item) => item.id)).not.toContain("p-banana");
    expect(context.items.map((item) => item.id)).toEqual(
      expect.arrayContaining(["p-ragu-traditional", "d-tagliatelle", "p-barilla-bolognese"]),
    );
    expect(context.brands).toEqual(["Barilla", "Ragu"]);
  });

  it("caps items and spreads them across categories", () => {
    const context = narrowContext("ragu", CATEGORIES, ITEMS, { maxItems: 2 });
    expect(context.items).toHaveLength(2);
    expect(new Set(context.items.map((item) => item.categoryId)).size).toBe(2);
  });

  it("matches category names and shows a matched department's aisles", () => {
    const context = narrowContext("pantry", CATEGORIES, ITEMS);
    expect(context.categories.map((category) => category.id).sort()).toEqual([
      "dry-pasta",
      "grocery",
      "pantry",
      "pasta-sauce",
    ]);
  });

  it("falls back to the top two levels when nothing matches", () => {
    const context = narrowContext("zzzz qqqq", CATEGORIES, ITEMS);
    expect(context.items).toEqual([]);
    expect(context.categories.every((category) => category.depth <= 1)).toBe(true);
  });

  it("adds items sharing a Semantic-ID prefix with a lexical match", () => {
    const withIds = ITEMS.map((item) => ({
      ...item,
      semanticId: item.id === "p-ragu-traditional" ? "3-7-1" : item.id === "p-raos" ? "3-7-9" : "9-9-9",
    }));
    const context = narrowContext("ragu traditional", CATEGORIES, withIds);
    expect(context.items.map((item) => item.id)).toContain("p-raos");
  });

  it("reports fewer prompt tokens than the whole tree", () => {
    const context = narrowContext("ragu", CATEGORIES, ITEMS);
    const report = promptTokenReport(context, CATEGORIES, ITEMS);
    expect(report.narrowedTokens).toBeLessThan(report.naiveTokens);
    expect(report.narrowedCategories).toBeLessThan(report.naiveCategories);
    expect(report.reduction).toBeGreaterThan(1);
  });
});
