import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient, type Db } from "mongodb";
import { COLLECTIONS } from "../../../core/documents/collections";
import { catalogDocuments, readInstacartCatalog } from "../../../eval/search/instacart-catalog";
import { querySpecs } from "../../../eval/search/query-set.generator";
import { evaluatePersonalized, evaluateSearch } from "../../../eval/search/search.evaluator";
import { prepareServedSearchDatabase, ServedSearchSystem } from "../../../eval/search/served-search";
import { LexicalSearchSystem } from "../../../eval/search/systems/lexical.system";

jest.setTimeout(120_000);

const FIXTURE = join(__dirname, "..", "..", "fixtures", "search-eval");
/** Two shoppers: u1 buys bananas twice then orange juice and bananas (the held-out order); u2 has one order only (not evaluated). */
const TRANSACTIONS = [
  "order_id,user_id,order_number,order_dow,order_hour_of_day,days_since_prior_order,product_id,add_to_cart_order,reordered",
  "11,1,1,2,8,,2,1,0",
  "11,1,1,2,8,,6,2,0",
  "12,1,2,3,9,7,2,1,1",
  "13,1,3,4,10,7,5,1,0",
  "13,1,3,4,10,7,2,2,1",
  "21,2,1,1,8,,1,1,0",
];

let client: MongoClient;
let db: Db;
let folder: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "served-search-eval-"));
  for (const file of ["products.csv", "aisles.csv", "departments.csv"])
    copyFileSync(join(FIXTURE, file), join(folder, file));
  writeFileSync(join(folder, "transactions.csv"), `${TRANSACTIONS.join("\n")}\n`);
  client = await MongoClient.connect(process.env.MONGODB_URI!);
  db = client.db(`test_served_search_eval_${process.pid}`);
  await db.dropDatabase();
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

test("the served search eval imports the folder, holds out each shopper's last order, and runs Search.results anonymously and as the shopper", async () => {
  const prepared = await prepareServedSearchDatabase(db, folder);
  expect(prepared.products).toBe(8);
  expect(prepared.shoppers).toEqual([
    { userId: "u:instacart:1", heldOut: new Set(["p:instacart:5", "p:instacart:2"]), historyOrders: 2 },
  ]);
  // The held-out order is gone before anything is built from the orders: attributes know bananas, not the juice.
  expect(await db.collection(COLLECTIONS.orders).countDocuments({ userId: "u:instacart:1" })).toBe(2);
  const attributes = await db
    .collection<{ _id: string; items: { productId: string }[] }>("user_attributes")
    .findOne({ _id: "u:instacart:1" });
  expect(attributes!.items.map((item) => item.productId).sort()).toEqual(["p:instacart:2", "p:instacart:6"]);

  const catalog = await readInstacartCatalog(folder);
  const { products, categories } = catalogDocuments(catalog);
  const lexical = new LexicalSearchSystem(products, categories);
  const served = new ServedSearchSystem(db, lexical.textSearch(), null, prepared.now);
  const bananas = await served.search("banana", 10);
  expect(bananas.slice(0, 2).sort()).toEqual(["p:instacart:1", "p:instacart:2"]);
  expect(bananas).not.toContain("p:instacart:5");
  expect(await served.search("ragu", 10)).toEqual([]);

  const specs = querySpecs().filter((spec) => ["banana", "orange-juice", "chips"].includes(spec.id));
  const anonymous = await evaluateSearch(catalog, specs, [lexical, served], { k: 5 });
  expect(anonymous.systems.map((system) => system.name)).toEqual(["searchCatalog", "search"]);
  const personalized = await evaluatePersonalized(
    catalog,
    specs,
    prepared.shoppers,
    [
      { system: lexical, personal: false },
      { system: served, personal: true },
    ],
    { k: 5 },
  );
  // u1's held-out order holds a banana (relevant to "banana") and orange juice (relevant to "orange juice"), nothing for "chips".
  expect(personalized.perPair.map((pair) => pair.id).sort()).toEqual(["banana", "orange-juice"]);
  expect(personalized.results.map((row) => row.system)).toEqual(["searchCatalog", "search", "search (as the shopper)"]);
  // As the shopper, personalization reorders what matches and never lifts what does not: the bananas still lead.
  expect((await served.search("banana", 2, "u:instacart:1")).sort()).toEqual(["p:instacart:1", "p:instacart:2"]);
  for (const row of personalized.results) expect(row.ndcg).toBeGreaterThan(0);
});
