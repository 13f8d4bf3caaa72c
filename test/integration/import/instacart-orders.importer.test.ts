import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient, type Db } from "mongodb";
import type { OrderDocument } from "../../../core/documents/order.document";
import { importInstacart } from "../../../jobs/import/instacart.importer";

process.env.PROGRESS = "off";
const fixture = join(__dirname, "../../fixtures/import/instacart-kaggle");
const reports = mkdtempSync(join(tmpdir(), "instacart-kaggle-report-"));
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!);
  db = client.db(`test_import_kaggle_${process.pid}_${Date.now()}`);
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

const readReport = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { file: string; line: number; field: string; reason: string; level: string });

describe("instacart importer, Kaggle layout (orders.csv + order_products__*.csv)", () => {
  it("joins order lines to orders and products while streaming, with placedAt from order_number and days_since_prior", async () => {
    const reportFile = join(reports, "first.jsonl");
    const summary = await importInstacart(db, fixture, { reportFile });

    const orders = await db.collection<OrderDocument>("orders").find().sort({ _id: 1 }).toArray();
    expect(orders.map((o) => [o._id, o.userId, o.lines.map((l) => l.productId), o.placedAt.toISOString()])).toEqual([
      ["o:instacart:10", "u:instacart:1", ["p:instacart:1", "p:instacart:3"], "2017-01-01T08:00:00.000Z"],
      ["o:instacart:11", "u:instacart:1", ["p:instacart:1"], "2017-01-08T09:00:00.000Z"],
      ["o:instacart:12", "u:instacart:1", ["p:instacart:1", "p:instacart:2"], "2017-01-22T10:00:00.000Z"],
      ["o:instacart:20", "u:instacart:2", ["p:instacart:2"], "2017-01-01T23:00:00.000Z"],
      // Order 21 (eval_set test) has no products and gives no order; 22 comes 3 + 30 days after 20.
      ["o:instacart:22", "u:instacart:2", ["p:instacart:3"], "2017-02-03T07:00:00.000Z"],
    ]);
    const banana = orders[0]!.lines[0]!;
    const product = await db.collection("products").findOne({ _id: "p:instacart:1" } as never);
    expect(banana).toEqual({ productId: "p:instacart:1", quantity: 1, unitPrice: product!.price, discount: 0 });
    expect(orders[0]!.total).toBe(
      Math.round((orders[0]!.lines[0]!.unitPrice + orders[0]!.lines[1]!.unitPrice) * 100) / 100,
    );
    expect((await db.collection("users").find().sort({ _id: 1 }).toArray()).map((u) => u._id)).toEqual([
      "u:instacart:1",
      "u:instacart:2",
    ]);

    const rejected = readReport(reportFile).filter((r) => r.level === "rejected");
    const reasons = rejected.map((r) => `${r.file}:${r.line}:${r.field}:${r.reason}`);
    const expected = [
      /^orders\.csv:8:order_number:not after the user's previous order 3/,
      /^orders\.csv:9:order_id:duplicate id 10/,
      /^orders\.csv:10:order_hour_of_day:not an hour/,
      /^orders\.csv:11:eval_set:not prior, train or test/,
      /^order_products__prior\.csv:5:product_id:unknown product id/,
      /^order_products__prior\.csv:6:product_id:product 1 appears twice in order 11/,
      /^order_products__prior\.csv:8:\(row\):malformed CSV/,
      /^order_products__prior\.csv:10:reordered:not 0 or 1/,
      /^order_products__prior\.csv:11:product_id:invalid UTF-8/,
      /^order_products__prior\.csv:12:order_id:unknown order id/,
    ];
    for (const pattern of expected) expect(reasons).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]));
    expect(summary.rejected).toBe(expected.length);
    expect(summary.collections.orders).toMatchObject({ inserted: 5, updated: 0 });
  });

  it("is idempotent: a second run changes nothing", async () => {
    const before = await db.collection("orders").find().sort({ _id: 1 }).toArray();
    const summary = await importInstacart(db, fixture, { reportFile: join(reports, "second.jsonl") });
    expect(summary.inserted).toBe(0);
    expect(summary.updated).toBe(0);
    expect(summary.switched).toEqual([]);
    expect(await db.collection("orders").find().sort({ _id: 1 }).toArray()).toEqual(before);
  });
});
