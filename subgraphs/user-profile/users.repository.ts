import type { AnyBulkWriteOperation, Collection, Db } from "mongodb";
import { USER_PROFILE_COLLECTIONS } from "./read-model";
import type { PreferencesDocument, UserDocument } from "../../core/documents/user.document";
import { findByIds } from "../../core/database/by-id-reads";
import { ensureIndexes } from "../../core/database/ensure-indexes";

/** Reads and writes the `users` collection. */
export class UsersRepository {
  readonly collection: Collection<UserDocument>;

  constructor(db: Db) {
    this.collection = db.collection<UserDocument>(USER_PROFILE_COLLECTIONS.users);
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.collection, [{ key: { createdAt: 1 }, name: "createdAt" }]);
  }

  /** Users with these ids, in one batch read ({@link findByIds}). */
  findByIds(ids: readonly string[]): Promise<UserDocument[]> {
    return findByIds(this.collection, ids);
  }

  /**
   * Creates a lightweight profile (empty name and preferences, source `events`) for each id that has
   * none; returns the ids created. Existing users are untouched.
   */
  async ensureExist(ids: readonly string[], now: Date): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const existing = new Set(
      (await findByIds(this.collection, unique, { projection: { _id: 1 } })).map((user) => user._id),
    );
    const missing = unique.filter((id) => !existing.has(id));
    if (missing.length === 0) return [];
    const operations: AnyBulkWriteOperation<UserDocument>[] = missing.map((id) => ({
      updateOne: {
        filter: { _id: id },
        update: {
          $setOnInsert: {
            name: "",
            ageVerified: false,
            preferences: { dietary: [], excludedBrands: [], excludedCategoryIds: [] },
            createdAt: now,
            source: "events",
          },
        },
        upsert: true,
      },
    }));
    await this.collection.bulkWrite(operations, { ordered: false });
    return missing;
  }

  /** Replaces the stated preferences of a user; false when the user does not exist. */
  async setPreferences(id: string, preferences: PreferencesDocument): Promise<boolean> {
    const result = await this.collection.updateOne({ _id: id }, { $set: { preferences } });
    return result.matchedCount > 0;
  }

  async upsertMany(users: readonly UserDocument[]): Promise<void> {
    if (users.length === 0) return;
    const operations: AnyBulkWriteOperation<UserDocument>[] = users.map((user) => ({
      replaceOne: { filter: { _id: user._id }, replacement: user, upsert: true },
    }));
    await this.collection.bulkWrite(operations, { ordered: false });
  }
}
