import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient, type Db } from "mongodb";
import type { ProductDocument } from "../../../core/documents/product.document";
import { importJsonl } from "../../../jobs/import/jsonl.importer";

process.env.PROGRESS = "off";
const fixture = join(__dirname, "../../fixtures/import/jsonl/products.jsonl");
const reports = mkdtempSync(join(tmpdir(), "jsonl-report-"));
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!);
  db = client.db(`test_import_jsonl_${process.pid}_${Date.now()}`);
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

describe("jsonl importer", () => {
  it("imports valid lines and rejects negative/absurd prices, duplicates, malformed JSON and bad fields", async () => {
    const reportFile = join(reports, "r.jsonl");
    const summary = await importJsonl(db, fixture, { reportFile });
    const products = await db.collection<ProductDocument>("products").find().sort({ _id: 1 }).toArray();
    expect(products.map((p) => p._id)).toEqual(["p:jsonl:ipa-6", "p:jsonl:milk-1", "p:jsonl:pad-thai"]);
    const milk = products.find((p) => p._id === "p:jsonl:milk-1")!;
    expect(milk).toMatchObject({
      name: "Organic Whole Milk",
      categoryPath: ["cat:grocery", "cat:jsonl:grocery:dairy-and-eggs", "cat:jsonl:grocery:dairy-and-eggs:milk"],
      unitPrice: { per: "l" },
    });
    expect(milk.tags).toContain("organic");
    expect(products.find((p) => p._id === "p:jsonl:ipa-6")!.tags).toEqual(
      expect.arrayContaining(["age-restricted", "vegan"]),
    );
    expect(products.find((p) => p._id === "p:jsonl:pad-thai")).toMatchObject({
      merchantId: "m:jsonl:siam",
      cuisines: ["thai"],
    });
    expect(await db.collection("offers").countDocuments()).toBe(2);
    const report = readFileSync(reportFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { line: number; field: string; reason: string });
    const byLine = new Map(report.map((r) => [r.line, r]));
    expect(byLine.get(3)).toMatchObject({ field: "price", reason: "negative price" });
    expect(byLine.get(4)?.reason).toMatch(/absurd price/);
    expect(byLine.get(5)).toMatchObject({ field: "_id" });
    expect(byLine.get(6)?.reason).toMatch(/malformed JSON/);
    expect(byLine.get(7)?.field).toBe("category");
    expect(byLine.get(8)?.field).toBe("vertical");
    expect(byLine.get(9)?.reason).toMatch(/invalid UTF-8/);
    expect(summary.rejected).toBe(7);
    const again = await importJsonl(db, fixture, { reportFile: join(reports, "r2.jsonl") });
    expect([again.inserted, again.updated]).toEqual([0, 0]);
  });
});
