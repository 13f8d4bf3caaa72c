import type { AnyBulkWriteOperation, Collection, Db } from "mongodb";
import { COLLECTIONS } from "../../core/documents/collections";
import type { UserDocument } from "../../core/documents/user.document";

/** Reads and writes the `users` collection. */
export class UsersRepository {
  readonly collection: Collection<UserDocument>;

  constructor(db: Db) {
    this.collection = db.collection<UserDocument>(COLLECTIONS.users);
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndexes([{ key: { createdAt: 1 }, name: "createdAt" }]);
  }

  /** Users with these ids, in one `$in` query. */
  findByIds(ids: readonly string[]): Promise<UserDocument[]> {
    return this.collection.find({ _id: { $in: [...ids] } }).toArray();
  }

  async upsertMany(users: readonly UserDocument[]): Promise<void> {
    if (users.length === 0) return;
    const operations: AnyBulkWriteOperation<UserDocument>[] = users.map((user) => ({ replaceOne: { filter: { _id: user._id }, replacement: user, upsert: true } }));
    await this.collection.bulkWrite(operations, { ordered: false });
  }
}
