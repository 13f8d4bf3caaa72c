import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Db } from "mongodb";
import type { CampaignDocument } from "../../core/documents/campaign.document";
import type { CategoryDocument } from "../../core/documents/category.document";
import { COLLECTIONS } from "../../core/documents/collections";
import type { CouponRedemptionDocument } from "../../core/documents/coupon-redemption.document";
import type { CouponDocument } from "../../core/documents/coupon.document";
import type { HouseholdDemographicsDocument } from "../../core/documents/household-demographics.document";
import type { MerchantDocument, OfferDocument } from "../../core/documents/merchant.document";
import type { OrderDocument, OrderLine } from "../../core/documents/order.document";
import type { ProductDocument } from "../../core/documents/product.document";
import type { PromotionDocument } from "../../core/documents/promotion.document";
import type { UserDocument } from "../../core/documents/user.document";
import type { Vertical } from "../../core/documents/vertical";
import { parsePackSize, unitPrice } from "../../core/text/pack-size";
import { inferTags } from "../../core/text/tags";
import { slug, verticalCategory } from "../seed/catalog.generator";
import { placeProduct, titleCase } from "./completejourney-departments";
import { finiteNumber, positiveInteger, readCsv } from "./csv-source";
import { GroupPartition } from "./group-partition";
import { RejectionReport, type ImportSummary, type Rejection } from "./import-report";
import {
  StageBuffer,
  importCommand,
  importUsage,
  runImport,
  type ImportContext,
  type ImportOptions,
} from "./import-run";

const SOURCE = "completejourney";
/** The retailer every imported product is offered by (the data set is one chain's stores). */
export const COMPLETE_JOURNEY_MERCHANT_ID = "m:completejourney";
/** Creation date of households without transactions (the data set covers 2017). */
const EPOCH = new Date("2017-01-01T00:00:00.000Z");
/** Above these a row is absurd, not a big basket. */
const MAX_QUANTITY = 1000;
const MAX_MONEY = 10000;

/** A transaction line kept for grouping by basket (JSON-safe). */
interface TransactionLine {
  household: number;
  store: number;
  product: number;
  quantity: number;
  sales: number;
  retail: number;
  coupon: number;
  match: number;
  /** Epoch milliseconds. */
  at: number;
}

/** What the first pass prepares and the second pass reuses (both passes must stage the same documents). */
interface Prepared {
  baskets?: GroupPartition<TransactionLine>;
}

/** The catalog's product ids, read ahead of the orders that reference them. */
interface Catalog {
  /** Catalog product id → its price group ("department\0commodity\0type"). */
  products: Map<number, string>;
  /** Products that are not catalog products, with why (their transactions are rejected with it). */
  excluded: Map<number, string>;
}

/** Observed shelf price per unit (sum, count) by product id, from the imported order lines. */
type ObservedPrices = Map<number, [number, number]>;

/**
 * Imports a folder of The Complete Journey 2.0 (84.51°, CRAN `completejourney`): products.csv →
 * products under vertical → department → commodity → sub-commodity (one offer each at the retailer);
 * transactions_sample.csv → users (households) and orders (baskets, with price paid and the retail,
 * coupon and coupon-match discounts per line); demographics.csv → household_demographics;
 * campaign_descriptions.csv + campaigns.csv → campaigns; coupons.csv → coupons;
 * coupon_redemptions.csv → coupon_redemptions; promotions_sample.csv → promotions. Every file but
 * products.csv is optional.
 */
export async function importCompleteJourney(db: Db, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const directory = statSync(path).isDirectory() ? path : dirname(path);
  if (!existsSync(join(directory, "products.csv")))
    throw new Error(`${join(directory, "products.csv")} not found: The Complete Journey needs products.csv`);
  const prepared: Prepared = {};
  try {
    return await runImport(db, SOURCE, (context) => importInto(context, directory, prepared), options);
  } finally {
    prepared.baskets?.dispose();
  }
}

