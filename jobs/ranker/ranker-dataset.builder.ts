import type { Db } from "mongodb";
import { COLLECTIONS } from "../../core/documents/collections";
import type { EventDocument } from "../../core/documents/event.document";
import type { OrderDocument } from "../../core/documents/order.document";
import type { ProductDocument } from "../../core/documents/product.document";
import { categoryMediansOf, type CategoryMedians } from "../../core/personalization/price-comparison";
import type { Surface } from "../../core/personalization/surface";
import { SURFACES } from "../../core/personalization/surface";
import type { PurchaseRecord } from "../../subgraphs/user-profile/attributes/attributes.calculator";
import { DEFAULT_TRAINING_USERS, sampleUsers } from "../../ml/user-sample";
import { profileCatalog, rankerAttributesAt } from "./profile-attributes";
import {
  FEATURE_NAMES,
  userFeatureView,
  writeFeatures,
  type ItemFeatureView,
  type RankerProduct,
  type UserFeatureView,
} from "../../ml/ranker/ranker.features";
import { RANKER_TASKS } from "../../ml/ranker/ranker-tasks";
import type { RankerDataset } from "../../ml/ranker/ranker-dataset";

export type { RankerDataset };

const DAY_MS = 86_400_000;

/** Options of {@link buildRankerDataset}. */
export interface DatasetOptions {
  /** A purchase later than the session and within this many days counts as a delayed conversion. */
  horizonDays: number;
  /**
   * Shoppers whose sessions become examples: every shopper when there are at most this many, else this
   * many chosen by a hash of their id (deterministic). Orders of every shopper still count towards item
   * popularity. Bounds memory and training time at the large seed (100k shoppers, 5M events).
   */
  maxUsers?: number;
  /** Progress callback: phase name, done, total (0 while the total is unknown). */
  onProgress?: (phase: "products" | "orders" | "events" | "examples", done: number, total: number) => void;
}

interface Session {
  userId: string;
  impressions: Map<string, { at: number; surface: Surface }>;
  click: Set<string>;
  cart: Set<string>;
  buy: Set<string>;
  last: number;
}

/**
 * Labeled impressions from `events` (one streaming read, grouped in memory: FerretDB scans per filter)
 * with point-in-time features: the shopper's attributes from orders strictly before the impression,
 * the item's popularity from distinct buyers up to then, category medians from the catalog.
 */
