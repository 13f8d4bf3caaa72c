import type { AnyBulkWriteOperation, Collection, Db, Filter } from "mongodb";
import { USER_PROFILE_COLLECTIONS } from "./read-model";
import type { OrderDocument } from "../../core/documents/order.document";
import { ensureIndexes } from "../../core/database/ensure-indexes";

/** Position of an order in a shopper's newest-first history. */
export interface OrderPosition {
  placedAt: string;
  id: string;
}

/** Reads and writes the `orders` collection. */
export class OrdersRepository {
  readonly collection: Collection<OrderDocument>;

  constructor(db: Db) {
    this.collection = db.collection<OrderDocument>(USER_PROFILE_COLLECTIONS.orders);
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.collection, [{ key: { userId: 1, placedAt: -1, _id: -1 }, name: "userId_placedAt" }]);
  }

  /** Up to `limit` of the user's orders, newest first, strictly after `after` when given. */
  findPage(userId: string, limit: number, after?: OrderPosition): Promise<OrderDocument[]> {
    const filter: Filter<OrderDocument> = { userId };
    if (after) {
      const placedAt = new Date(after.placedAt);
      filter.$or = [{ placedAt: { $lt: placedAt } }, { placedAt, _id: { $lt: after.id } }];
    }
    return this.collection.find(filter).sort({ placedAt: -1, _id: -1 }).limit(limit).toArray();
  }

  countForUser(userId: string): Promise<number> {
    return this.collection.countDocuments({ userId });
  }

  async upsertMany(orders: readonly OrderDocument[]): Promise<void> {
    if (orders.length === 0) return;
    const operations: AnyBulkWriteOperation<OrderDocument>[] = orders.map((order) => ({
      replaceOne: { filter: { _id: order._id }, replacement: order, upsert: true },
    }));
    await this.collection.bulkWrite(operations, { ordered: false });
  }
}