async function importInto(context: ImportContext, directory: string, prepared: Prepared): Promise<void> {
  const file = (name: string) => join(directory, name);
  const transactions = file("transactions_sample.csv");
  if (!prepared.baskets && existsSync(transactions))
    prepared.baskets = await partitionTransactions(context, transactions);
  const catalog = await readCatalogIds(context, file("products.csv"));
  const { households, observed } = prepared.baskets
    ? await importOrders(context, prepared.baskets, catalog)
    : { households: new Map<number, number>(), observed: new Map() as ObservedPrices };
  await importCatalog(context, file("products.csv"), catalog, observed);
  const users = new Set(households.keys());
  if (existsSync(file("demographics.csv"))) await importDemographics(context, file("demographics.csv"), users);
  await importUsers(context, users, households);
  const campaigns = existsSync(file("campaign_descriptions.csv"))
    ? await importCampaigns(context, file)
    : new Set<number>();
  const coupons = existsSync(file("coupons.csv"))
    ? await importCoupons(context, file("coupons.csv"), catalog, campaigns)
    : new Set<string>();
  if (existsSync(file("coupon_redemptions.csv")))
    await importRedemptions(context, file("coupon_redemptions.csv"), users, coupons, campaigns);
  if (existsSync(file("promotions_sample.csv")))
    await importPromotions(context, file("promotions_sample.csv"), catalog);
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const rejecter =
  (context: ImportContext, collection: string, name: string, line: number) =>
  (field: string, reason: string, value?: string) =>
    context.reject(collection, {
      file: name,
      line,
      field,
      reason,
      ...(value !== undefined ? { value } : {}),
    } satisfies Rejection);

/** Parses "2017-01-28 19:06:53" or "2017-01-28" as UTC; undefined when not a real date. */
function parseTimestamp(text: string | undefined): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/.exec(text?.trim() ?? "");
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60
    ? date
    : undefined;
}

/** A discount column: a magnitude (the CRAN release stores them positive, the original Dunnhumby files negative). */
function discount(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === "") return 0;
  const value = finiteNumber(text);
  return value === undefined ? undefined : Math.abs(value);
}

/**
 * First pass only: validates transaction lines and spreads them over basket buckets. Unknown products
 * are checked later, against the catalog.
 */
async function partitionTransactions(context: ImportContext, path: string): Promise<GroupPartition<TransactionLine>> {
  const name = "transactions_sample.csv";
  const baskets = new GroupPartition<TransactionLine>(statSync(path).size);
  for await (const { line, record } of readCsv(path, context.report, name)) {
    context.read(COLLECTIONS.orders);
    const reject = rejecter(context, COLLECTIONS.orders, name, line);
    const household = positiveInteger(record.household_id);
    const store = positiveInteger(record.store_id);
    const basket = positiveInteger(record.basket_id);
    const product = positiveInteger(record.product_id);
    const quantity = finiteNumber(record.quantity);
    const sales = finiteNumber(record.sales_value);
    const retail = discount(record.retail_disc);
    const coupon = discount(record.coupon_disc);
    const match = discount(record.coupon_match_disc);
    const at = parseTimestamp(record.transaction_timestamp);
    if (household === undefined) reject("household_id", "not a positive integer", record.household_id);
    else if (store === undefined) reject("store_id", "not a positive integer", record.store_id);
    else if (basket === undefined) reject("basket_id", "not a positive integer", record.basket_id);
    else if (product === undefined) reject("product_id", "not a positive integer", record.product_id);
    else if (quantity === undefined || !Number.isInteger(quantity))
      reject("quantity", "not an integer", record.quantity);
    else if (quantity === 0) reject("quantity", "0 units: nothing was sold on this line", record.quantity);
    else if (quantity < 0) reject("quantity", "negative quantity", record.quantity);
    else if (quantity > MAX_QUANTITY)
      reject("quantity", `more than ${MAX_QUANTITY} units on one line`, record.quantity);
    else if (sales === undefined) reject("sales_value", "not a number", record.sales_value);
    else if (sales < 0) reject("sales_value", "negative price", record.sales_value);
    else if (retail === undefined) reject("retail_disc", "not a number", record.retail_disc);
    else if (coupon === undefined) reject("coupon_disc", "not a number", record.coupon_disc);
    else if (match === undefined) reject("coupon_match_disc", "not a number", record.coupon_match_disc);
    else if (sales + retail + coupon + match > MAX_MONEY)
      reject("sales_value", `absurd amount: more than ${MAX_MONEY} on one line`, record.sales_value);
    else if (sales + retail + coupon + match === 0)
      reject("sales_value", "no price: sales value and discounts are all 0", record.sales_value);
    else if (!at)
      reject("transaction_timestamp", "not a date and time (YYYY-MM-DD HH:MM:SS)", record.transaction_timestamp);
    else {
      await baskets.add({
        key: String(basket),
        line,
        data: { household, store, product, quantity, sales, retail, coupon, match, at: at.getTime() },
      });
    }
  }
  await baskets.finish();
  return baskets;
}

