import type { AnyBulkWriteOperation, Collection, Db } from "mongodb";
import { isDuplicateKey } from "../../core/database/duplicate-key";
import { USER_PROFILE_COLLECTIONS } from "./read-model";
import type { OrderDocument } from "../../core/documents/order.document";
import { noteOrdersWritten, orderWriteMarks } from "../../core/documents/order-timeline";
import { findByIds } from "../../core/database/by-id-reads";
import { ensureIndexes } from "../../core/database/ensure-indexes";

/** Position of an order in a shopper's newest-first history. */
export interface OrderPosition {
  placedAt: string;
  id: string;
}

/** Orders kept whole in a shopper's timeline (its first pages need no further read). */
const EMBEDDED_ORDERS = 20;

/** One shopper's order ids newest first (ties by id, descending), as derived under one pair of write marks. */
interface TimelineDocument {
  /** The user id (erasure removes it with the user). */
  _id: string;
  /** The write marks it was derived under (core/documents/order-timeline.ts); used only while they hold. */
  marks: string;
  orders: { id: string; placedAt: Date }[];
  /** The newest {@link EMBEDDED_ORDERS} orders, whole (orders never change without a noted write). */
  newest: OrderDocument[];
}

/** Reads and writes the `orders` collection. */
export class OrdersRepository {
  readonly collection: Collection<OrderDocument>;
  private readonly timelines: Collection<TimelineDocument>;

  constructor(private readonly db: Db) {
    this.collection = db.collection<OrderDocument>(USER_PROFILE_COLLECTIONS.orders);
    this.timelines = db.collection<TimelineDocument>(USER_PROFILE_COLLECTIONS.orderTimelines);
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.collection, [{ key: { userId: 1, placedAt: -1, _id: -1 }, name: "userId_placedAt" }]);
  }

  /**
   * Up to `limit` of the user's orders, newest first, strictly after `after` when given, and how many
   * orders the user has in all (both from one read of their timeline).
   */
  async findPage(
    userId: string,
    limit: number,
    after?: OrderPosition,
  ): Promise<{ orders: OrderDocument[]; total: number }> {
    const timeline = await this.timeline(userId);
    const entries = timeline.orders;
    let start = 0;
    if (after) {
      const placedAt = new Date(after.placedAt).getTime();
      while (
        start < entries.length &&
        (entries[start]!.placedAt.getTime() > placedAt ||
          (entries[start]!.placedAt.getTime() === placedAt && entries[start]!.id >= after.id))
      )
        start += 1;
    }
    const ids = entries.slice(start, start + limit).map((entry) => entry.id);
    const byId = new Map(timeline.newest.map((order) => [order._id, order]));
    const missing = ids.filter((id) => !byId.has(id));
    for (const order of await findByIds(this.collection, missing)) byId.set(order._id, order);
    // An order removed since the timeline was derived is left out (its writer sets a new mark).
    return { orders: ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])), total: entries.length };
  }

  /**
   * The user's order ids and dates newest first, with the newest orders whole: derived once per value of
   * their write marks (one scan of `orders` on FerretDB) and then read by `_id`. The marks are read before
   * the orders and checked on every read, so a derivation that raced a write is never used.
   */
  private async timeline(userId: string): Promise<Pick<TimelineDocument, "orders" | "newest">> {
    const { collection, shopper } = await orderWriteMarks(this.db, userId);
    const marks = `${collection}|${shopper}`;
    const stored = await this.timelines.findOne({ _id: userId });
    if (stored?.marks === marks) return stored;
    const all = await this.collection.find({ userId }).sort({ placedAt: -1, _id: -1 }).toArray();
    const derived = {
      marks,
      orders: all.map((order) => ({ id: order._id, placedAt: order.placedAt })),
      newest: all.slice(0, EMBEDDED_ORDERS),
    };
    await this.timelines.replaceOne({ _id: userId }, derived, { upsert: true }).catch((error: unknown) => {
      // Two readers derived it at once and raced to insert it: one stored copy is enough.
      if (!isDuplicateKey(error)) throw error;
    });
    // Erased while this was derived: the erasure may have run before this copy of their orders was stored.
    const users = this.db.collection<{ _id: string }>(USER_PROFILE_COLLECTIONS.users);
    if (!(await users.findOne({ _id: userId }, { projection: { _id: 1 } })))
      await this.timelines.deleteOne({ _id: userId });
    return derived;
  }

  async upsertMany(orders: readonly OrderDocument[]): Promise<void> {
    if (orders.length === 0) return;
    const operations: AnyBulkWriteOperation<OrderDocument>[] = orders.map((order) => ({
      replaceOne: { filter: { _id: order._id }, replacement: order, upsert: true },
    }));
    await this.collection.bulkWrite(operations, { ordered: false });
    await noteOrdersWritten(
      this.db,
      orders.map((order) => order.userId),
    );
  }
}
