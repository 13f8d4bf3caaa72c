import "reflect-metadata";
import { markSnippet } from "../../../subgraphs/catalog/search/highlights";
import { foldPlural, processTerm, terms } from "../../../core/text/search-terms";
import { validateProductFilter } from "../../../subgraphs/catalog/product-page.finder";

describe("search terms", () => {
  test.each([
    ["bananas", "banana"],
    ["banana", "banana"],
    ["berries", "berry"],
    ["berry", "berry"],
    ["cookies", "cooky"],
    ["cookie", "cooky"],
    ["tomatoes", "tomato"],
    ["peaches", "peach"],
    ["boxes", "box"],
    ["glass", "glass"],
    ["hummus", "hummus"],
    ["chips", "chip"],
    ["oats", "oat"],
    ["12oz", "12oz"],
    ["bus", "bus"],
  ])("folds %s to %s", (word, term) => {
    expect(foldPlural(word)).toBe(term);
  });

  test("lower-cases, strips accents and apostrophes, drops stop words", () => {
    expect(terms("Ben & Jerry's Crème Brûlée with the Cookies")).toEqual(["ben", "jerry", "creme", "brulee", "cooky"]);
    expect(processTerm("The")).toBeNull();
  });
});

describe("markSnippet", () => {
  test("marks matching words, escapes HTML and cuts long text around the first match", () => {
    expect(markSnippet("Organic Bananas <3", new Set(["banana"]))).toBe("Organic <mark>Bananas</mark> &lt;3");
    const long = `${"filler ".repeat(40)}banana ${"tail ".repeat(40)}`;
    const snippet = markSnippet(long, new Set(["banana"]));
    expect(snippet.startsWith("…")).toBe(true);
    expect(snippet.endsWith("…")).toBe(true);
    expect(snippet).toContain("<mark>banana</mark>");
    expect(snippet.length).toBeLessThan(200);
  });
});

describe("validateProductFilter", () => {
  test("normalizes tags and accepts a valid range", () => {
    expect(validateProductFilter({ tags: ["Vegan", "vegan"], minPrice: 0, maxPrice: 3 })).toEqual({
      merchantId: undefined,
      tags: ["vegan"],
      minPrice: 0,
      maxPrice: 3,
      inStock: false,
    });
  });

  test.each([
    [{ minPrice: -0.01 }, "filter.minPrice"],
    [{ maxPrice: Number.NaN }, "filter.maxPrice"],
    [{ minPrice: 2, maxPrice: 1 }, "filter.minPrice"],
    [{ inStock: true }, "filter.inStock"],
    [{ merchantId: "bad id!" }, "filter.merchantId"],
    [{ tags: [""] }, "filter.tags"],
  ])("rejects %j naming %s", (filter, field) => {
    expect(() => validateProductFilter(filter)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field }) }),
    );
  });
});