/** One product row of products.csv, validated. */
interface ProductRow {
  id: number;
  manufacturer: string;
  department: string;
  commodity: string;
  type: string;
  brand: "National" | "Private";
  packageSize: string;
}

/** Reads products.csv: valid rows to `onRow`, bad ones rejected (only when `report` is the import's). */
async function* productRows(
  context: ImportContext,
  path: string,
  report: RejectionReport,
): AsyncGenerator<{ line: number; row: ProductRow }> {
  const seen = new Set<number>();
  const reporting = report === context.report;
  for await (const { line, record } of readCsv(path, report, "products.csv")) {
    if (reporting) context.read(COLLECTIONS.products);
    const reject = reporting ? rejecter(context, COLLECTIONS.products, "products.csv", line) : () => {};
    const id = positiveInteger(record.product_id);
    const department = record.department?.trim().replace(/\s+/g, " ") ?? "";
    const commodity = record.product_category?.trim() ?? "";
    const type = record.product_type?.trim() ?? "";
    const brand = record.brand?.trim();
    if (id === undefined) reject("product_id", "not a positive integer", record.product_id);
    else if (seen.has(id)) reject("product_id", `duplicate id ${id} (first occurrence kept)`, record.product_id);
    else if (!department) reject("department", "empty department");
    else if (brand !== "National" && brand !== "Private") reject("brand", "neither National nor Private", record.brand);
    else if (!commodity && !type) reject("product_type", "no product_category or product_type to name the product by");
    else if (`${commodity} ${type}`.length > 300) reject("product_type", "longer than 300 characters", type);
    else {
      seen.add(id);
      yield {
        line,
        row: {
          id,
          manufacturer: record.manufacturer_id?.trim() ?? "",
          department,
          commodity: commodity || type,
          type: type || commodity,
          brand,
          packageSize: record.package_size?.trim() ?? "",
        },
      };
    }
  }
}

/** Mean of a (sum, count) pair, rounded to a shelf price. */
const meanPrice = (stat: [number, number] | undefined): number | undefined =>
  stat && stat[1] > 0 ? Math.max(0.01, round(stat[0] / stat[1])) : undefined;

/** A silent read of products.csv: which ids are catalog products (and their price group), which are excluded and why. */
async function readCatalogIds(context: ImportContext, path: string): Promise<Catalog> {
  const silent = new RejectionReport("");
  silent.enabled = false;
  const catalog: Catalog = { products: new Map(), excluded: new Map() };
  for await (const { row } of productRows(context, path, silent)) {
    const placement = placeProduct(row.department, row.commodity);
    if ("excluded" in placement) catalog.excluded.set(row.id, placement.excluded);
    else catalog.products.set(row.id, `${row.department}\0${row.commodity}\0${row.type}`);
  }
  return catalog;
}

/**
 * Stages categories, products and offers. A product's price is its mean observed shelf price in the
 * imported order lines; one never sold is estimated (flagged) as the mean over its sub-commodity, else
 * commodity, else department, else 3.99.
 */
