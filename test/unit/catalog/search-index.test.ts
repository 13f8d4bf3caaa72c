import { SearchIndex, type SearchableProduct } from "../../../subgraphs/catalog/search/search-index";

const CATEGORY_NAMES = new Map([
  ["juice", "Juice & Nectars"],
  ["spreads", "Spreads"],
  ["bread", "Bread"],
  ["candy", "Candy & Chocolate"],
  ["dairy", "Milk"],
]);

let next = 0;
const product = (name: string, category: string, brand = "Acme"): SearchableProduct => ({
  _id: `p${(next += 1)}`,
  name,
  brand,
  categoryPath: [category],
  tags: [],
});

function indexOf(products: SearchableProduct[]): SearchIndex {
  const index = new SearchIndex((id) => CATEGORY_NAMES.get(id));
  for (const entry of products) index.add(entry);
  return index;
}

const CATALOG = [
  product("Fresh Orange Juice", "juice"),
  product("Orange Juice No Pulp", "juice"),
  product("Organic Orange Juice with Calcium", "juice"),
  product("Original Jam", "spreads"),
  product("Creamy Peanut Butter", "spreads"),
  product("Crunchy Peanut Butter", "spreads"),
  product("Natural Peanut Butter", "spreads"),
  product("Peanut Butter Cups", "candy"),
  product("Whole Wheat Bread", "bread"),
  product("Whole Wheat Sandwich Bread", "bread"),
  product("Whole Wheat Bagels", "bread"),
  product("White Bread", "bread"),
  product("Chocolate Milk", "dairy"),
  product("Organic Whole Milk", "dairy"),
  product("Macaroni and Cheese", "dairy"),
];

const names = (index: SearchIndex, text: string): string[] => {
  const byId = new Map(CATALOG.map((entry) => [entry._id, entry.name]));
  return index.search(text, 10).hits.map((hit) => byId.get(hit.id)!);
};

describe("query words read against the catalog's own words", () => {
  const index = indexOf(CATALOG);

  test("an abbreviation the product names spell out matches its phrase", () => {
    expect(names(index, "oj")).toEqual(
      expect.arrayContaining(["Fresh Orange Juice", "Orange Juice No Pulp", "Organic Orange Juice with Calcium"]),
    );
    expect(names(index, "oj")).toHaveLength(3);
    expect(names(index, "pb cups")).toEqual(["Peanut Butter Cups"]);
    expect(names(index, "ww bread")).toEqual(
      expect.arrayContaining(["Whole Wheat Bread", "Whole Wheat Sandwich Bread"]),
    );
    expect(names(index, "ww bread")).not.toContain("White Bread");
  });

  test("a truncated word matches as the start of catalog words", () => {
    expect(names(index, "choc milk")).toEqual(["Chocolate Milk"]);
    expect(names(index, "org milk")).toEqual(["Organic Whole Milk"]);
  });

  test("a word the catalog never uses, in any form, does not empty the search", () => {
    expect(names(index, "mac n cheese")).toEqual(["Macaroni and Cheese"]);
  });

  test("initials no phrase dominates, or spelled by too few names, are not expanded", () => {
    // "Original Jam" once against "Orange Juice" three times: "oj" is orange juice, never jam.
    expect(names(index, "oj")).not.toContain("Original Jam");
    // "cm" ("Chocolate Milk") is named by one product only: not an abbreviation of this catalog.
    expect(names(index, "cm")).toEqual([]);
  });

  test("words the catalog uses are searched as before: all must match, the last also as a prefix", () => {
    expect(names(index, "peanut butter")).toHaveLength(4);
    expect(names(index, "whole whe")).toEqual(
      expect.arrayContaining(["Whole Wheat Bread", "Whole Wheat Sandwich Bread", "Whole Wheat Bagels"]),
    );
    expect(names(index, "orange juice pulp")).toEqual(["Orange Juice No Pulp"]);
  });

  test("a typo still matches through the fuzzy fallback", () => {
    expect(names(index, "chocolatte")[0]).toBe("Chocolate Milk");
  });

  test("the same catalog without the phrase reads the abbreviation as unknown", () => {
    const small = indexOf([product("Fresh Orange Juice", "juice"), product("Apple Sauce", "spreads")]);
    expect(small.search("oj", 10).hits).toEqual([]);
  });
});
