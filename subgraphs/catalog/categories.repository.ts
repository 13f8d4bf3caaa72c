import type { AnyBulkWriteOperation, Collection, Db } from "mongodb";
import type { CategoryDocument } from "../../core/documents/category.document";
import { CATALOG_COLLECTIONS } from "./read-model";
import { ensureIndexes } from "../../core/database/ensure-indexes";
import { findByIds } from "../../core/database/by-id-reads";

/** Reads and writes the `categories` collection (the category tree). */
export class CategoriesRepository {
  readonly collection: Collection<CategoryDocument>;

  constructor(db: Db) {
    this.collection = db.collection<CategoryDocument>(CATALOG_COLLECTIONS.categories);
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.collection, [
      { key: { parentId: 1, name: 1 }, name: "parentId_name" },
      { key: { path: 1 }, name: "path" },
    ]);
  }

  /** Categories with these ids, read as the process reads by id (`BY_ID_READS`). */
  findByIds(ids: readonly string[]): Promise<CategoryDocument[]> {
    return findByIds(this.collection, ids);
  }

  /** Up to `limit` children of `parentId`, or the roots when it is null, by name. */
  findChildren(parentId: string | null, limit: number): Promise<CategoryDocument[]> {
    return this.collection.find({ parentId }).sort({ name: 1 }).limit(limit).toArray();
  }

  async upsertMany(categories: readonly CategoryDocument[]): Promise<void> {
    if (categories.length === 0) return;
    const operations: AnyBulkWriteOperation<CategoryDocument>[] = categories.map((category) => ({
      replaceOne: { filter: { _id: category._id }, replacement: category, upsert: true },
    }));
    await this.collection.bulkWrite(operations, { ordered: false });
  }
}
