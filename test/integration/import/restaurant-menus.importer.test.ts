import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient, type Db } from "mongodb";
import type { MerchantDocument } from "../../../core/documents/merchant.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import { importRestaurantMenus } from "../../../jobs/import/restaurant-menus.importer";

process.env.PROGRESS = "off";
const fixture = join(__dirname, "../../fixtures/import/restaurant-menus");
const reports = mkdtempSync(join(tmpdir(), "menus-report-"));
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!);
  db = client.db(`test_import_menus_${process.pid}_${Date.now()}`);
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

it("imports restaurants as RESTAURANT merchants and dishes with cuisines, rejecting bad prices and ids", async () => {
  const reportFile = join(reports, "r.jsonl");
  const summary = await importRestaurantMenus(db, fixture, { reportFile });
  const merchants = await db.collection<MerchantDocument>("merchants").find().sort({ _id: 1 }).toArray();
  expect(merchants.map((m) => [m._id, m.kind, m.cuisines])).toEqual([
    ["m:menus:r1", "RESTAURANT", ["breakfast", "sandwiches"]],
    ["m:menus:r2", "RESTAURANT", ["pizza", "italian"]],
  ]);
  const dishes = await db.collection<ProductDocument>("products").find().sort({ _id: 1 }).toArray();
  expect(dishes.map((d) => [d._id, d.price, d.merchantId, d.categoryId])).toEqual([
    ["p:menus:i1", 210, "m:menus:r1", "cat:menus:breakfast"],
    ["p:menus:i2", 800, "m:menus:r2", "cat:menus:pizza"],
  ]);
  expect(dishes[1]!.ingredients).toEqual(["domate", "mocarela"]);
  const report = readFileSync(reportFile, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { file: string; line: number; reason: string });
  expect(report.map((r) => `${r.file}:${r.line}:${r.reason.split(" (")[0]}`).sort()).toEqual([
    "menu_items.csv:4:negative price",
    "menu_items.csv:5:absurd price",
    "menu_items.csv:6:unknown restaurant id",
    "menu_items.csv:7:duplicate id p:menus:i2",
    "restaurants.csv:4:duplicate id r1",
  ]);
  expect(summary.rejected).toBe(5);
  const again = await importRestaurantMenus(db, fixture, { reportFile: join(reports, "r2.jsonl") });
  expect([again.inserted, again.updated]).toEqual([0, 0]);
});