export async function buildRankerDataset(db: Db, options: DatasetOptions): Promise<RankerDataset> {
  const products = await readRankerProducts(db, (done) => options.onProgress?.("products", done, 0));
  const catalog = profileCatalog(products);
  const productIndex = new Map<string, number>(products.map((product, i) => [product._id, i]));
  const medians = categoryMedians(products);

  const sampled = await sampleUsers(db, options.maxUsers ?? DEFAULT_TRAINING_USERS);
  const inSample = (userId: string): boolean => sampled === null || sampled.has(userId);
  // Every order as (time, shopper number, product indexes) for point-in-time popularity; whole orders
  // only for the sampled shoppers, whose histories give the shopper features and delayed conversions.
  const orders: CompactOrder[] = [];
  const userNumbers = new Map<string, number>();
  const ordersByUser = new Map<string, OrderDocument[]>();
  const boughtAt = new Map<string, number[]>();
  const orderCursor = db
    .collection<OrderDocument>(COLLECTIONS.orders)
    .find({}, { projection: { _id: 1, userId: 1, placedAt: 1, lines: 1 }, batchSize: 2000 });
  for await (const order of orderCursor) {
    let user = userNumbers.get(order.userId);
    if (user === undefined) userNumbers.set(order.userId, (user = userNumbers.size));
    const items = order.lines.map((line) => productIndex.get(line.productId) ?? -1).filter((index) => index >= 0);
    orders.push({ at: order.placedAt.getTime(), user, items: Int32Array.from(items) });
    if (orders.length % 10_000 === 0) options.onProgress?.("orders", orders.length, 0);
    if (!inSample(order.userId)) continue;
    (ordersByUser.get(order.userId) ?? ordersByUser.set(order.userId, []).get(order.userId)!).push(order);
    for (const line of order.lines) {
      const key = `${order.userId}|${line.productId}`;
      (boughtAt.get(key) ?? boughtAt.set(key, []).get(key)!).push(order.placedAt.getTime());
    }
  }
  options.onProgress?.("orders", orders.length, orders.length);
  orders.sort((a, b) => a.at - b.at);
  for (const history of ordersByUser.values())
    history.sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime() || (a._id < b._id ? -1 : 1));

  const sessions = new Map<string, Session>();
  let read = 0;
  let end = 0;
  let firstImpression = Infinity;
  const cursor = db
    .collection<EventDocument>(COLLECTIONS.events)
    .find(
      {},
      { projection: { userId: 1, type: 1, productId: 1, surface: 1, sessionId: 1, timestamp: 1 }, batchSize: 5000 },
    );
  for await (const event of cursor) {
    read += 1;
    if (read % 5000 === 0) options.onProgress?.("events", read, 0);
    const at = event.timestamp.getTime();
    if (at > end) end = at;
    if (!event.productId || !event.sessionId || !productIndex.has(event.productId) || !inSample(event.userId)) continue;
    let session = sessions.get(event.sessionId);
    if (!session) {
      session = {
        userId: event.userId,
        impressions: new Map(),
        click: new Set(),
        cart: new Set(),
        buy: new Set(),
        last: at,
      };
      sessions.set(event.sessionId, session);
    }
    if (at > session.last) session.last = at;
    if (event.type === "IMPRESSION") {
      if (at < firstImpression) firstImpression = at;
      const surface = (SURFACES as readonly string[]).includes(event.surface ?? "")
        ? (event.surface as Surface)
        : "HOME";
      const seen = session.impressions.get(event.productId);
      if (!seen || at < seen.at) session.impressions.set(event.productId, { at, surface });
    } else if (event.type === "CLICK") session.click.add(event.productId);
    else if (event.type === "ADD_TO_CART") session.cart.add(event.productId);
    else if (event.type === "PURCHASE") session.buy.add(event.productId);
  }
  options.onProgress?.("events", read, read);

  interface Pending {
    at: number;
    userId: string;
    productId: string;
    surface: Surface;
    labels: [number, number, number, number];
  }
  const pending: Pending[] = [];
  const horizonDays = effectiveHorizonDays(options.horizonDays, firstImpression, end);
  const horizon = horizonDays * DAY_MS;
  for (const session of sessions.values()) {
    for (const [productId, impression] of session.impressions) {
      const conversion = session.buy.has(productId) ? 1 : 0;
      const times = boughtAt.get(`${session.userId}|${productId}`) ?? [];
      const delayed = conversion === 0 && times.some((t) => t > session.last && t <= impression.at + horizon) ? 1 : 0;
      pending.push({
        at: impression.at,
        userId: session.userId,
        productId,
        surface: impression.surface,
        labels: [session.click.has(productId) ? 1 : 0, session.cart.has(productId) ? 1 : 0, conversion, delayed],
      });
    }
  }
  sessions.clear();
  pending.sort(
    (a, b) =>
      a.at - b.at ||
      (a.userId < b.userId
        ? -1
        : a.userId > b.userId
          ? 1
          : a.productId < b.productId
            ? -1
            : a.productId > b.productId
              ? 1
              : 0),
  );

  const D = FEATURE_NAMES.length;
  const rows = pending.length;
  const x = new Float32Array(rows * D);
  const y = new Uint8Array(rows * RANKER_TASKS.length);
  const at = new Float64Array(rows);
  const product = new Int32Array(rows);
  const surface = new Uint8Array(rows);
  const buyers = new Map<number, Set<number>>();
  let maxBuyers = 1;
  let nextOrder = 0;
  const userState = new Map<string, { orders: number; view: UserFeatureView }>();
  for (let row = 0; row < rows; row += 1) {
    const example = pending[row]!;
    while (nextOrder < orders.length && orders[nextOrder]!.at < example.at) {
      const order = orders[nextOrder++]!;
      for (const item of order.items) {
        const set = buyers.get(item) ?? new Set<number>();
        set.add(order.user);
        buyers.set(item, set);
        if (set.size > maxBuyers) maxBuyers = set.size;
      }
    }
    const history = ordersByUser.get(example.userId) ?? [];
    let count = 0;
    while (count < history.length && history[count]!.placedAt.getTime() < example.at) count += 1;
    let state = userState.get(example.userId);
    if (!state || state.orders !== count) {
      const records = purchaseRecords(history.slice(0, count));
      state = {
        orders: count,
        view: userFeatureView(rankerAttributesAt(example.userId, records, catalog, new Date(example.at))),
      };
      userState.set(example.userId, state);
    }
    const index = productIndex.get(example.productId)!;
    const item: ItemFeatureView = {
      product: products[index] as RankerProduct,
      medians: medians.get(products[index]!.categoryId) ?? {},
      popularity: (buyers.get(index)?.size ?? 0) / maxBuyers,
    };
    const when = new Date(example.at);
    writeFeatures(x, row, state.view, item, example.surface, when);
    for (let k = 0; k < RANKER_TASKS.length; k += 1) y[row * RANKER_TASKS.length + k] = example.labels[k]!;
    at[row] = example.at;
    product[row] = index;
    surface[row] = SURFACES.indexOf(example.surface);
    if (row % 5000 === 0) options.onProgress?.("examples", row, rows);
  }
  options.onProgress?.("examples", rows, rows);
  return {
    features: FEATURE_NAMES,
    x,
    y,
    rows,
    at,
    product,
    productIds: products.map((p) => p._id),
    surface,
    end,
    horizonDays,
  };
}

