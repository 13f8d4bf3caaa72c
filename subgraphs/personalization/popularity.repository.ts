import type { AnyBulkWriteOperation, Collection, Db } from "mongodb";
import { ensureIndexes } from "../../core/database/ensure-indexes";

/** How often a product was bought, over all stored orders (collection `product_popularity`). */
export interface PopularityDocument {
  _id: string;
  /** The product's category path, so popularity can be filtered by any ancestor category. */
  categoryPath: string[];
  /** Units bought. */
  units: number;
  /** Distinct buyers. */
  buyers: number;
  /** Version of the rebuild that wrote it; older versions are deleted when a rebuild finishes. */
  version: number;
}

/** Reads and writes product popularity, which personalization owns. */
export class PopularityRepository {
  readonly collection: Collection<PopularityDocument>;

  constructor(db: Db) {
    this.collection = db.collection<PopularityDocument>("product_popularity");
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.collection, [
      { key: { buyers: -1, units: -1, _id: 1 }, name: "rank" },
      { key: { categoryPath: 1, buyers: -1, units: -1 }, name: "categoryPath_rank" },
    ]);
  }

  /** The `limit` most popular products (most buyers, then most units), optionally under a category. */
  async top(limit: number, categoryId?: string): Promise<PopularityDocument[]> {
    return this.collection
      .find(categoryId ? { categoryPath: categoryId } : {})
      .sort({ buyers: -1, units: -1, _id: 1 })
      .limit(limit)
      .toArray();
  }

  async write(documents: readonly PopularityDocument[]): Promise<void> {
    if (documents.length === 0) return;
    const operations: AnyBulkWriteOperation<PopularityDocument>[] = documents.map((document) => ({ replaceOne: { filter: { _id: document._id }, replacement: document, upsert: true } }));
    await this.collection.bulkWrite(operations, { ordered: false });
  }

  /** Deletes what earlier rebuilds wrote and this one did not. */
  async deleteOlderThan(version: number): Promise<void> {
    await this.collection.deleteMany({ version: { $lt: version } });
  }
}
