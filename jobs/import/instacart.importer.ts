import { existsSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import type { Db } from "mongodb";
import type { CategoryDocument } from "../../core/documents/category.document";
import { COLLECTIONS } from "../../core/documents/collections";
import type { MerchantDocument, OfferDocument } from "../../core/documents/merchant.document";
import type { OrderDocument, OrderLine } from "../../core/documents/order.document";
import type { ProductDocument } from "../../core/documents/product.document";
import type { UserDocument } from "../../core/documents/user.document";
import type { Vertical } from "../../core/documents/vertical";
import { parsePackSize, unitPrice } from "../../core/text/pack-size";
import { inferTags } from "../../core/text/tags";
import { verticalCategory } from "../seed/catalog.generator";
import { hashUnit } from "../seed/random";
import { finiteNumber, positiveInteger, readCsv } from "./csv-source";
import type { ImportSummary } from "./import-report";
import {
  StageBuffer,
  importCommand,
  importUsage,
  runImport,
  type ImportContext,
  type ImportOptions,
} from "./import-run";

/** The merchant every imported Instacart product is offered by. */
export const INSTACART_MERCHANT_ID = "m:instacart";
/** Day 0 of imported Instacart order histories (the data set has relative days only). */
export const INSTACART_EPOCH = new Date("2017-01-01T00:00:00.000Z");
const SOURCE = "instacart";

/** Typical shelf price range (USD) per Instacart department; Instacart has no prices, so they are estimated. */
const PRICE_BANDS: Record<string, [number, number]> = {
  alcohol: [8, 30],
  babies: [4, 25],
  "personal care": [3, 15],
  pets: [3, 25],
  household: [3, 15],
  meat: [5, 15],
  "meat seafood": [5, 15],
  frozen: [3, 8],
  produce: [1, 5],
  dairy: [2, 6],
  "dairy eggs": [2, 6],
  bakery: [3, 6],
  beverages: [2, 8],
  snacks: [2, 6],
  pantry: [2, 7],
};

/** Vertical of an Instacart department. */
function verticalOf(department: string): Vertical {
  return department === "alcohol" ? "ALCOHOL" : "GROCERY";
}

/** Deterministic estimated price of product `id` in `department`. */
export function estimatedPrice(id: number, department: string): number {
  const [low, high] = PRICE_BANDS[department] ?? [2, 8];
  const value = low + (high - low) * hashUnit(7919, id);
  return Math.floor(value) + 0.99 - (value - Math.floor(value) < 0.5 ? 0.5 : 0);
}

/**
 * Imports an Instacart folder: departments.csv, aisles.csv, products.csv (catalog: vertical → department
 * → aisle, one offer each at the "Instacart" merchant), and order histories when present:
 * `transactions.csv` (single-table sample format, here or in sample-10-users/) and the Kaggle layout
 * (`orders.csv` with `order_products__prior.csv` and `order_products__train.csv`) → users and orders.
 */
export async function importInstacart(db: Db, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  return runImport(db, SOURCE, (context) => importInstacartInto(context, path), options);
}

async function importInstacartInto(context: ImportContext, path: string): Promise<void> {
  const directory = statSync(path).isDirectory() ? path : join(path, "..");
  const file = (name: string) => join(directory, name);
  const prices = new Map<number, number>();
  if (existsSync(file("products.csv"))) await importCatalog(context, file, prices);
  const transactions =
    [file("transactions.csv"), file("sample-10-users/transactions.csv")].find(existsSync) ??
    (basename(path) === "transactions.csv" ? path : undefined);
  if (transactions) await importTransactions(context, transactions, prices);
  if (existsSync(file("orders.csv"))) await importKaggleOrders(context, directory, prices);
}

async function importCatalog(
  context: ImportContext,
  file: (name: string) => string,
  prices: Map<number, number>,
): Promise<void> {
  const now = context.now;
  const departments = new Map<number, string>();
  for await (const { line, record } of readCsv(file("departments.csv"), context.report)) {
    context.read(COLLECTIONS.categories);
    const id = positiveInteger(record.department_id);
    const name = record.department?.trim();
    if (id === undefined)
      context.reject(COLLECTIONS.categories, {
        file: "departments.csv",
        line,
        field: "department_id",
        reason: "not a positive integer",
        value: record.department_id,
      });
    else if (!name)
      context.reject(COLLECTIONS.categories, {
        file: "departments.csv",
        line,
        field: "department",
        reason: "empty name",
      });
    else if (departments.has(id))
      context.reject(COLLECTIONS.categories, {
        file: "departments.csv",
        line,
        field: "department_id",
        reason: `duplicate id ${id} (first occurrence kept)`,
        value: String(id),
      });
    else departments.set(id, name);
  }
  const aisles = new Map<number, { name: string; line: number }>();
  for await (const { line, record } of readCsv(file("aisles.csv"), context.report)) {
    context.read(COLLECTIONS.categories);
    const id = positiveInteger(record.aisle_id);
    const name = record.aisle?.trim();
    if (id === undefined)
      context.reject(COLLECTIONS.categories, {
        file: "aisles.csv",
        line,
        field: "aisle_id",
        reason: "not a positive integer",
        value: record.aisle_id,
      });
    else if (!name)
      context.reject(COLLECTIONS.categories, { file: "aisles.csv", line, field: "aisle", reason: "empty name" });
    else if (aisles.has(id))
      context.reject(COLLECTIONS.categories, {
        file: "aisles.csv",
        line,
        field: "aisle_id",
        reason: `duplicate id ${id} (first occurrence kept)`,
        value: String(id),
      });
    else aisles.set(id, { name, line });
  }
  const aisleDepartment = new Map<number, number>();
  const products = new StageBuffer(context, COLLECTIONS.products);
  const offers = new StageBuffer(context, COLLECTIONS.offers);
  const reject = (line: number, field: string, reason: string, value?: string) =>
    context.reject(COLLECTIONS.products, {
      file: "products.csv",
      line,
      field,
      reason,
      ...(value !== undefined ? { value } : {}),
    });
  for await (const { line, record } of readCsv(file("products.csv"), context.report)) {
    context.read(COLLECTIONS.products);
    const id = positiveInteger(record.product_id);
    const name = record.product_name?.trim().replace(/\s+/g, " ");
    const aisleId = positiveInteger(record.aisle_id);
    const departmentId = positiveInteger(record.department_id);
    if (id === undefined) reject(line, "product_id", "not a positive integer", record.product_id);
    else if (!name) reject(line, "product_name", "empty name");
    else if (prices.has(id))
      reject(line, "product_id", `duplicate id ${id} (first occurrence kept)`, record.product_id);
    else if (name.length > 300) reject(line, "product_name", "longer than 300 characters", name);
    else if (aisleId === undefined || !aisles.has(aisleId))
      reject(line, "aisle_id", "unknown aisle id", record.aisle_id);
    else if (departmentId === undefined || !departments.has(departmentId))
      reject(line, "department_id", "unknown department id", record.department_id);
    else if (aisleDepartment.has(aisleId) && aisleDepartment.get(aisleId) !== departmentId)
      reject(
        line,
        "department_id",
        `aisle ${aisleId} belongs to department ${aisleDepartment.get(aisleId)}`,
        record.department_id,
      );
    else {
      aisleDepartment.set(aisleId, departmentId);
      const department = departments.get(departmentId)!;
      const aisle = aisles.get(aisleId)!.name;
      const vertical = verticalOf(department);
      const price = estimatedPrice(id, department);
      prices.set(id, price);
      const size = parsePackSize(name);
      const categoryPath = [
        verticalCategory(vertical)._id,
        `cat:instacart:dept:${departmentId}`,
        `cat:instacart:aisle:${aisleId}`,
      ];
      const unit = unitPrice(price, size);
      const product: ProductDocument = {
        _id: `p:instacart:${id}`,
        name,
        vertical,
        categoryId: categoryPath[2]!,
        categoryPath,
        ...(size ? { size } : {}),
        price,
        priceEstimated: true,
        currency: "USD",
        ...(unit ? { unitPrice: unit } : {}),
        tags: inferTags(name, { categories: [department, aisle], alcoholVertical: vertical === "ALCOHOL" }),
        source: SOURCE,
        createdAt: now,
        updatedAt: now,
      };
      await products.add(product, "products.csv", line);
      const offer: OfferDocument = {
        _id: `${INSTACART_MERCHANT_ID}|${product._id}`,
        merchantId: INSTACART_MERCHANT_ID,
        productId: product._id,
        price,
        available: true,
      };
      await offers.add(offer, "products.csv", line);
    }
  }
  await products.flush();
  await offers.flush();

  const categories = new StageBuffer(context, COLLECTIONS.categories);
  const verticals = new Set<Vertical>();
  for (const departmentId of aisleDepartment.values()) verticals.add(verticalOf(departments.get(departmentId)!));
  const existingRoots = new Set(
    (
      await context.db
        .collection<CategoryDocument>(COLLECTIONS.categories)
        .find({ _id: { $in: [...verticals].map((v) => verticalCategory(v)._id) } }, { projection: { _id: 1 } })
        .toArray()
    ).map((d) => String(d._id)),
  );
  for (const vertical of verticals) {
    const root = verticalCategory(vertical);
    if (!existingRoots.has(root._id)) await categories.add({ ...root, source: SOURCE }, "departments.csv", 0);
  }
  const usedDepartments = new Set(aisleDepartment.values());
  for (const [id, name] of departments) {
    if (!usedDepartments.has(id)) continue;
    const root = verticalCategory(verticalOf(name))._id;
    const category: CategoryDocument = {
      _id: `cat:instacart:dept:${id}`,
      name,
      vertical: verticalOf(name),
      parentId: root,
      path: [root, `cat:instacart:dept:${id}`],
      depth: 1,
      source: SOURCE,
    };
    await categories.add(category, "departments.csv", 0);
  }
  for (const [id, aisle] of aisles) {
    const departmentId = aisleDepartment.get(id);
    if (departmentId === undefined) {
      context.reject(COLLECTIONS.categories, {
        file: "aisles.csv",
        line: aisle.line,
        field: "aisle_id",
        reason: "no product references this aisle, so its department is unknown",
        value: String(id),
      });
      continue;
    }
    const department = departments.get(departmentId)!;
    const root = verticalCategory(verticalOf(department))._id;
    const category: CategoryDocument = {
      _id: `cat:instacart:aisle:${id}`,
      name: aisle.name,
      vertical: verticalOf(department),
      parentId: `cat:instacart:dept:${departmentId}`,
      path: [root, `cat:instacart:dept:${departmentId}`, `cat:instacart:aisle:${id}`],
      depth: 2,
      source: SOURCE,
    };
    await categories.add(category, "aisles.csv", aisle.line);
  }
  await categories.flush();
  const merchant: MerchantDocument = {
    _id: INSTACART_MERCHANT_ID,
    name: "Instacart",
    kind: "STORE",
    verticals: [...verticals].sort(),
    source: SOURCE,
  };
  await context.put(COLLECTIONS.merchants, [{ doc: merchant, file: "products.csv", line: 0 }]);
}

/**
 * Single-table order histories (`order_id,user_id,order_number,order_dow,order_hour_of_day,
 * days_since_prior_order,product_id,add_to_cart_order,reordered`), rows of an order contiguous and
 * users in order_number order. placedAt = INSTACART_EPOCH + cumulative days + hour of day.
 */
async function importTransactions(context: ImportContext, path: string, prices: Map<number, number>): Promise<void> {
  const name = basename(path);
  const users = new StageBuffer(context, COLLECTIONS.users);
  const orders = new StageBuffer(context, COLLECTIONS.orders);
  let current: { order: OrderDocument; line: number; seen: Set<string> } | undefined;
  const userDays = new Map<number, { orderNumber: number; day: number }>();
  const unknown = async (ids: number[]): Promise<Set<number>> => {
    const missing = ids.filter((id) => !prices.has(id));
    if (!missing.length) return new Set();
    const found = await context.db
      .collection<ProductDocument>(COLLECTIONS.products)
      .find({ _id: { $in: missing.map((id) => `p:instacart:${id}`) } }, { projection: { _id: 1, price: 1 } })
      .toArray();
    for (const product of found) prices.set(Number(product._id.slice("p:instacart:".length)), product.price);
    return new Set(missing.filter((id) => !prices.has(id)));
  };
  const flush = async () => {
    if (!current) return;
    const order = current.order;
    order.total = Math.round(order.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0) * 100) / 100;
    if (order.lines.length) await orders.add(order, name, current.line);
    current = undefined;
  };
  for await (const { line, record } of readCsv(path, context.report)) {
    context.read(COLLECTIONS.orders);
    const orderId = positiveInteger(record.order_id);
    const userId = positiveInteger(record.user_id);
    const orderNumber = positiveInteger(record.order_number);
    const productId = positiveInteger(record.product_id);
    const hour = finiteNumber(record.order_hour_of_day);
    const gap = finiteNumber(record.days_since_prior_order);
    const reject = (field: string, reason: string, value?: string) =>
      context.reject(COLLECTIONS.orders, {
        file: name,
        line,
        field,
        reason,
        ...(value !== undefined ? { value } : {}),
      });
    if (orderId === undefined) {
      reject("order_id", "not a positive integer", record.order_id);
      continue;
    }
    if (userId === undefined) {
      reject("user_id", "not a positive integer", record.user_id);
      continue;
    }
    if (orderNumber === undefined) {
      reject("order_number", "not a positive integer", record.order_number);
      continue;
    }
    if (productId === undefined) {
      reject("product_id", "not a positive integer", record.product_id);
      continue;
    }
    if (hour === undefined || hour < 0 || hour > 23) {
      reject("order_hour_of_day", "not an hour 0..23", record.order_hour_of_day);
      continue;
    }
    if (gap !== undefined && (gap < 0 || gap > 365)) {
      reject("days_since_prior_order", "not between 0 and 365", record.days_since_prior_order);
      continue;
    }
    if ((await unknown([productId])).size) {
      reject("product_id", "unknown product id", record.product_id);
      continue;
    }
    const orderKey = `o:instacart:${orderId}`;
    if (current?.order._id !== orderKey) {
      await flush();
      let days = userDays.get(userId);
      if (!days) {
        days = { orderNumber, day: 0 };
        userDays.set(userId, days);
        const user: UserDocument = {
          _id: `u:instacart:${userId}`,
          name: `Instacart shopper ${userId}`,
          ageVerified: false,
          preferences: { dietary: [], excludedBrands: [], excludedCategoryIds: [] },
          createdAt: INSTACART_EPOCH,
          source: SOURCE,
        };
        context.read(COLLECTIONS.users);
        await users.add(user, name, line);
      } else if (orderNumber !== days.orderNumber) {
        days.day += gap ?? 0;
        days.orderNumber = orderNumber;
      }
      const placedAt = new Date(INSTACART_EPOCH.getTime() + (days.day * 24 + hour) * 3600000);
      current = {
        order: {
          _id: orderKey,
          userId: `u:instacart:${userId}`,
          merchantId: INSTACART_MERCHANT_ID,
          placedAt,
          lines: [],
          total: 0,
          source: SOURCE,
        },
        line,
        seen: new Set(),
      };
    }
    const productKey = `p:instacart:${productId}`;
    if (current.seen.has(productKey)) {
      reject("product_id", `product ${productId} appears twice in order ${orderId}`, record.product_id);
      continue;
    }
    current.seen.add(productKey);
    const line_: OrderLine = { productId: productKey, quantity: 1, unitPrice: prices.get(productId)!, discount: 0 };
    current.order.lines.push(line_);
  }
  await flush();
  await users.flush();
  await orders.flush();
}

