import type { Db } from "mongodb";
import { COLLECTIONS } from "../../core/documents/collections";

/** Catalog collections: keyed by product, category or merchant ids, never by user; `_id` matches there are coincidences. */
const CATALOG_COLLECTIONS = new Set<string>([COLLECTIONS.products, COLLECTIONS.categories, COLLECTIONS.merchants, COLLECTIONS.offers]);

/** Documents removed from one collection. */
export interface CollectionErasure {
  collection: string;
  deleted: number;
}

/**
 * Removes every trace of a user: in every collection of the database (found by listing them, so
 * collections added later by other subgraphs are covered), documents whose `userId` is the user,
 * and outside the catalog collections documents whose `_id` is the user id (users, attributes,
 * per-user caches). Returns the non-empty deletions, by collection name.
 */
export async function eraseUserData(db: Db, userId: string): Promise<CollectionErasure[]> {
  const collections = (await db.listCollections({}, { nameOnly: true }).toArray()).map((collection) => collection.name).filter((name) => !name.startsWith("system.")).sort();
  const erased: CollectionErasure[] = [];
  for (const name of collections) {
    const filter = CATALOG_COLLECTIONS.has(name) ? { userId } : { $or: [{ _id: userId }, { userId }] };
    const { deletedCount } = await db.collection<{ _id: unknown; userId?: unknown }>(name).deleteMany(filter as Record<string, unknown>);
    if (deletedCount > 0) erased.push({ collection: name, deleted: deletedCount });
  }
  return erased;
}