async function importCatalog(
  context: ImportContext,
  path: string,
  catalog: Catalog,
  observed: ObservedPrices,
): Promise<void> {
  const groupPrices = new Map<string, [number, number]>();
  for (const [id, group] of catalog.products) {
    const price = meanPrice(observed.get(id));
    if (price === undefined) continue;
    const [department, commodity, type] = group.split("\0");
    for (const key of [`d|${department}`, `c|${department}|${commodity}`, `t|${department}|${commodity}|${type}`]) {
      const stat = groupPrices.get(key) ?? [0, 0];
      stat[0] += price;
      stat[1] += 1;
      groupPrices.set(key, stat);
    }
  }
  const products = new StageBuffer(context, COLLECTIONS.products);
  const offers = new StageBuffer(context, COLLECTIONS.offers);
  const categories = new StageBuffer(context, COLLECTIONS.categories);
  const staged = new Set<string>();
  const verticals = new Set<Vertical>();
  const addCategory = async (category: CategoryDocument, line: number) => {
    if (staged.has(category._id)) return;
    staged.add(category._id);
    context.read(COLLECTIONS.categories);
    await categories.add(category, "products.csv", line);
  };
  for await (const { line, row } of productRows(context, path, context.report)) {
    const placement = placeProduct(row.department, row.commodity);
    if ("excluded" in placement) {
      context.reject(COLLECTIONS.products, {
        file: "products.csv",
        line,
        field: "department",
        reason: `not imported: ${placement.excluded}`,
        value: row.department,
      });
      continue;
    }
    const vertical = placement.vertical;
    verticals.add(vertical);
    const root = verticalCategory(vertical)._id;
    const departmentId = `cat:cj:${vertical.toLowerCase()}:${slug(row.department).slice(0, 30)}`;
    const commodityId = `${departmentId}:${slug(row.commodity).slice(0, 40)}`;
    const typeId = `${commodityId}:${slug(row.type).slice(0, 40)}`;
    await addCategory(
      {
        _id: departmentId,
        name: titleCase(row.department),
        vertical,
        parentId: root,
        path: [root, departmentId],
        depth: 1,
        source: SOURCE,
      },
      line,
    );
    await addCategory(
      {
        _id: commodityId,
        name: titleCase(row.commodity),
        vertical,
        parentId: departmentId,
        path: [root, departmentId, commodityId],
        depth: 2,
        source: SOURCE,
      },
      line,
    );
    await addCategory(
      {
        _id: typeId,
        name: titleCase(row.type),
        vertical,
        parentId: commodityId,
        path: [root, departmentId, commodityId, typeId],
        depth: 3,
        source: SOURCE,
      },
      line,
    );

    const seen = meanPrice(observed.get(row.id));
    const price =
      seen ??
      meanPrice(groupPrices.get(`t|${row.department}|${row.commodity}|${row.type}`)) ??
      meanPrice(groupPrices.get(`c|${row.department}|${row.commodity}`)) ??
      meanPrice(groupPrices.get(`d|${row.department}`)) ??
      3.99;
    const size = parsePackSize(row.packageSize);
    const unit = unitPrice(price, size);
    const name = `${titleCase(row.type)}${row.packageSize ? ` ${row.packageSize}` : ""}`;
    const product: ProductDocument = {
      _id: `p:cj:${row.id}`,
      name,
      brand: row.brand === "Private" ? "Private label" : `Manufacturer ${row.manufacturer || "unknown"}`,
      vertical,
      categoryId: typeId,
      categoryPath: [root, departmentId, commodityId, typeId],
      ...(size ? { size } : {}),
      price,
      ...(seen === undefined ? { priceEstimated: true } : {}),
      currency: "USD",
      ...(unit ? { unitPrice: unit } : {}),
      tags: [
        ...inferTags(name, {
          categories: [row.department, row.commodity, row.type],
          alcoholVertical: vertical === "ALCOHOL",
        }),
        row.brand === "Private" ? "private-label" : "national-brand",
      ].sort(),
      source: SOURCE,
      createdAt: context.now,
      updatedAt: context.now,
    };
    await products.add(product, "products.csv", line);
    const offer: OfferDocument = {
      _id: `${COMPLETE_JOURNEY_MERCHANT_ID}|${product._id}`,
      merchantId: COMPLETE_JOURNEY_MERCHANT_ID,
      productId: product._id,
      price,
      available: true,
    };
    await offers.add(offer, "products.csv", line);
  }
  const existingRoots = new Set(
    (
      await context.db
        .collection<CategoryDocument>(COLLECTIONS.categories)
        .find({ _id: { $in: [...verticals].map((v) => verticalCategory(v)._id) } }, { projection: { _id: 1 } })
        .toArray()
    ).map((d) => String(d._id)),
  );
  for (const vertical of [...verticals].sort()) {
    const root = verticalCategory(vertical);
    if (!existingRoots.has(root._id)) await categories.add({ ...root, source: SOURCE }, "products.csv", 0);
  }
  await products.flush();
  await offers.flush();
  await categories.flush();
  const merchant: MerchantDocument = {
    _id: COMPLETE_JOURNEY_MERCHANT_ID,
    name: "The Complete Journey retailer",
    kind: "STORE",
    verticals: [...verticals].sort(),
    source: SOURCE,
  };
  await context.put(COLLECTIONS.merchants, [{ doc: merchant, file: "products.csv", line: 0 }]);
}

