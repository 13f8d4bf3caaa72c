import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient, type Db } from "mongodb";
import type { CampaignDocument } from "../../../core/documents/campaign.document";
import type { CategoryDocument } from "../../../core/documents/category.document";
import type { CouponDocument } from "../../../core/documents/coupon.document";
import type { OrderDocument } from "../../../core/documents/order.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import type { PromotionDocument } from "../../../core/documents/promotion.document";
import { importCompleteJourney } from "../../../jobs/import/completejourney.importer";

process.env.PROGRESS = "off";
const fixture = join(__dirname, "../../fixtures/import/completejourney");
const reports = mkdtempSync(join(tmpdir(), "cj-report-"));
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!);
  db = client.db(`test_import_cj_${process.pid}_${Date.now()}`);
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

describe("The Complete Journey importer", () => {
  it("imports products, baskets, households, campaigns, coupons and promotions, rejecting bad rows with reasons", async () => {
    const reportFile = join(reports, "first.jsonl");
    const summary = await importCompleteJourney(db, fixture, { reportFile });

    const products = await db.collection<ProductDocument>("products").find().sort({ _id: 1 }).toArray();
    expect(products.map((p) => p._id).sort()).toEqual([
      "p:cj:1",
      "p:cj:10",
      "p:cj:12",
      "p:cj:2",
      "p:cj:3",
      "p:cj:4",
      "p:cj:9",
    ]);
    const ice = products.find((p) => p._id === "p:cj:1")!;
    expect(ice).toMatchObject({
      name: "Ice - Crushed/Cubed 22 LB",
      brand: "Manufacturer 2",
      vertical: "GROCERY",
      categoryPath: [
        "cat:grocery",
        "cat:cj:grocery:grocery",
        "cat:cj:grocery:grocery:frzn-ice",
        "cat:cj:grocery:grocery:frzn-ice:ice-crushed-cubed",
      ],
      size: { value: 22, unit: "lb", count: 1 },
      // Observed shelf price: (3.86 paid + 0.43 loyalty discount) / 1.
      price: 4.29,
    });
    expect(ice.priceEstimated).toBeUndefined();
    expect(ice.tags).toContain("national-brand");
    const bananas = products.find((p) => p._id === "p:cj:2")!;
    expect(bananas).toMatchObject({ brand: "Private label", price: 1, vertical: "GROCERY" });
    expect(bananas.tags).toContain("private-label");
    const beer = products.find((p) => p._id === "p:cj:3")!;
    expect(beer.vertical).toBe("ALCOHOL");
    expect(beer.tags).toContain("age-restricted");
    expect(beer.size).toMatchObject({ value: 12, unit: "oz", count: 6 });
    expect(products.find((p) => p._id === "p:cj:4")!.vertical).toBe("FLOWERS");
    expect(products.find((p) => p._id === "p:cj:9")!.vertical).toBe("CONVENIENCE");
    // Never sold in the sample: estimated as the mean of its department's sold products (ice 4.29, beer 12.50), and flagged.
    expect(products.find((p) => p._id === "p:cj:12")).toMatchObject({
      name: "Café Mocha’s 12 OZ",
      priceEstimated: true,
      price: 8.4,
    });

    const categories = await db.collection<CategoryDocument>("categories").find().toArray();
    const leaf = categories.find((c) => c._id === "cat:cj:grocery:grocery:frzn-ice:ice-crushed-cubed")!;
    expect(leaf).toMatchObject({ name: "Ice - Crushed/Cubed", depth: 3, parentId: "cat:cj:grocery:grocery:frzn-ice" });
    expect(
      categories
        .filter((c) => c.depth === 0)
        .map((c) => c._id)
        .sort(),
    ).toEqual(["cat:alcohol", "cat:convenience", "cat:flowers", "cat:grocery"]);
    expect(await db.collection("offers").countDocuments({ merchantId: "m:completejourney" })).toBe(7);

    const orders = await db.collection<OrderDocument>("orders").find().sort({ _id: 1 }).toArray();
    expect(orders.map((o) => [o._id, o.userId, o.lines.map((l) => l.productId)])).toEqual([
      ["o:cj:5001", "u:cj:100", ["p:cj:1", "p:cj:10"]],
      ["o:cj:6001", "u:cj:101", ["p:cj:2"]],
      ["o:cj:6002", "u:cj:101", ["p:cj:9"]],
      ["o:cj:7001", "u:cj:103", ["p:cj:4", "p:cj:3"]],
    ]);
    const bread = orders[0]!.lines[1]!;
    expect(bread).toEqual({
      productId: "p:cj:10",
      quantity: 1,
      unitPrice: 2.5,
      discount: 0.75,
      discounts: { retail: 0, coupon: 0.5, couponMatch: 0.25 },
    });
    expect(orders[0]).toMatchObject({
      storeId: "cj:309",
      merchantId: "m:completejourney",
      total: 6.36,
      placedAt: new Date("2017-01-28T19:06:53.000Z"),
    });
    // The original Dunnhumby sign convention (negative discounts) reads as the same magnitude.
    expect(orders[2]!.lines[0]!.discounts).toEqual({ retail: 0.25, coupon: 0, couponMatch: 0 });
    expect(orders[3]!.placedAt.toISOString()).toBe("2017-02-20T07:59:00.000Z");

    expect((await db.collection("users").find().sort({ _id: 1 }).toArray()).map((u) => u._id)).toEqual([
      "u:cj:100",
      "u:cj:101",
      "u:cj:103",
      "u:cj:104",
    ]);
    expect(await db.collection("household_demographics").findOne({ _id: "u:cj:104" } as never)).toEqual({
      _id: "u:cj:104",
      age: "35-44",
      income: "25-34K",
      maritalStatus: "Unmarried",
      householdSize: "1",
      householdComposition: "1 Adult No Kids",
      kidsCount: "0",
      source: "completejourney",
    });

    const campaigns = await db.collection<CampaignDocument>("campaigns").find().sort({ _id: 1 }).toArray();
    expect(campaigns.map((c) => [c._id, c.type, c.userIds])).toEqual([
      ["cmp:cj:1", "Type A", ["u:cj:100", "u:cj:101"]],
      ["cmp:cj:3", "Type C", ["u:cj:101"]],
    ]);
    const coupons = await db.collection<CouponDocument>("coupons").find().sort({ _id: 1 }).toArray();
    expect(coupons.map((c) => [c._id, c.campaignIds, c.productIds])).toEqual([
      ["cpn:cj:555", ["cmp:cj:1"], ["p:cj:1", "p:cj:10"]],
      ["cpn:cj:556", ["cmp:cj:3"], ["p:cj:2"]],
    ]);
    expect((await db.collection("coupon_redemptions").find().toArray()).map((r) => r._id).sort()).toEqual([
      "red:cj:100:555:1:2017-01-15",
      "red:cj:101:556:3:2017-03-05",
    ]);
    const promotions = await db.collection<PromotionDocument>("promotions").find().sort({ _id: 1 }).toArray();
    expect(promotions.map((p) => [p._id, p.displayLocation, p.mailerLocation])).toEqual([
      ["promo:cj:1:309:1", "3", "0"],
      ["promo:cj:2:309:2", "0", "A"],
    ]);

    const rejected = readReport(reportFile).filter((r) => r.level === "rejected");
    const reasons = rejected.map((r) => `${r.file}:${r.line}:${r.field}:${r.reason}`);
    const expected = [
      /^products\.csv:6:department:not imported: department FUEL/,
      /^products\.csv:7:product_id:duplicate id 2/,
      /^products\.csv:8:brand:neither National nor Private/,
      /^products\.csv:9:product_type:no product_category or product_type/,
      /^products\.csv:10:\(row\):malformed CSV/,
      /^products\.csv:13:product_category:invalid UTF-8/,
      /^products\.csv:15:product_id:not a positive integer/,
      /^transactions_sample\.csv:5:product_id:unknown product id/,
      /^transactions_sample\.csv:6:product_id:product 5 is not in the catalog: department FUEL/,
      /^transactions_sample\.csv:7:sales_value:negative price/,
      /^transactions_sample\.csv:8:sales_value:absurd amount/,
      /^transactions_sample\.csv:9:product_id:product 2 appears twice in basket 6001/,
      /^transactions_sample\.csv:10:household_id:basket 6001 belongs to household 101/,
      /^transactions_sample\.csv:11:quantity:0 units/,
      /^transactions_sample\.csv:12:transaction_timestamp:not a date/,
      /^transactions_sample\.csv:14:sales_value:not a number/,
      /^transactions_sample\.csv:16:\(row\):malformed CSV/,
      /^transactions_sample\.csv:17:\(row\):malformed CSV/,
      /^demographics\.csv:4:household_id:not a positive integer/,
      /^campaign_descriptions\.csv:3:end_date:before start_date/,
      /^campaigns\.csv:4:household_id:household 100 listed twice for campaign 1/,
      /^campaigns\.csv:6:campaign_id:rows of campaign 1 are not contiguous/,
      /^campaigns\.csv:7:campaign_id:unknown campaign id/,
      /^coupons\.csv:4:\(row\):duplicate row/,
      /^coupons\.csv:5:product_id:unknown product id/,
      /^coupons\.csv:7:campaign_id:unknown campaign id/,
      /^coupons\.csv:8:coupon_upc:rows of coupon 555 are not contiguous/,
      /^coupon_redemptions\.csv:4:coupon_upc:unknown coupon/,
      /^coupon_redemptions\.csv:5:household_id:unknown household/,
      /^promotions_sample\.csv:4:product_id:unknown product id/,
      /^promotions_sample\.csv:5:_id:duplicate id promo:cj:1:309:1/,
      /^promotions_sample\.csv:6:week:not a week/,
      /^promotions_sample\.csv:7:display_location:not a one-character location code/,
    ];
    for (const pattern of expected) expect(reasons).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]));
    expect(summary.rejected).toBe(expected.length);
    expect(
      readReport(reportFile).some(
        (r) => r.level === "warning" && r.file === "products.csv" && r.line === 14 && /Windows-1252/.test(r.reason),
      ),
    ).toBe(true);
    expect(summary.collections.orders).toMatchObject({ read: 15, inserted: 4 });
  });

  it("is idempotent: a second run inserts and updates nothing and leaves every collection as it was", async () => {
    const collections = [
      "products",
      "categories",
      "offers",
      "orders",
      "users",
      "campaigns",
      "coupons",
      "coupon_redemptions",
      "promotions",
      "household_demographics",
    ];
    const before = await Promise.all(collections.map((name) => db.collection(name).find().sort({ _id: 1 }).toArray()));
    const summary = await importCompleteJourney(db, fixture, { reportFile: join(reports, "second.jsonl") });
    expect(summary.inserted).toBe(0);
    expect(summary.updated).toBe(0);
    expect(summary.switched).toEqual([]);
    expect(await Promise.all(collections.map((name) => db.collection(name).find().sort({ _id: 1 }).toArray()))).toEqual(
      before,
    );
  });
});
