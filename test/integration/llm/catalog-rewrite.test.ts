import { MongoClient, type Db } from "mongodb";
import type { CategoryDocument } from "../../../core/documents/category.document";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { ProductDocument } from "../../../core/documents/product.document";
import { CatalogContextLoader } from "../../../core/llm/catalog-context.loader";
import { rewriteQuery } from "../../../plugins/query-rewrite/query-rewrite.service";
import { loadLlmConfig } from "../../../core/llm/llm.config";
import { LlmGateway } from "../../../core/llm/llm-gateway";
import { formatUsageTable, loadUsageReport } from "../../../core/llm/llm-usage.report";
import { CATEGORIES, GROCERY_REGULAR, ITEMS, RESTAURANT_REGULAR } from "../../unit/llm/rewrite-catalog.fixture";

let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!);
  db = client.db(`test_llm_catalog_${process.pid}`);
  await db.collection<CategoryDocument>(COLLECTIONS.categories).insertMany(
    CATEGORIES.map((c) => ({
      _id: c.id,
      name: c.name,
      vertical: c.vertical,
      parentId: c.parentId,
      path: c.path,
      depth: c.depth,
      source: "test",
    })),
  );
  const now = new Date();
  await db.collection<ProductDocument>(COLLECTIONS.products).insertMany(
    ITEMS.map((item) => ({
      _id: item.id,
      name: item.name,
      brand: item.brand,
      vertical: item.vertical,
      categoryId: item.categoryId,
      categoryPath: item.categoryPath,
      tags: item.tags,
      merchantId: item.merchantId,
      cuisines: item.cuisines,
      price: 5,
      currency: "USD",
      source: "test",
      createdAt: now,
      updatedAt: now,
    })),
  );
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

describe("query rewrite from the catalog collections, offline", () => {
  it("finds accented dish names and brands by regex and narrows the tree", async () => {
    const loader = new CatalogContextLoader(db);
    const candidates = await loader.candidates("Ragu");
    expect(candidates.map((item) => item.id).sort()).toEqual([
      "d-lentil-lasagna",
      "d-pappardelle",
      "d-tagliatelle",
      "p-barilla-bolognese",
      "p-ragu-alfredo",
      "p-ragu-chunky",
      "p-ragu-traditional",
    ]);
    const { categories, overview } = await loader.categories();
    expect(categories).toHaveLength(CATEGORIES.length);
    expect(overview).toContain("Grocery › Pantry");
    expect(overview).not.toContain("Pasta Sauce");
    expect(await loader.candidates("a ((")).toEqual([]);
  });

  it("rewrites 'ragu' without a key, shaped by the shopper, and accounts it", async () => {
    const gateway = new LlmGateway({ config: loadLlmConfig({}), db });
    const loader = new CatalogContextLoader(db);
    const { categories, overview } = await loader.categories();
    const candidates = await loader.candidates("ragu");
    const diner = await rewriteQuery(gateway, {
      query: "ragu",
      shopper: RESTAURANT_REGULAR,
      categories,
      candidates,
      overview,
    });
    const grocer = await rewriteQuery(gateway, {
      query: "ragu",
      shopper: GROCERY_REGULAR,
      categories,
      candidates,
      overview,
    });
    expect(diner).toMatchObject({ source: "OFFLINE", fallbackReason: "no-key" });
    expect(diner.interpretations[0]!.vertical).toBe("RESTAURANT");
    expect(grocer.interpretations[0]!.vertical).toBe("GROCERY");
    expect(new Set(diner.interpretations.map((i) => i.label))).toEqual(
      new Set(["Restaurant dishes (italian)", "Pasta Sauce", "Ragu (brand)"]),
    );

    await gateway.flush();
    const today = new Date().toISOString().slice(0, 10);
    const report = await loadUsageReport(db, today, today);
    expect(report.features).toEqual([
      expect.objectContaining({
        feature: "query-rewrite",
        requests: 2,
        offline: 2,
        fallbacks: { "no-key": 2 },
        models: ["offline"],
      }),
    ]);
    expect(formatUsageTable(report)).toMatch(/query-rewrite\s+2\s+0\s+0\s+2/);
    expect(formatUsageTable(report)).toContain("no-key 2");
  });
});