/**
 * Baskets → orders: one order per basket, lines in input order; inconsistent or unknown lines rejected.
 * Returns each household with an order (and the time of its first one) and the observed shelf prices.
 */
async function importOrders(
  context: ImportContext,
  baskets: GroupPartition<TransactionLine>,
  catalog: Catalog,
): Promise<{ households: Map<number, number>; observed: ObservedPrices }> {
  const name = "transactions_sample.csv";
  const households = new Map<number, number>();
  const observed: ObservedPrices = new Map();
  const orders = new StageBuffer(context, COLLECTIONS.orders);
  for await (const { key, rows } of baskets.groups()) {
    const first = rows[0]!;
    const lines: OrderLine[] = [];
    const products = new Set<number>();
    let placedAt = Infinity;
    let total = 0;
    for (const { line, data } of rows) {
      const reject = rejecter(context, COLLECTIONS.orders, name, line);
      if (data.household !== first.data.household)
        reject(
          "household_id",
          `basket ${key} belongs to household ${first.data.household} (line ${first.line})`,
          String(data.household),
        );
      else if (data.store !== first.data.store)
        reject(
          "store_id",
          `basket ${key} was bought at store ${first.data.store} (line ${first.line})`,
          String(data.store),
        );
      else if (catalog.excluded.has(data.product))
        reject(
          "product_id",
          `product ${data.product} is not in the catalog: ${catalog.excluded.get(data.product)}`,
          String(data.product),
        );
      else if (!catalog.products.has(data.product)) reject("product_id", "unknown product id", String(data.product));
      else if (products.has(data.product))
        reject(
          "product_id",
          `product ${data.product} appears twice in basket ${key} (first kept)`,
          String(data.product),
        );
      else {
        products.add(data.product);
        const shelf = (data.sales + data.retail + data.coupon + data.match) / data.quantity;
        const stat = observed.get(data.product);
        if (stat) {
          stat[0] += shelf;
          stat[1] += 1;
        } else observed.set(data.product, [shelf, 1]);
        placedAt = Math.min(placedAt, data.at);
        total += data.sales;
        lines.push({
          productId: `p:cj:${data.product}`,
          quantity: data.quantity,
          unitPrice: round(data.sales / data.quantity, 4),
          discount: round((data.retail + data.coupon + data.match) / data.quantity, 4),
          discounts: { retail: data.retail, coupon: data.coupon, couponMatch: data.match },
        });
      }
    }
    if (!lines.length) continue;
    const order: OrderDocument = {
      _id: `o:cj:${key}`,
      userId: `u:cj:${first.data.household}`,
      merchantId: COMPLETE_JOURNEY_MERCHANT_ID,
      storeId: `cj:${first.data.store}`,
      placedAt: new Date(placedAt),
      lines,
      total: round(total),
      source: SOURCE,
    };
    await orders.add(order, name, first.line);
    const seen = households.get(first.data.household);
    if (seen === undefined || placedAt < seen) households.set(first.data.household, placedAt);
  }
  await orders.flush();
  return { households, observed };
}