/** Product ids looked up in the live catalog and not found (orders imported without products.csv). */
const missingProducts = new WeakMap<Map<number, number>, Set<number>>();

/** True when product `id` is in this import's catalog or the live one (its price is then in `prices`). */
async function knownProduct(context: ImportContext, prices: Map<number, number>, id: number): Promise<boolean> {
  if (prices.has(id)) return true;
  let missing = missingProducts.get(prices);
  if (!missing) missingProducts.set(prices, (missing = new Set()));
  if (missing.has(id)) return false;
  const found = await context.db
    .collection<ProductDocument>(COLLECTIONS.products)
    .findOne({ _id: `p:instacart:${id}` }, { projection: { price: 1 } });
  if (found) prices.set(id, found.price);
  else missing.add(id);
  return found !== null;
}

/** Where an order of orders.csv belongs and when it was placed, packed in one number: user × 2^22 + hours since the epoch. */
const HOURS = 2 ** 22;

/**
 * The Kaggle layout: `orders.csv` (order_id,user_id,eval_set,order_number,order_dow,order_hour_of_day,
 * days_since_prior_order; rows of a user in order_number order) gives users and, per order, the user and
 * a synthesised placedAt = INSTACART_EPOCH + the user's cumulative days_since_prior_order + the hour of
 * day (order_dow is not used; the same rule as the single-table format, so both give the same times).
 * Then `order_products__prior.csv` and `order_products__train.csv` (order_id,product_id,
 * add_to_cart_order,reordered; sorted by order_id as Kaggle ships them) are streamed and each run of one
 * order_id becomes an order. Memory: one packed number per order (no lines are held beyond the current
 * order); `test` orders have no products and give no order.
 */
