import type { AnyBulkWriteOperation, Collection, Db } from "mongodb";
import { COLLECTIONS } from "../../core/documents/collections";
import type { ProductDocument } from "../../core/documents/product.document";

/** Reads and writes the `products` collection. */
export class ProductsRepository {
  readonly collection: Collection<ProductDocument>;

  constructor(db: Db) {
    this.collection = db.collection<ProductDocument>(COLLECTIONS.products);
  }

  /** Creates the indexes lookups and filters use; safe to call at every start. */
  async ensureIndexes(): Promise<void> {
    await this.collection.createIndexes([
      { key: { categoryId: 1 }, name: "categoryId" },
      { key: { categoryPath: 1 }, name: "categoryPath" },
      { key: { vertical: 1 }, name: "vertical" },
      { key: { brand: 1 }, name: "brand" },
      { key: { merchantId: 1 }, name: "merchantId" },
    ]);
  }

  /** Products with these ids, in one `$in` query; missing ids are simply absent. */
  findByIds(ids: readonly string[]): Promise<ProductDocument[]> {
    return this.collection.find({ _id: { $in: [...ids] } }).toArray();
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

  count(): Promise<number> {
    return this.collection.estimatedDocumentCount();
  }
}
