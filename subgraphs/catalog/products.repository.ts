import type { AnyBulkWriteOperation, Collection, Db, Filter, FindCursor } from "mongodb";
import { CATALOG_COLLECTIONS } from "./read-model";
import type { ProductDocument } from "../../core/documents/product.document";
import { ensureIndexes } from "../../core/database/ensure-indexes";
import { findByIds } from "../../core/database/by-id-reads";

/** Reads and writes the `products` collection. */
export class ProductsRepository {
  readonly collection: Collection<ProductDocument>;

  constructor(db: Db) {
    this.collection = db.collection<ProductDocument>(CATALOG_COLLECTIONS.products);
  }

  /** Creates the indexes lookups and filters use; safe to call at every start. */
  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.collection, [
      { key: { categoryId: 1 }, name: "categoryId" },
      { key: { categoryPath: 1 }, name: "categoryPath" },
      { key: { vertical: 1 }, name: "vertical" },
      { key: { brand: 1 }, name: "brand" },
      { key: { merchantId: 1 }, name: "merchantId" },
      { key: { tags: 1 }, name: "tags" },
      { key: { createdAt: -1 }, name: "createdAt" },
    ]);
  }

  /** Products with these ids, read as the process reads by id (`BY_ID_READS`); missing ids are simply absent. */
  findByIds(ids: readonly string[]): Promise<ProductDocument[]> {
    return findByIds(this.collection, ids);
  }

  /** Up to `limit` products matching `filter` with an id after `afterId`, by id. */
  findPage(filter: Filter<ProductDocument>, afterId: string | undefined, limit: number): Promise<ProductDocument[]> {
    const page: Filter<ProductDocument> =
      afterId === undefined ? filter : { $and: [filter, { _id: { $gt: afterId } }] };
    return this.collection.find(page).sort({ _id: 1 }).limit(limit).toArray();
  }

  /** How many products match `filter`. */
  countMatching(filter: Filter<ProductDocument>): Promise<number> {
    return this.collection.countDocuments(filter);
  }

  /** Every product, streamed in batches (one scan; the search index and snapshot are built from it). */
  streamAll(batchSize: number): FindCursor<ProductDocument> {
    return this.collection.find({}, { batchSize });
  }

  /** Inserts or replaces products by id in one bulk write; returns inserted and updated counts. */
  async upsertMany(products: readonly ProductDocument[]): Promise<{ inserted: number; updated: number }> {
    if (products.length === 0) return { inserted: 0, updated: 0 };
    const operations: AnyBulkWriteOperation<ProductDocument>[] = products.map((product) => ({
      replaceOne: { filter: { _id: product._id }, replacement: product, upsert: true },
    }));
    const result = await this.collection.bulkWrite(operations, { ordered: false });
    return { inserted: result.upsertedCount, updated: result.modifiedCount };
  }
}