/** demographics.csv → household_demographics; adds its households to `users`. */
async function importDemographics(context: ImportContext, path: string, users: Set<number>): Promise<void> {
  const name = "demographics.csv";
  const buffer = new StageBuffer(context, COLLECTIONS.householdDemographics);
  const fields: Array<[keyof HouseholdDemographicsDocument, string]> = [
    ["age", "age"],
    ["income", "income"],
    ["homeOwnership", "home_ownership"],
    ["maritalStatus", "marital_status"],
    ["householdSize", "household_size"],
    ["householdComposition", "household_comp"],
    ["kidsCount", "kids_count"],
  ];
  for await (const { line, record } of readCsv(path, context.report, name)) {
    context.read(COLLECTIONS.householdDemographics);
    const household = positiveInteger(record.household_id);
    if (household === undefined) {
      rejecter(
        context,
        COLLECTIONS.householdDemographics,
        name,
        line,
      )("household_id", "not a positive integer", record.household_id);
      continue;
    }
    const document: HouseholdDemographicsDocument = { _id: `u:cj:${household}`, source: SOURCE };
    for (const [field, column] of fields) {
      const value = record[column]?.trim();
      if (value) (document as unknown as Record<string, string>)[field] = value.slice(0, 60);
    }
    users.add(household);
    await buffer.add(document, name, line);
  }
  await buffer.flush();
}

/** One user per household seen in transactions or demographics, in id order. */
async function importUsers(
  context: ImportContext,
  households: Set<number>,
  firstSeen: Map<number, number>,
): Promise<void> {
  const buffer = new StageBuffer(context, COLLECTIONS.users);
  for (const household of [...households].sort((a, b) => a - b)) {
    context.read(COLLECTIONS.users);
    const first = firstSeen.get(household);
    const user: UserDocument = {
      _id: `u:cj:${household}`,
      name: `Complete Journey household ${household}`,
      ageVerified: false,
      preferences: { dietary: [], excludedBrands: [], excludedCategoryIds: [] },
      createdAt: first === undefined ? EPOCH : new Date(first),
      source: SOURCE,
    };
    await buffer.add(user, "households", household);
  }
  await buffer.flush();
}

/**
 * campaign_descriptions.csv (type and dates) joined with campaigns.csv (targeted households, rows grouped
 * by campaign as the source ships them) → campaigns. Returns the known campaign ids.
 */
async function importCampaigns(context: ImportContext, file: (name: string) => string): Promise<Set<number>> {
  const descriptions = new Map<number, { type: string; start: Date; end: Date; line: number }>();
  for await (const { line, record } of readCsv(file("campaign_descriptions.csv"), context.report)) {
    context.read(COLLECTIONS.campaigns);
    const reject = rejecter(context, COLLECTIONS.campaigns, "campaign_descriptions.csv", line);
    const id = positiveInteger(record.campaign_id);
    const start = parseTimestamp(record.start_date);
    const end = parseTimestamp(record.end_date);
    const type = record.campaign_type?.trim();
    if (id === undefined) reject("campaign_id", "not a positive integer", record.campaign_id);
    else if (descriptions.has(id))
      reject("campaign_id", `duplicate id ${id} (first occurrence kept)`, record.campaign_id);
    else if (!type) reject("campaign_type", "empty type");
    else if (!start) reject("start_date", "not a date (YYYY-MM-DD)", record.start_date);
    else if (!end) reject("end_date", "not a date (YYYY-MM-DD)", record.end_date);
    else if (end < start) reject("end_date", "before start_date", record.end_date);
    else descriptions.set(id, { type: type.slice(0, 40), start, end, line });
  }
  const buffer = new StageBuffer(context, COLLECTIONS.campaigns);
  const emit = async (id: number, userIds: string[], file: string, line: number) => {
    const description = descriptions.get(id)!;
    const campaign: CampaignDocument = {
      _id: `cmp:cj:${id}`,
      campaignId: String(id),
      type: description.type,
      startDate: description.start,
      endDate: description.end,
      userIds: userIds.sort(),
      source: SOURCE,
    };
    await buffer.add(campaign, file, line);
  };
  const done = new Set<number>();
  if (existsSync(file("campaigns.csv"))) {
    let current: { id: number; users: Set<string>; line: number } | undefined;
    for await (const { line, record } of readCsv(file("campaigns.csv"), context.report)) {
      context.read(COLLECTIONS.campaigns);
      const reject = rejecter(context, COLLECTIONS.campaigns, "campaigns.csv", line);
      const id = positiveInteger(record.campaign_id);
      const household = positiveInteger(record.household_id);
      if (id === undefined) reject("campaign_id", "not a positive integer", record.campaign_id);
      else if (!descriptions.has(id))
        reject("campaign_id", "unknown campaign id (not in campaign_descriptions.csv)", record.campaign_id);
      else if (household === undefined) reject("household_id", "not a positive integer", record.household_id);
      else if (id !== current?.id && done.has(id))
        reject(
          "campaign_id",
          `rows of campaign ${id} are not contiguous (the file must be grouped by campaign_id)`,
          record.campaign_id,
        );
      else {
        if (id !== current?.id) {
          if (current) await emit(current.id, [...current.users], "campaigns.csv", current.line);
          done.add(id);
          current = { id, users: new Set(), line };
        }
        const userId = `u:cj:${household}`;
        if (current.users.has(userId))
          reject("household_id", `household ${household} listed twice for campaign ${id}`, record.household_id);
        else current.users.add(userId);
      }
    }
    if (current) await emit(current.id, [...current.users], "campaigns.csv", current.line);
  }
  for (const [id, description] of descriptions)
    if (!done.has(id)) await emit(id, [], "campaign_descriptions.csv", description.line);
  await buffer.flush();
  return new Set(descriptions.keys());
}

