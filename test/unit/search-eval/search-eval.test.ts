import { join } from "node:path";
import { catalogDocuments, readInstacartCatalog, type InstacartCatalog } from "../../../eval/search/instacart-catalog";
import { ndcgAtK } from "../../../eval/search/ndcg";
import { DEFAULT_QUERY_SET, querySetJson, readQuerySet } from "../../../eval/search/query-set.file";
import { generateQuerySet, querySpecs } from "../../../eval/search/query-set.generator";
import { QUERY_KINDS } from "../../../eval/search/query-set.types";
import { gradeCatalog } from "../../../eval/search/relevance.labels";
import { evaluateSearch } from "../../../eval/search/search.evaluator";
import { LexicalSearchSystem } from "../../../eval/search/systems/lexical.system";

const FIXTURE = join(__dirname, "..", "..", "fixtures", "search-eval");
let catalog: InstacartCatalog;

beforeAll(async () => {
  catalog = await readInstacartCatalog(FIXTURE);
});

describe("ndcgAtK", () => {
  it("uses graded gains 2^g − 1 and the ideal order of all relevant items", () => {
    const grades = new Map([
      ["a", 2],
      ["b", 1],
      ["c", 1],
    ]);
    // ideal: 3/log2(2) + 1/log2(3) + 1/log2(4) = 3 + 0.6309 + 0.5 = 4.1309
    expect(ndcgAtK(["a", "b", "c"], grades, 3)).toBeCloseTo(1, 10);
    // ranked b, x, a: 1/1 + 0 + 3/2 = 2.5 → 2.5 / 4.1309
    expect(ndcgAtK(["b", "x", "a"], grades, 3)).toBeCloseTo(2.5 / (3 + 1 / Math.log2(3) + 0.5), 10);
    // k = 1: only the first position; the ideal is grade 2 there
    expect(ndcgAtK(["b", "a"], grades, 1)).toBeCloseTo(1 / 3, 10);
    expect(ndcgAtK([], grades, 10)).toBe(0);
    expect(
      ndcgAtK(
        ["a", "a", "b"],
        new Map([
          ["a", 2],
          ["b", 2],
        ]),
        2,
      ),
    ).toBeCloseTo(1 - 3 / Math.log2(3) / (3 + 3 / Math.log2(3)) + 0, 10);
    expect(() => ndcgAtK(["a"], grades, 0)).toThrow(RangeError);
  });
});

describe("query set", () => {
  it("grades products by aisle and name rules (best rule wins)", () => {
    const banana = querySpecs().find((spec) => spec.id === "banana")!;
    // fresh bananas in "fresh fruits" = 2, banana chips elsewhere = 1
    expect([...gradeCatalog(banana, catalog.products)]).toEqual([
      [1, 2],
      [2, 2],
      [3, 1],
    ]);
    const chips = querySpecs().find((spec) => spec.id === "chips")!;
    expect([...gradeCatalog(chips, catalog.products)]).toEqual([
      [3, 1],
      [6, 2],
      [7, 1],
    ]);
  });

  it("is generated deterministically, with every kind and unique ids", () => {
    const specs = querySpecs();
    expect(querySpecs()).toEqual(specs);
    expect(new Set(specs.map((spec) => spec.id)).size).toBe(specs.length);
    expect(new Set(specs.map((spec) => spec.kind))).toEqual(new Set(QUERY_KINDS));
    expect(specs.length).toBeGreaterThanOrEqual(150);
    const subset = specs.filter((spec) => ["banana", "orange", "chips", "misspelled-banana"].includes(spec.id));
    const first = querySetJson(generateQuerySet(catalog, subset));
    expect(querySetJson(generateQuerySet(catalog, subset))).toBe(first);
    const orange = generateQuerySet(catalog, subset).queries.find((query) => query.id === "orange")!;
    expect(orange.counts).toEqual({ grade2: 2, grade1: 0 });
    expect(orange.relevantAisles).toEqual({ grade2: [24, 98], grade1: [] });
  });

  it("refuses a query that selects no grade-2 product", () => {
    const ragu = querySpecs().filter((spec) => spec.id === "ragu");
    expect(() => generateQuerySet(catalog, ragu)).toThrow(/ragu/);
  });

  it("the committed query set carries exactly the generator's rules", () => {
    const committed = readQuerySet(DEFAULT_QUERY_SET);
    expect(committed.queries.map(({ id, query, kind, rules }) => ({ id, query, kind, rules }))).toEqual(
      querySpecs().map(({ id, query, kind, rules }) => ({ id, query, kind, rules })),
    );
  });
});

describe("search evaluation", () => {
  it("scores the catalog's lexical index on labelled queries", async () => {
    const { products, categories } = catalogDocuments(catalog);
    const lexical = new LexicalSearchSystem(products, categories);
    const specs = querySpecs().filter((spec) => ["banana", "misspelled-banana"].includes(spec.id));
    const report = await evaluateSearch(catalog, specs, [lexical], { k: 10 });
    const banana = report.perQuery.find((row) => row.id === "banana")!;
    expect(banana.ndcg.searchCatalog).toBeGreaterThan(0.9);
    expect(report.results.map((row) => row.kind)).toEqual(["all", "product-type", "misspelled"]);
    expect(report.systems.map((system) => system.name)).toEqual(["searchCatalog"]);
  });
});