/**
 * The delayed-conversion horizon actually used: the one asked for, lowered to a fifth of the days the
 * impressions span (at least 1). The time split drops the last horizon of impressions (their label is
 * censored) and a horizon between training and test, so a horizon near the span leaves no training
 * rows: the large seed logs impressions for its last 21 days only, where 14 days left none.
 */
export function effectiveHorizonDays(requested: number, firstImpressionAt: number, end: number): number {
  if (!Number.isFinite(firstImpressionAt) || end <= firstImpressionAt) return requested;
  return Math.max(1, Math.min(requested, Math.floor((end - firstImpressionAt) / DAY_MS / 5)));
}

/** An order reduced to what point-in-time popularity needs. */
interface CompactOrder {
  at: number;
  /** The shopper, numbered in order of first appearance. */
  user: number;
  /** Indexes of the ordered products into the catalog. */
  items: Int32Array;
}

/** Every product with the fields ranker features read, in one streaming scan; `onProgress` every 10,000 read. */
export async function readRankerProducts(db: Db, onProgress?: (done: number) => void): Promise<ProductDocument[]> {
  const products: ProductDocument[] = [];
  const cursor = db.collection<ProductDocument>(COLLECTIONS.products).find(
    {},
    {
      projection: {
        _id: 1,
        vertical: 1,
        categoryId: 1,
        categoryPath: 1,
        brand: 1,
        price: 1,
        priceEstimated: 1,
        unitPrice: 1,
        size: 1,
        tags: 1,
        cuisines: 1,
      },
      batchSize: 2000,
    },
  );
  for await (const product of cursor) {
    products.push(product);
    if (products.length % 10_000 === 0) onProgress?.(products.length);
  }
  return products;
}

/** Purchase records of orders, as the user-profile job reads them. */
export function purchaseRecords(orders: readonly OrderDocument[]): PurchaseRecord[] {
  return orders.flatMap((order) =>
    order.lines.map((line, i) => ({
      key: `${order._id}#${i}`,
      occasionId: order._id,
      productId: line.productId,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discount: line.discount,
      at: order.placedAt,
    })),
  );
}

/** Medians per price basis by leaf category (what the catalog service serves for a leaf; see CategoryMedians). */
export function categoryMedians(
  products: readonly Pick<ProductDocument, "categoryId" | "price" | "unitPrice" | "priceEstimated">[],
): Map<string, CategoryMedians> {
  const byCategory = new Map<string, Pick<ProductDocument, "price" | "unitPrice" | "priceEstimated">[]>();
  for (const product of products)
    (byCategory.get(product.categoryId) ?? byCategory.set(product.categoryId, []).get(product.categoryId)!).push(
      product,
    );
  return new Map([...byCategory.entries()].map(([id, list]) => [id, categoryMediansOf(list)]));
}
