import { join } from "node:path";
import { MongoClient, type Db } from "mongodb";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { ProductDocument } from "../../../core/documents/product.document";
import type { CategoryDocument } from "../../../core/documents/category.document";
import { buildKnowledgeGraph } from "../../../subgraphs/personalization/statistics/knowledge-graph.builder";
import {
  KNOWLEDGE_GRAPH_COLLECTION,
  type KnowledgeGraphEdgeDocument,
} from "../../../subgraphs/personalization/statistics/knowledge-graph.document";
import { learnFromMenus } from "../../../subgraphs/personalization/statistics/knowledge-graph.menus";
import { MongoKnowledgeGraphService } from "../../../subgraphs/personalization/services/knowledge-graph.service";
import { fixtureCategory, fixtureProduct } from "../../fixtures/novelty/baskets.fixture";
import { KG_CATEGORIES, KG_PRODUCTS } from "../../fixtures/novelty/kg.fixture";

const DATABASE = `test_novelty_knowledge_graph_${process.pid}`;
const MENUS = join(__dirname, "../../fixtures/novelty/menus");
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!);
  db = client.db(DATABASE);
  await db.collection<CategoryDocument>(COLLECTIONS.categories).insertMany(KG_CATEGORIES);
  await db.collection<ProductDocument>(COLLECTIONS.products).insertMany(KG_PRODUCTS);
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

const edges = () => db.collection<KnowledgeGraphEdgeDocument>(KNOWLEDGE_GRAPH_COLLECTION);

describe("knowledge graph (FerretDB)", () => {
  test("the lexicon maps ramen to instant noodles: category and product edges with provenance", async () => {
    const summary = await buildKnowledgeGraph(db);
    expect(summary).toMatchObject({ dishes: 2, groceryProducts: 8, menus: null });
    expect(summary.edges["cuisine-product"]).toBeGreaterThan(0);
    const category = await edges().findOne({ _id: "cuisine-category|ramen|instant-noodles" });
    expect(category).toMatchObject({
      kind: "cuisine-category",
      from: "ramen",
      to: "instant-noodles",
      toName: "Instant Noodles",
      term: "instant noodles",
      provenance: ["lexicon"],
    });
    expect(category!.confidence).toBeCloseTo(0.9, 5);
    const product = await edges().findOne({ _id: "cuisine-product|ramen|g-nissin" });
    expect(product).toMatchObject({ term: "instant noodles", provenance: ["lexicon"] });
    expect(product!.confidence).toBeGreaterThan(0.5);
    expect(product!.confidence).toBeLessThanOrEqual(1);
  });

  test("dishes give dish → ingredient edges and teach their cuisine (menu-data)", async () => {
    expect(await edges().findOne({ _id: "dish-ingredient|d-tonkotsu|ramen noodles" })).toMatchObject({
      confidence: 1,
      provenance: ["menu-data"],
    });
    expect(await edges().findOne({ _id: "cuisine-ingredient|thai|rice noodles" })).toMatchObject({
      provenance: ["menu-data"],
      support: 1,
    });
    expect(await edges().findOne({ _id: "dish-category|d-tonkotsu|instant-noodles" })).toMatchObject({
      kind: "dish-category",
      toName: "Instant Noodles",
    });
    const thai = await edges().findOne({ _id: "cuisine-product|thai|g-rice-noodles" });
    expect(thai!.provenance).toEqual(expect.arrayContaining(["lexicon", "menu-data"]));
  });

  test("groceryForCuisine mixes terms, normalizes names and never returns restaurant or unrelated items", async () => {
    const service = new MongoKnowledgeGraphService(db);
    const ramen = await service.groceryForCuisine("Ramen", 10);
    const ids = ramen.map((entry) => entry.productId);
    expect(ids).toEqual(expect.arrayContaining(["g-nissin", "g-ramyun", "g-soy", "g-miso", "g-nori"]));
    expect(ids).not.toContain("g-banana");
    expect(ids).not.toContain("d-tonkotsu");
    expect(new Set(ramen.slice(0, 3).map((entry) => entry.via)).size).toBe(3);
    for (const entry of ramen) expect(entry.score > 0 && entry.score <= 1).toBe(true);
    const japanese = (await service.groceryForCuisine("Japanese", 20)).map((entry) => entry.productId);
    expect(japanese).toEqual(expect.arrayContaining(["g-miso", "g-soy"]));
    expect(await service.groceryForCuisine("no such cuisine", 10)).toEqual([]);
    expect(await service.groceryForCuisine("ramen", 2)).toHaveLength(2);
  });

  test("a menus folder adds menu-data edges; rebuilding replaces the old graph", async () => {
    const summary = await buildKnowledgeGraph(db, { menus: learnFromMenus(MENUS), minMenuSupport: 2 });
    expect(summary.menus).toMatchObject({ dishes: 5, restaurants: 2, untranslatedTags: ["qəribə"] });
    expect(await edges().findOne({ _id: "cuisine-ingredient|pizza|mozzarella" })).toMatchObject({
      provenance: ["menu-data"],
      support: 3,
    });
    const mozzarella = await edges().findOne({ _id: "cuisine-product|pizza|g-mozzarella" });
    expect(mozzarella!.provenance).toEqual(["lexicon", "menu-data"]);
    const versions = await edges().distinct("version");
    expect(versions).toHaveLength(1);
  });

  test("a product only under a broader category a term matched is linked, but not directly (not on the cuisine's theme)", async () => {
    // Ramen dishes list egg; "egg" is in the name "Dairy & Eggs", which also holds milk.
    await db
      .collection<CategoryDocument>(COLLECTIONS.categories)
      .insertMany([
        fixtureCategory("dairy-eggs", "Dairy & Eggs", ["grocery", "dairy-eggs"]),
        fixtureCategory("eggs", "Eggs", ["grocery", "dairy-eggs", "eggs"]),
      ]);
    await db.collection<ProductDocument>(COLLECTIONS.products).insertMany([
      fixtureProduct("g-milk", "Lactose Free Milk", ["grocery", "dairy-eggs"]),
      fixtureProduct("g-eggs", "Large Brown Eggs", ["grocery", "dairy-eggs", "eggs"]),
      fixtureProduct("g-carton", "Free Range Dozen", ["grocery", "dairy-eggs", "eggs"]),
      fixtureProduct("d-shoyu", "Shoyu Ramen", ["restaurant"], {
        vertical: "RESTAURANT",
        merchantId: "m-rest",
        cuisines: ["Japanese"],
        ingredients: ["ramen noodles", "egg", "nori"],
        price: 13,
      }),
    ]);
    await buildKnowledgeGraph(db);
    const milk = await edges().findOne({ _id: "cuisine-product|ramen|g-milk" });
    expect(milk).toMatchObject({ term: "egg", direct: false });
    // By its name, and by a category named exactly like the term.
    expect(await edges().findOne({ _id: "cuisine-product|ramen|g-eggs" })).toMatchObject({ direct: true });
    expect(await edges().findOne({ _id: "cuisine-product|ramen|g-carton" })).toMatchObject({ direct: true });
    expect(await edges().findOne({ _id: "cuisine-product|ramen|g-nissin" })).toMatchObject({ direct: true });
    const ramen = await new MongoKnowledgeGraphService(db).groceryForCuisine("ramen", 50);
    const onTheme = new Map(ramen.map((entry) => [entry.productId, entry.onTheme]));
    expect(onTheme.get("g-milk")).toBe(false);
    expect(onTheme.get("g-eggs")).toBe(true);
    expect(onTheme.get("g-nissin")).toBe(true);
  });
});
