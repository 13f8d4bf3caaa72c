import type { Db } from "mongodb";
import type { CategoryDocument } from "../../core/documents/category.document";
import { COLLECTIONS } from "../../core/documents/collections";
import type { OrderDocument } from "../../core/documents/order.document";
import type { ProductDocument } from "../../core/documents/product.document";
import { byIdReadsMode, findByKeys } from "../../core/database/by-id-reads";

/** Collection of the per-shopper summary texts the order-summaries job writes (`{ _id: userId, text }`). */
export const USER_SUMMARIES_COLLECTION = "user_summaries";

/** One order as training needs it: who, when, which products. */
export interface OrderFact {
  userId: string;
  placedAt: number;
  productIds: string[];
}

/** Everything the retrieval models learn from, read with one streaming `find()` per collection. */
export interface CatalogData {
  products: ProductDocument[];
  categoryNames: Map<string, string>;
  /** Oldest first. */
  orders: OrderFact[];
  /** Order-summary text per user, when the order-summaries job ran. */
  summaries: Map<string, string>;
}

/** Shoppers whose orders are read per round of equality reads (see {@link readCatalogData}). */
const USERS_PER_READ = 1000;

/** Which orders {@link readCatalogData} keeps. */
export interface OrderSelection {
  /**
   * Keep the orders of these shoppers only (null: everyone). With point reads (`BY_ID_READS`) they are
   * read shopper by shopper through the `userId` index; otherwise a scan reads every order.
   */
  users?: ReadonlySet<string> | null;
  /** Stop after this many orders (in storage order, not time order): for jobs that need a sample of baskets. */
  limit?: number;
}

/** Reads products, category names, orders (sorted by time in memory) and user summaries; `onProgress` per collection. */
export async function readCatalogData(
  db: Db,
  onProgress?: (collection: string, done: number) => void,
  selection: OrderSelection = {},
): Promise<CatalogData> {
  const products: ProductDocument[] = [];
  for await (const product of db.collection<ProductDocument>(COLLECTIONS.products).find({})) {
    products.push(product);
    if (products.length % 5000 === 0) onProgress?.("products", products.length);
  }
  products.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  const categoryNames = new Map<string, string>();
  for await (const category of db
    .collection<CategoryDocument>(COLLECTIONS.categories)
    .find({}, { projection: { name: 1 } }))
    categoryNames.set(category._id, category.name);
  const orders: OrderFact[] = [];
  const keep = (order: Pick<OrderDocument, "userId" | "placedAt" | "lines">): void => {
    orders.push({
      userId: order.userId,
      placedAt: new Date(order.placedAt).getTime(),
      productIds: [...new Set(order.lines.map((line) => line.productId))],
    });
    if (orders.length % 10000 === 0) onProgress?.("orders", orders.length);
  };
  const projection = { userId: 1, placedAt: 1, lines: 1 };
  if (selection.users && selection.limit === undefined && byIdReadsMode() === "point") {
    // Where equality reads are indexed and `$in` is not (FerretDB/PostgreSQL), reading each sampled
    // shopper's orders beats a scan of every order (1.6M at the large seed for 20k shoppers).
    const users = [...selection.users].sort();
    for (let start = 0; start < users.length; start += USERS_PER_READ) {
      for (const order of await findByKeys(
        db.collection<OrderDocument>(COLLECTIONS.orders),
        "userId",
        users.slice(start, start + USERS_PER_READ),
        { projection },
      ))
        keep(order);
    }
  } else {
    const cursor = db.collection<OrderDocument>(COLLECTIONS.orders).find({}, { projection, batchSize: 2000 });
    if (selection.limit !== undefined) cursor.limit(selection.limit);
    for await (const order of cursor) if (!selection.users || selection.users.has(order.userId)) keep(order);
  }
  orders.sort((a, b) => a.placedAt - b.placedAt || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  const summaries = new Map<string, string>();
  for await (const summary of db
    .collection<{ _id: string; text?: string }>(USER_SUMMARIES_COLLECTION)
    .find({}, { projection: { text: 1 } })) {
    if (typeof summary.text === "string" && summary.text.length > 0) summaries.set(summary._id, summary.text);
  }
  return { products, categoryNames, orders, summaries };
}

/** Up to `perOrder` co-purchased product pairs from each order (consecutive lines), for text and item training. */
export function coPurchasePairs(orders: readonly OrderFact[], perOrder = 4): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const order of orders) {
    const ids = order.productIds;
    for (let i = 0; i + 1 < ids.length && i < perOrder; i += 1) pairs.push([ids[i]!, ids[i + 1]!]);
  }
  return pairs;
}
