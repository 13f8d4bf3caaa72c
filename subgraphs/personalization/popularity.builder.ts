import type { Db } from "mongodb";
import { COLLECTIONS } from "../../core/documents/collections";
import type { OrderDocument } from "../../core/documents/order.document";
import type { ProductDocument } from "../../core/documents/product.document";
import { PopularityRepository, type PopularityDocument } from "./popularity.repository";

/** Summary of one rebuild. */
export interface PopularityRebuild {
  orders: number;
  products: number;
  ms: number;
}

/**
 * Recomputes product popularity from every stored order, in TypeScript (FerretDB has no rich
 * aggregation): streams orders, counts units and distinct buyers per product, attaches each product's
 * category path, writes in batches, then removes entries of earlier rebuilds.
 */
export async function rebuildPopularity(db: Db, batchSize = 1000): Promise<PopularityRebuild> {
  const started = Date.now();
  const units = new Map<string, number>();
  const buyers = new Map<string, Set<string>>();
  let orders = 0;
  const cursor = db.collection<OrderDocument>(COLLECTIONS.orders).find({}, { projection: { userId: 1, lines: 1 } });
  for await (const order of cursor) {
    orders += 1;
    for (const line of order.lines) {
      units.set(line.productId, (units.get(line.productId) ?? 0) + line.quantity);
      let set = buyers.get(line.productId);
      if (!set) buyers.set(line.productId, (set = new Set()));
      set.add(order.userId);
    }
  }
  const repository = new PopularityRepository(db);
  const products = db.collection<ProductDocument>(COLLECTIONS.products);
  const version = started;
  const ids = [...units.keys()];
  let written = 0;
  for (let offset = 0; offset < ids.length; offset += batchSize) {
    const batch = ids.slice(offset, offset + batchSize);
    const found = await products.find({ _id: { $in: batch } }, { projection: { categoryPath: 1 } }).toArray();
    const documents: PopularityDocument[] = found.map((product) => ({
      _id: product._id,
      categoryPath: product.categoryPath,
      units: units.get(product._id) ?? 0,
      buyers: buyers.get(product._id)?.size ?? 0,
      version,
    }));
    await repository.write(documents);
    written += documents.length;
  }
  await repository.deleteOlderThan(version);
  return { orders, products: written, ms: Date.now() - started };
}
