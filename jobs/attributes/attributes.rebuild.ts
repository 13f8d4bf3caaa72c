import type { Db } from "mongodb";
import { COLLECTIONS } from "../../core/documents/collections";
import type { UserDocument } from "../../core/documents/user.document";
import { AttributesBuilder } from "../../subgraphs/user-profile/attributes/attributes.builder";

/** Options of {@link rebuildAllAttributes}. */
export interface RebuildOptions {
  /** Users recomputed together (their orders and events are read with one `$in` query each). */
  batchSize: number;
  /** Products kept in the in-memory cache across batches. */
  productCacheSize: number;
  /** Called before the user pass with the number of users, then after each batch with the users done. */
  onUsers?: (event: { total: number } | { done: number }) => void;
  /** Called with products scanned while the category medians are rebuilt. */
  onProducts?: (count: number) => void;
  now?: Date;
}

/** What a rebuild did. */
export interface RebuildSummary {
  categories: number;
  users: number;
  usersWithPurchases: number;
  purchaseLines: number;
  seconds: number;
}

/**
 * Rebuilds every shopper's attributes: first the category medians from all products, then all users
 * in batches (sorted by id) through the same builder the incremental path uses.
 */
export async function rebuildAllAttributes(db: Db, options: RebuildOptions): Promise<RebuildSummary> {
  const started = Date.now();
  const builder = new AttributesBuilder(db, { productCacheSize: options.productCacheSize });
  const categories = await builder.rebuildCategoryStats(options.onProducts);
  const users = db.collection<UserDocument>(COLLECTIONS.users);
  options.onUsers?.({ total: await users.countDocuments() });
  const summary: RebuildSummary = { categories, users: 0, usersWithPurchases: 0, purchaseLines: 0, seconds: 0 };
  const flush = async (ids: string[]): Promise<void> => {
    for (const document of await builder.rebuildUsers(ids, options.now)) {
      summary.users += 1;
      if (document.purchaseLines > 0) summary.usersWithPurchases += 1;
      summary.purchaseLines += document.purchaseLines;
    }
    options.onUsers?.({ done: summary.users });
  };
  let batch: string[] = [];
  for await (const user of users.find({}, { projection: { _id: 1 } }).sort({ _id: 1 })) {
    batch.push(user._id);
    if (batch.length >= options.batchSize) {
      await flush(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await flush(batch);
  summary.seconds = Math.round((Date.now() - started) / 100) / 10;
  return summary;
}
