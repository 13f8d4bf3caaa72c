import type { ProductDocument } from "../../../core/documents/product.document";
import type { Interpretation } from "../../../plugins/query-rewrite/query-rewrite.schema";
import {
  RELEVANCE_FLOOR,
  RelevanceJudge,
  relevanceReason,
  RelevantTextSearch,
} from "../../../subgraphs/personalization/search/search-relevance";
import type { ScoredId } from "../../../plugins/sdk/services";

const NAMES = new Map([
  ["produce", "produce"],
  ["fruit", "fresh fruits"],
  ["snacks", "snacks"],
  ["chips", "chips pretzels"],
  ["breakfast", "breakfast"],
  ["cereal", "cereal"],
  ["beverages", "beverages"],
  ["juice", "refrigerated juice"],
  ["pantry", "pantry"],
  ["sauce", "pasta sauce"],
]);

function product(id: string, name: string, path: string[]): ProductDocument {
  const at = new Date(0);
  return {
    _id: id,
    name,
    vertical: "GROCERY",
    categoryId: path.at(-1)!,
    categoryPath: path,
    price: 2,
    currency: "USD",
    tags: [],
    source: "test",
    createdAt: at,
    updatedAt: at,
  };
}

const PRODUCTS = [
  product("banana", "Organic Bananas", ["produce", "fruit"]),
  product("banana-chips", "Banana Chips", ["snacks", "chips"]),
  product("cereal", "Honey Nut Cereal", ["breakfast", "cereal"]),
  product("cookies", "Chocolate Sandwich Cookies", ["snacks", "chips"]),
  product("oj", "100% Pure Orange Juice", ["beverages", "juice"]),
  product("bolognese", "Bolognese Pasta Sauce", ["pantry", "sauce"]),
];
const byId = new Map(PRODUCTS.map((p) => [p._id, p]));
const categoryName = (id: string) => NAMES.get(id);

/** A retrieval answering fixed hits, in order (what a semantic side might return for anything). */
function fixed(ids: string[]) {
  return { search: async (): Promise<ScoredId[]> => ids.map((productId, i) => ({ productId, score: 1 / (i + 1) })) };
}

function relevant(
  ids: string[],
  interpretations: Interpretation[] = [],
  cosines = new Map<string, number>(),
): RelevantTextSearch {
  return new RelevantTextSearch(
    fixed(ids),
    {
      products: async (wanted) => new Map(wanted.flatMap((id) => (byId.has(id) ? [[id, byId.get(id)!] as const] : []))),
    },
    async () => interpretations,
    async (wanted) => new Map(wanted.flatMap((id) => (NAMES.has(id) ? [[id, NAMES.get(id)!] as const] : []))),
    () => cosines,
  );
}

describe("search relevance", () => {
  it("ranks the thing asked for above what is only flavoured with it, and neither matches an unrelated product", () => {
    const judge = new RelevanceJudge("banana", []);
    const bananas = judge.judge(byId.get("banana")!, categoryName);
    const chips = judge.judge(byId.get("banana-chips")!, categoryName);
    expect(bananas.kind).toBe("words");
    expect(bananas.score).toBeGreaterThan(chips.score);
    expect(chips.score).toBeGreaterThanOrEqual(RELEVANCE_FLOOR);
    expect(judge.judge(byId.get("cereal")!, categoryName)).toEqual({ score: 0, kind: null });
  });

  it("tolerates a typo in a long word as the catalog's fuzzy search does", () => {
    expect(new RelevanceJudge("bananna", []).judge(byId.get("banana")!, categoryName).kind).toBe("words");
    expect(new RelevanceJudge("ban", []).judge(byId.get("cereal")!, categoryName).kind).toBeNull();
  });

  it("drops retrieved products that do not match (ragu finds no cereal, cookies or buns), and keeps semantic neighbours only when nothing matches by words", async () => {
    // Nothing matches "ragu" by words, and its semantic neighbours are far (cosines as the tiny seed's encoder gives them): nothing.
    expect(
      await relevant(
        ["cereal", "cookies", "banana"],
        [],
        new Map([
          ["cereal", 0.31],
          ["cookies", 0.3],
          ["banana", 0.1],
        ]),
      ).search("ragu", 10),
    ).toEqual([]);
    // Close neighbours (within the band of the best cosine, above the floor) stay, never with a "Matches" reason.
    const near = await relevant(
      ["cereal", "cookies", "banana"],
      [],
      new Map([
        ["cereal", 0.62],
        ["cookies", 0.6],
        ["banana", 0.3],
      ]),
    ).search("granola", 10);
    expect(near.map((hit) => hit.productId)).toEqual(["cereal", "cookies"]);
    for (const hit of near) expect(relevanceReason("granola", hit.relevance)).toBe("Related to “granola”");
    const withMatch = relevant(["cereal", "bolognese"], [], new Map([["cereal", 0.9]]));
    // A product matching by words leaves no room for semantic-only neighbours, however close.
    expect((await withMatch.search("bolognese", 10)).map((hit) => hit.productId)).toEqual(["bolognese"]);
    expect((await relevant(["cereal", "cookies"]).search("ragu", 10)).length).toBe(0);
  });

  it("reads an interpretation's words when the query's own say less (oj → orange juice), with a reason naming the reading", async () => {
    const interpretation: Interpretation = {
      label: "Orange juice",
      confidence: 1,
      rewrittenQuery: "orange juice",
      categoryPath: ["beverages", "juice"],
    };
    const hits = await relevant(["cereal", "oj"], [interpretation]).search("oj", 10);
    expect(hits.map((hit) => hit.productId)).toEqual(["oj"]);
    expect(hits[0]!.relevance.kind).toBe("interpretation");
    expect(relevanceReason("oj", hits[0]!.relevance)).toBe("Matches “orange juice”, a reading of “oj”");
    const bananas = await relevant(["banana-chips", "banana"]).search("banana", 10);
    expect(bananas.map((hit) => hit.productId)).toEqual(["banana", "banana-chips"]);
    expect(relevanceReason("banana", bananas[0]!.relevance)).toBe("Matches “banana”");
  });
});