/** coupons.csv (rows grouped by coupon_upc as shipped) → coupons. Returns the known coupon UPCs. */
async function importCoupons(
  context: ImportContext,
  path: string,
  catalog: Catalog,
  campaigns: Set<number>,
): Promise<Set<string>> {
  const name = "coupons.csv";
  const buffer = new StageBuffer(context, COLLECTIONS.coupons);
  const done = new Set<string>();
  let current:
    { upc: string; campaigns: Set<number>; products: Set<number>; pairs: Set<string>; line: number } | undefined;
  const emit = async () => {
    if (!current || !current.products.size) return;
    const coupon: CouponDocument = {
      _id: `cpn:cj:${current.upc}`,
      upc: current.upc,
      campaignIds: [...current.campaigns].sort((a, b) => a - b).map((id) => `cmp:cj:${id}`),
      productIds: [...current.products].sort((a, b) => a - b).map((id) => `p:cj:${id}`),
      source: SOURCE,
    };
    await buffer.add(coupon, name, current.line);
  };
  for await (const { line, record } of readCsv(path, context.report, name)) {
    context.read(COLLECTIONS.coupons);
    const reject = rejecter(context, COLLECTIONS.coupons, name, line);
    const upc = record.coupon_upc?.trim() ?? "";
    const product = positiveInteger(record.product_id);
    const campaign = positiveInteger(record.campaign_id);
    if (!/^\d{1,20}$/.test(upc)) reject("coupon_upc", "not a UPC (1–20 digits)", record.coupon_upc);
    else if (product === undefined) reject("product_id", "not a positive integer", record.product_id);
    else if (catalog.excluded.has(product))
      reject(
        "product_id",
        `product ${product} is not in the catalog: ${catalog.excluded.get(product)}`,
        record.product_id,
      );
    else if (!catalog.products.has(product)) reject("product_id", "unknown product id", record.product_id);
    else if (campaign === undefined || !campaigns.has(campaign))
      reject("campaign_id", "unknown campaign id", record.campaign_id);
    else if (upc !== current?.upc && done.has(upc))
      reject("coupon_upc", `rows of coupon ${upc} are not contiguous (the file must be grouped by coupon_upc)`, upc);
    else {
      if (upc !== current?.upc) {
        await emit();
        done.add(upc);
        current = { upc, campaigns: new Set(), products: new Set(), pairs: new Set(), line };
      }
      const pair = `${product}|${campaign}`;
      if (current.pairs.has(pair))
        reject("(row)", `duplicate row: coupon ${upc}, product ${product}, campaign ${campaign} already read`);
      else {
        current.pairs.add(pair);
        current.products.add(product);
        current.campaigns.add(campaign);
      }
    }
  }
  await emit();
  await buffer.flush();
  return done;
}

