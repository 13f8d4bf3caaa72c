import type { Db } from "mongodb";
import { CATALOG_COLLECTIONS } from "../catalog/read-model";
import { SHOPPER_LOCKS_COLLECTION } from "./shopper-locks";

/** Catalog collections: keyed by product, category or merchant ids, never by user; `_id` matches there are coincidences. */
const CATALOG_COLLECTION_NAMES = new Set<string>([
  CATALOG_COLLECTIONS.products,
  CATALOG_COLLECTIONS.categories,
  CATALOG_COLLECTIONS.merchants,
  CATALOG_COLLECTIONS.offers,
]);

/** Bookkeeping keyed by shopper id that erasure must not touch: the leases serializing the shopper's writes (one is held while erasing). */
const KEPT_COLLECTIONS = new Set<string>([SHOPPER_LOCKS_COLLECTION]);

/** Documents removed from one collection (or, for shared documents such as campaigns, stripped of the user). */
export interface CollectionErasure {
  collection: string;
  deleted: number;
}

/**
 * Removes every trace of a user: in every collection of the database (found by listing them, so
 * collections added later by other subgraphs are covered), documents whose `userId` is the user,
 * and outside the catalog collections documents whose `_id` is the user id (users, attributes,
 * per-user caches); documents that list the user among others (`userIds`, e.g. a campaign's targeted
 * shoppers) keep the document and lose the id. Returns the non-empty changes, by collection name.
 */
export async function eraseUserData(db: Db, userId: string): Promise<CollectionErasure[]> {
  const collections = (await db.listCollections({}, { nameOnly: true }).toArray())
    .map((collection) => collection.name)
    .filter((name) => !name.startsWith("system.") && !KEPT_COLLECTIONS.has(name))
    .sort();
  const erased: CollectionErasure[] = [];
  for (const name of collections) {
    const filter = CATALOG_COLLECTION_NAMES.has(name) ? { userId } : { $or: [{ _id: userId }, { userId }] };
    const collection = db.collection<{ _id: unknown; userId?: unknown; userIds?: unknown[] }>(name);
    const { deletedCount } = await collection.deleteMany(filter as Record<string, unknown>);
    const { modifiedCount } = await collection.updateMany({ userIds: userId }, { $pull: { userIds: userId } });
    if (deletedCount + modifiedCount > 0) erased.push({ collection: name, deleted: deletedCount + modifiedCount });
  }
  return erased;
}