async function importKaggleOrders(
  context: ImportContext,
  directory: string,
  prices: Map<number, number>,
): Promise<void> {
  const orderIndex = new Map<number, number>();
  const users = new StageBuffer(context, COLLECTIONS.users);
  const userDays = new Map<number, { orderNumber: number; day: number }>();
  for await (const { line, record } of readCsv(join(directory, "orders.csv"), context.report)) {
    context.read(COLLECTIONS.orders);
    const reject = (field: string, reason: string, value?: string) =>
      context.reject(COLLECTIONS.orders, {
        file: "orders.csv",
        line,
        field,
        reason,
        ...(value !== undefined ? { value } : {}),
      });
    const orderId = positiveInteger(record.order_id);
    const userId = positiveInteger(record.user_id);
    const orderNumber = positiveInteger(record.order_number);
    const hour = finiteNumber(record.order_hour_of_day);
    const gap = finiteNumber(record.days_since_prior_order);
    const evalSet = record.eval_set?.trim();
    const days = userId === undefined ? undefined : userDays.get(userId);
    if (orderId === undefined) reject("order_id", "not a positive integer", record.order_id);
    else if (orderIndex.has(orderId))
      reject("order_id", `duplicate id ${orderId} (first occurrence kept)`, record.order_id);
    else if (userId === undefined || userId >= 2 ** 30)
      reject("user_id", "not a positive integer below 2^30", record.user_id);
    else if (orderNumber === undefined) reject("order_number", "not a positive integer", record.order_number);
    else if (evalSet !== "prior" && evalSet !== "train" && evalSet !== "test")
      reject("eval_set", "not prior, train or test", record.eval_set);
    else if (hour === undefined || !Number.isInteger(hour) || hour < 0 || hour > 23)
      reject("order_hour_of_day", "not an hour 0..23", record.order_hour_of_day);
    else if (gap !== undefined && (gap < 0 || gap > 365))
      reject("days_since_prior_order", "not between 0 and 365", record.days_since_prior_order);
    else if (days && orderNumber <= days.orderNumber)
      reject(
        "order_number",
        `not after the user's previous order ${days.orderNumber} (rows of a user must be in order_number order)`,
        record.order_number,
      );
    else {
      let current = days;
      if (!current) {
        current = { orderNumber, day: 0 };
        userDays.set(userId, current);
        context.read(COLLECTIONS.users);
        const user: UserDocument = {
          _id: `u:instacart:${userId}`,
          name: `Instacart shopper ${userId}`,
          ageVerified: false,
          preferences: { dietary: [], excludedBrands: [], excludedCategoryIds: [] },
          createdAt: INSTACART_EPOCH,
          source: SOURCE,
        };
        await users.add(user, "orders.csv", line);
      } else {
        current.day += gap ?? 0;
        current.orderNumber = orderNumber;
      }
      const hours = Math.round(current.day * 24 + hour);
      if (hours >= HOURS)
        reject("days_since_prior_order", "the user's orders span more than 478 years", record.days_since_prior_order);
      else orderIndex.set(orderId, userId * HOURS + hours);
    }
  }
  await users.flush();

  const orders = new StageBuffer(context, COLLECTIONS.orders);
  for (const name of ["order_products__prior.csv", "order_products__train.csv"]) {
    const path = join(directory, name);
    if (!existsSync(path)) continue;
    let current: { order: OrderDocument; line: number; seen: Set<number> } | undefined;
    let currentId: number | undefined;
    let previousId = 0;
    const flush = async () => {
      if (current?.order.lines.length) {
        current.order.total =
          Math.round(current.order.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0) * 100) / 100;
        await orders.add(current.order, name, current.line);
      }
      current = undefined;
    };
    for await (const { line, record } of readCsv(path, context.report)) {
      context.read(COLLECTIONS.orders);
      const reject = (field: string, reason: string, value?: string) =>
        context.reject(COLLECTIONS.orders, {
          file: name,
          line,
          field,
          reason,
          ...(value !== undefined ? { value } : {}),
        });
      const orderId = positiveInteger(record.order_id);
      const productId = positiveInteger(record.product_id);
      const position = positiveInteger(record.add_to_cart_order);
      const reordered = record.reordered?.trim();
      if (orderId === undefined) {
        reject("order_id", "not a positive integer", record.order_id);
        continue;
      }
      if (orderId !== currentId) {
        await flush();
        currentId = orderId;
        if (orderId < previousId)
          reject(
            "order_id",
            `order ${orderId} after order ${previousId}: the file must be sorted by order_id (lines of an order seen twice are rejected as duplicates)`,
            record.order_id,
          );
        previousId = Math.max(previousId, orderId);
      }
      const packed = orderIndex.get(orderId);
      if (packed === undefined) {
        reject("order_id", "unknown order id (not in orders.csv)", record.order_id);
        continue;
      }
      if (productId === undefined) {
        reject("product_id", "not a positive integer", record.product_id);
        continue;
      }
      if (position === undefined) {
        reject("add_to_cart_order", "not a positive integer", record.add_to_cart_order);
        continue;
      }
      if (reordered !== "0" && reordered !== "1") {
        reject("reordered", "not 0 or 1", record.reordered);
        continue;
      }
      if (!(await knownProduct(context, prices, productId))) {
        reject("product_id", "unknown product id", record.product_id);
        continue;
      }
      if (!current) {
        const userId = Math.floor(packed / HOURS);
        const placedAt = new Date(INSTACART_EPOCH.getTime() + (packed % HOURS) * 3600000);
        current = {
          order: {
            _id: `o:instacart:${orderId}`,
            userId: `u:instacart:${userId}`,
            merchantId: INSTACART_MERCHANT_ID,
            placedAt,
            lines: [],
            total: 0,
            source: SOURCE,
          },
          line,
          seen: new Set(),
        };
      }
      if (current.seen.has(productId)) {
        reject("product_id", `product ${productId} appears twice in order ${orderId}`, record.product_id);
        continue;
      }
      current.seen.add(productId);
      current.order.lines.push({
        productId: `p:instacart:${productId}`,
        quantity: 1,
        unitPrice: prices.get(productId)!,
        discount: 0,
      });
    }
    await flush();
  }
  await orders.flush();
}

/** `npm run import -- instacart PATH [--report FILE]`. */
/** Command line of this importer (`--help`). */
export const USAGE = importUsage(SOURCE);

export async function main(argv: string[]): Promise<void> {
  await importCommand(SOURCE, argv, importInstacart);
}