/** coupon_redemptions.csv → coupon_redemptions. */
async function importRedemptions(
  context: ImportContext,
  path: string,
  users: Set<number>,
  coupons: Set<string>,
  campaigns: Set<number>,
): Promise<void> {
  const name = "coupon_redemptions.csv";
  const buffer = new StageBuffer(context, COLLECTIONS.couponRedemptions);
  for await (const { line, record } of readCsv(path, context.report, name)) {
    context.read(COLLECTIONS.couponRedemptions);
    const reject = rejecter(context, COLLECTIONS.couponRedemptions, name, line);
    const household = positiveInteger(record.household_id);
    const upc = record.coupon_upc?.trim() ?? "";
    const campaign = positiveInteger(record.campaign_id);
    const day = parseTimestamp(record.redemption_date);
    if (household === undefined) reject("household_id", "not a positive integer", record.household_id);
    else if (!users.has(household))
      reject("household_id", "unknown household (no transactions or demographics)", record.household_id);
    else if (!coupons.has(upc)) reject("coupon_upc", "unknown coupon (not in coupons.csv)", record.coupon_upc);
    else if (campaign === undefined || !campaigns.has(campaign))
      reject("campaign_id", "unknown campaign id", record.campaign_id);
    else if (!day) reject("redemption_date", "not a date (YYYY-MM-DD)", record.redemption_date);
    else {
      const redemption: CouponRedemptionDocument = {
        _id: `red:cj:${household}:${upc}:${campaign}:${day.toISOString().slice(0, 10)}`,
        userId: `u:cj:${household}`,
        couponId: `cpn:cj:${upc}`,
        campaignId: `cmp:cj:${campaign}`,
        redeemedAt: day,
        source: SOURCE,
      };
      await buffer.add(redemption, name, line);
    }
  }
  await buffer.flush();
}

/** promotions_sample.csv → promotions (one per product, store and week). */
async function importPromotions(context: ImportContext, path: string, catalog: Catalog): Promise<void> {
  const name = "promotions_sample.csv";
  const buffer = new StageBuffer(context, COLLECTIONS.promotions);
  for await (const { line, record } of readCsv(path, context.report, name)) {
    context.read(COLLECTIONS.promotions);
    const reject = rejecter(context, COLLECTIONS.promotions, name, line);
    const product = positiveInteger(record.product_id);
    const store = positiveInteger(record.store_id);
    const week = positiveInteger(record.week);
    const display = record.display_location?.trim() ?? "";
    const mailer = record.mailer_location?.trim() ?? "";
    if (product === undefined) reject("product_id", "not a positive integer", record.product_id);
    else if (catalog.excluded.has(product))
      reject(
        "product_id",
        `product ${product} is not in the catalog: ${catalog.excluded.get(product)}`,
        record.product_id,
      );
    else if (!catalog.products.has(product)) reject("product_id", "unknown product id", record.product_id);
    else if (store === undefined) reject("store_id", "not a positive integer", record.store_id);
    else if (week === undefined || week > 53) reject("week", "not a week 1..53", record.week);
    else if (!/^[0-9A-Z]$/.test(display))
      reject("display_location", "not a one-character location code", record.display_location);
    else if (!/^[0-9A-Z]$/.test(mailer))
      reject("mailer_location", "not a one-character location code", record.mailer_location);
    else {
      const promotion: PromotionDocument = {
        _id: `promo:cj:${product}:${store}:${week}`,
        productId: `p:cj:${product}`,
        storeId: `cj:${store}`,
        week,
        displayLocation: display,
        mailerLocation: mailer,
        source: SOURCE,
      };
      await buffer.add(promotion, name, line);
    }
  }
  await buffer.flush();
}

/** `npm run import -- completejourney PATH [--report FILE]`. */
/** Command line of this importer (`--help`). */
export const USAGE = importUsage(SOURCE);

export async function main(argv: string[]): Promise<void> {
  await importCommand(SOURCE, argv, importCompleteJourney);
}
