import { MongoClient, type Db } from "mongodb";
import { bumpCatalogVersion } from "../../../core/catalog/catalog-version";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { ProductDocument } from "../../../core/documents/product.document";
import { createLogger } from "../../../core/logger";
import { CatalogSearch, catalogSearchFor } from "../../../subgraphs/catalog/search/catalog-search";
import { catalogServer, errorCode, insertCatalog, product, type ExecuteResult } from "./catalog-fixtures";

const SEARCH = `
  query ($text: String!, $first: Int, $after: String) {
    searchCatalog(text: $text, first: $first, after: $after) {
      edges { cursor score node { id name } highlights { field terms snippet } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }`;

let client: MongoClient;
let db: Db;
let execute: (query: string, variables?: Record<string, unknown>) => Promise<ExecuteResult>;

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!);
  db = client.db(`test_catalog_search_${process.pid}`);
  await insertCatalog(db);
  ({ execute } = await catalogServer(db));
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

async function search(text: string, first?: number, after?: string): Promise<{ ids: string[]; result: ExecuteResult }> {
  const result = await execute(SEARCH, { text, first, after });
  return { ids: result.data?.searchCatalog?.edges.map((edge: { node: { id: string } }) => edge.node.id) ?? [], result };
}

describe("searchCatalog", () => {
  test("ranks bananas above banana bread and banana yogurt, and finds nothing unrelated", async () => {
    const { ids, result } = await search("banana");
    expect(result.errors).toBeUndefined();
    expect(ids.slice(0, 2).sort()).toEqual(["p-banana", "p-banana-org"]);
    expect(ids[0]).toBe("p-banana");
    expect(ids.indexOf("p-banana-bread")).toBeGreaterThan(ids.indexOf("p-banana-org"));
    expect(ids.sort()).toEqual(["p-banana", "p-banana-bread", "p-banana-org", "p-yogurt"]);
    expect(result.data.searchCatalog.totalCount).toBe(4);
    const scores = result.data.searchCatalog.edges.map((edge: { score: number }) => edge.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  test("plural, case, prefix and multi-word queries", async () => {
    expect((await search("BANANAS")).ids[0]).toBe("p-banana");
    expect((await search("bana")).ids).toContain("p-banana");
    expect((await search("organic banana")).ids[0]).toBe("p-banana-org");
    expect((await search("bread")).ids.sort()).toEqual(["p-banana-bread", "p-sourdough"]);
    expect((await search("chobani")).ids).toEqual(["p-yogurt"]);
    expect((await search("gluten free")).ids).toEqual(["p-yogurt"]);
    expect((await search("fresh fruit")).ids.sort()).toEqual(["p-apple", "p-banana", "p-banana-org"]);
    expect((await search("honycrisp")).ids).toEqual(["p-apple"]);
    expect((await search("zzzzqqq")).ids).toEqual([]);
  });

  test("highlights name which fields matched, with the matched terms and a marked snippet", async () => {
    const { result } = await search("organic banana");
    const top = result.data.searchCatalog.edges[0];
    expect(top.node.id).toBe("p-banana-org");
    expect(top.highlights).toEqual([
      { field: "NAME", terms: ["banana", "organic"], snippet: "<mark>Organic</mark> <mark>Bananas</mark>" },
      { field: "TAGS", terms: ["organic"], snippet: "<mark>organic</mark>, vegan" },
    ]);
    const byCategory = (await search("fruit")).result.data.searchCatalog.edges[0];
    expect(byCategory.highlights).toEqual([
      { field: "CATEGORY", terms: ["fruit"], snippet: "Grocery › Produce › Fresh <mark>Fruit</mark>" },
    ]);
    const brand = (await search("nature's")).result.data.searchCatalog.edges[0];
    expect(brand.highlights).toEqual([
      { field: "BRAND", terms: ["nature"], snippet: "<mark>Nature&#39;s</mark> Best" },
    ]);
  });

  test("paginates with cursors of the same search", async () => {
    const first = await search("cheese", 20);
    expect(first.ids).toHaveLength(20);
    expect(first.result.data.searchCatalog.totalCount).toBe(44);
    const { endCursor, hasNextPage } = first.result.data.searchCatalog.pageInfo;
    expect(hasNextPage).toBe(true);
    const second = await search("cheese", 50, endCursor);
    expect(second.ids).toHaveLength(24);
    expect(second.result.data.searchCatalog.pageInfo.hasNextPage).toBe(false);
    expect(new Set([...first.ids, ...second.ids]).size).toBe(44);
    expect(errorCode((await search("banana", 5, endCursor)).result)).toBe("BAD_USER_INPUT");
  });

  test("rejects bad input with BAD_USER_INPUT", async () => {
    expect(errorCode((await search("banana", 51)).result)).toBe("BAD_USER_INPUT");
    expect(errorCode((await search("banana", 0)).result)).toBe("BAD_USER_INPUT");
    expect(errorCode((await search("   ")).result)).toBe("BAD_USER_INPUT");
    expect(errorCode((await search("x".repeat(201))).result)).toBe("BAD_USER_INPUT");
    expect(errorCode((await search("banana", 5, "garbage!")).result)).toBe("BAD_USER_INPUT");
    const onlyStopWords = await search("the and of");
    expect(onlyStopWords.result.errors).toBeUndefined();
    expect(onlyStopWords.ids).toEqual([]);
  });

  test("a new catalog version is picked up by refresh; until then the old index answers", async () => {
    const index = catalogSearchFor(db);
    await index.ready(30000);
    const chips: ProductDocument = product("p-banana-chips", "Banana Chips", "fruit", 2.2, []);
    await db.collection<ProductDocument>(COLLECTIONS.products).insertOne(chips);
    expect((await search("chips")).ids).toEqual([]);
    expect((await index.refresh()).rebuilt).toBe(false);
    expect(await bumpCatalogVersion(db)).toBe(1);
    const refreshed = await index.refresh();
    expect(refreshed).toMatchObject({ rebuilt: true, version: 1, documents: 52 });
    expect((await search("chips")).ids).toEqual(["p-banana-chips"]);
    expect((await index.refresh()).rebuilt).toBe(false);
  });

  test("before the first build finishes, a bounded wait ends in UNAVAILABLE", async () => {
    const fresh = new CatalogSearch(db, createLogger("catalog-test", "silent"));
    await expect(fresh.ready(0)).rejects.toMatchObject({ extensions: { code: "UNAVAILABLE" } });
    const built = await fresh.ready(30000);
    expect(built.documents).toBeGreaterThan(50);
  });
});
