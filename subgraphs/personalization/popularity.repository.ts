import type { Collection, Db, IndexDescription } from "mongodb";
import { ensureIndexes } from "../../core/database/ensure-indexes";

/** Collection personalization keeps popularity in. */
export const POPULARITY_COLLECTION = "product_popularity";

/** Its indexes (created at start, and on every rebuilt copy). */
export const POPULARITY_INDEXES = [
  { key: { buyers: -1, units: -1, _id: 1 }, name: "rank" },
  { key: { categoryPath: 1, buyers: -1, units: -1 }, name: "categoryPath_rank" },
] as Array<IndexDescription & { name: string }>;

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
    this.collection = db.collection<PopularityDocument>(POPULARITY_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.collection, POPULARITY_INDEXES);
  }

  /** The `limit` most popular products (most buyers, then most units), optionally under a category. */
  async top(limit: number, categoryId?: string): Promise<PopularityDocument[]> {
    return this.collection
      .find(categoryId ? { categoryPath: categoryId } : {})
      .sort({ buyers: -1, units: -1, _id: 1 })
      .limit(limit)
      .toArray();
  }
}
