import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient, type Db } from "mongodb";
import { readCatalogVersion } from "../../../core/catalog/catalog-version";
import type { CategoryDocument } from "../../../core/documents/category.document";
import type { OrderDocument } from "../../../core/documents/order.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import { importInstacart } from "../../../jobs/import/instacart.importer";
import { runImport } from "../../../jobs/import/import-run";
import { recoverInterruptedSwitch } from "../../../jobs/import/catalog-stage";

process.env.PROGRESS = "off";
const fixture = join(__dirname, "../../fixtures/import/instacart");
const reports = mkdtempSync(join(tmpdir(), "instacart-report-"));
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!);
  db = client.db(`test_import_instacart_${process.pid}_${Date.now()}`);
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

describe("instacart importer", () => {
  it("imports the catalog and orders, rejecting bad rows with file, line, field and reason", async () => {
    const reportFile = join(reports, "first.jsonl");
    const summary = await importInstacart(db, fixture, { reportFile });
    expect(await db.collection("products").countDocuments()).toBe(5);
    const categories = await db.collection<CategoryDocument>("categories").find().toArray();
    expect(categories.filter((c) => c._id.startsWith("cat:instacart:aisle:"))).toHaveLength(3);
    expect(categories.filter((c) => c._id.startsWith("cat:instacart:dept:"))).toHaveLength(3);
    expect(
      categories
        .filter((c) => c.depth === 0)
        .map((c) => c._id)
        .sort(),
    ).toEqual(["cat:alcohol", "cat:grocery"]);

    const milk = await db.collection<ProductDocument>("products").findOne({ _id: "p:instacart:3" });
    expect(milk).toMatchObject({
      categoryId: "cat:instacart:aisle:84",
      categoryPath: ["cat:grocery", "cat:instacart:dept:2", "cat:instacart:aisle:84"],
      size: { value: 1, unit: "gal", count: 1 },
      priceEstimated: true,
    });
    const vodka = await db.collection<ProductDocument>("products").findOne({ _id: "p:instacart:4" });
    expect(vodka?.vertical).toBe("ALCOHOL");
    expect(vodka?.tags).toContain("age-restricted");
    const latte = await db.collection<ProductDocument>("products").findOne({ _id: "p:instacart:7" });
    expect(latte?.name).toBe("Café Latte ’Special’");
    expect((await db.collection<ProductDocument>("products").findOne({ _id: "p:instacart:2" }))?.name).toBe(
      "Organic Strawberries 16 oz",
    );

    const orders = await db.collection<OrderDocument>("orders").find().sort({ _id: 1 }).toArray();
    expect(orders.map((o) => [o._id, o.lines.length])).toEqual([
      ["o:instacart:100", 2],
      ["o:instacart:101", 1],
      ["o:instacart:201", 1],
    ]);
    expect(orders[1]!.placedAt.toISOString()).toBe("2017-01-08T09:00:00.000Z");
    expect(await db.collection("users").countDocuments()).toBe(2);

    const rejected = readReport(reportFile).filter((r) => r.level === "rejected");
    const reasons = rejected.map((r) => `${r.file}:${r.line}:${r.field}:${r.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^departments\.csv:5:department_id:duplicate id 3/),
        expect.stringMatching(/^aisles\.csv:5:aisle_id:not a positive integer/),
        expect.stringMatching(/^products\.csv:6:aisle_id:unknown aisle id/),
        expect.stringMatching(/^products\.csv:7:product_id:duplicate id 2/),
        expect.stringMatching(/^products\.csv:8:\(row\):malformed CSV/),
        expect.stringMatching(/^products\.csv:10:product_name:invalid UTF-8/),
        expect.stringMatching(/^products\.csv:11:department_id:unknown department id/),
        expect.stringMatching(/^products\.csv:12:product_id:not a positive integer/),
        expect.stringMatching(/^transactions\.csv:5:product_id:unknown product id/),
        expect.stringMatching(/^transactions\.csv:6:order_hour_of_day:/),
      ]),
    );
    expect(summary.rejected).toBe(10);
    expect(
      readReport(reportFile).some((r) => r.level === "warning" && r.line === 9 && /Windows-1252/.test(r.reason)),
    ).toBe(true);
    expect(summary.collections.products).toMatchObject({ inserted: 5, updated: 0 });
    expect(await readCatalogVersion(db)).toBe(1);
  });

  it("is idempotent: a second run inserts and updates nothing and keeps the catalog version", async () => {
    const before = await db.collection("products").find().sort({ _id: 1 }).toArray();
    const summary = await importInstacart(db, fixture, { reportFile: join(reports, "second.jsonl") });
    expect(summary.inserted).toBe(0);
    expect(summary.updated).toBe(0);
    expect(summary.switched).toEqual([]);
    expect(await db.collection("products").find().sort({ _id: 1 }).toArray()).toEqual(before);
    expect(await readCatalogVersion(db)).toBe(1);
  });

  it("never exposes a half-written import: a failing run leaves the live catalog and no staging behind", async () => {
    const before = await db.collection("products").countDocuments();
    await expect(
      runImport(
        db,
        "broken",
        async (context) => {
          await context.put("products", [{ doc: { _id: "p:broken:1", name: "Half" }, file: "x", line: 1 }]);
          throw new Error("disk on fire");
        },
        { reportFile: join(reports, "broken.jsonl") },
      ),
    ).rejects.toThrow("disk on fire");
    expect(await db.collection("products").countDocuments()).toBe(before);
    const names = (await db.listCollections().toArray()).map((c) => c.name);
    expect(names.filter((n) => n.startsWith("imp_"))).toEqual([]);
  });

  it("updates changed documents and finishes an interrupted switch", async () => {
    const summary = await runImport(
      db,
      "patch",
      async (context) => {
        await context.put("products", [
          {
            doc: {
              ...(await db.collection<ProductDocument>("products").findOne({ _id: "p:instacart:1" }))!,
              name: "Bananas",
            },
            file: "patch",
            line: 1,
          },
        ]);
      },
      { reportFile: join(reports, "patch.jsonl") },
    );
    expect(summary.collections.products).toMatchObject({ updated: 1, inserted: 0 });
    expect((await db.collection<ProductDocument>("products").findOne({ _id: "p:instacart:1" }))?.name).toBe("Bananas");
    expect(await readCatalogVersion(db)).toBe(2);

    await db.collection("imp_crash_stage_merchants").insertOne({ _id: "m:after-crash" } as never);
    await db.collection("merchants").rename("imp_crash_old_merchants");
    await db.collection("catalog_meta").insertOne({
      _id: "import-switch",
      prefix: "imp_crash_",
      collections: ["merchants"],
      startedAt: new Date(),
    } as never);
    await recoverInterruptedSwitch(db);
    expect(await db.collection("merchants").find().toArray()).toEqual([{ _id: "m:after-crash" }]);
    expect(await db.collection("catalog_meta").findOne({ _id: "import-switch" } as never)).toBeNull();
  });
});
