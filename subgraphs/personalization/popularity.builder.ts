import type { Db } from "mongodb";
import { CATALOG_COLLECTIONS, type ProductDocument } from "../catalog/read-model";
import { USER_PROFILE_COLLECTIONS, type OrderDocument } from "../user-profile/read-model";
import { POPULARITY_COLLECTION, POPULARITY_INDEXES, type PopularityDocument } from "./popularity.repository";
import { CollectionSwap } from "../../core/database/collection-swap";

/** Summary of one rebuild. */
export interface PopularityRebuild {
  orders: number;
  products: number;
  ms: number;
}

/**
 * Recomputes product popularity from every stored order, in TypeScript (FerretDB has no rich
 * aggregation): streams orders, counts units and distinct buyers per product, attaches each product's
 * category path from one streaming read of the products, and swaps in a whole new collection.
 */
export async function rebuildPopularity(db: Db, batchSize = 1000): Promise<PopularityRebuild> {
  const started = Date.now();
  const units = new Map<string, number>();
  const buyers = new Map<string, Set<string>>();
  let orders = 0;
  const cursor = db
    .collection<OrderDocument>(USER_PROFILE_COLLECTIONS.orders)
    .find({}, { projection: { userId: 1, lines: 1 } });
  for await (const order of cursor) {
    orders += 1;
    for (const line of order.lines) {
      units.set(line.productId, (units.get(line.productId) ?? 0) + line.quantity);
      let set = buyers.get(line.productId);
      if (!set) buyers.set(line.productId, (set = new Set()));
      set.add(order.userId);
    }
  }
  // One streaming read of the products (FerretDB answers every $in with a scan), and a whole new
  // collection swapped in: per-document upserts cost a scan each there and hold SQLite's write lock.
  const swap = new CollectionSwap<PopularityDocument>(db, POPULARITY_COLLECTION, POPULARITY_INDEXES);
  const version = started;
  let written = 0;
  let batch: PopularityDocument[] = [];
  for await (const product of db
    .collection<ProductDocument>(CATALOG_COLLECTIONS.products)
    .find({}, { projection: { categoryPath: 1 }, batchSize })) {
    const bought = units.get(product._id);
    if (bought === undefined) continue;
    batch.push({
      _id: product._id,
      categoryPath: product.categoryPath,
      units: bought,
      buyers: buyers.get(product._id)?.size ?? 0,
      version,
    });
    if (batch.length >= batchSize) {
      await swap.write(batch);
      written += batch.length;
      batch = [];
    }
  }
  await swap.write(batch);
  written += batch.length;
  await swap.commit();
  return { orders, products: written, ms: Date.now() - started };
}
