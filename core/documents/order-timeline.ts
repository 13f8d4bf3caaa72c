import type { Db } from "mongodb";
import { COLLECTIONS } from "./collections";

/**
 * Write counters of the `orders` collection, so a shopper's order history can be read by `_id` alone
 * (FerretDB/SQLite pushes down nothing else: finding one shopper's orders by `userId` decodes every order).
 *
 * Contract for every writer of `orders`, called after the write has completed:
 * - orders of known shoppers added, changed or removed: {@link noteOrdersWritten} with their ids;
 * - orders written in bulk or replaced wholesale (seed, imports, evaluations): {@link noteOrdersReplaced}.
 * A reader keys what it derives from `orders` by the counters it read before reading the orders, so a
 * derivation that raced a write is keyed by counters that no longer hold and is never read again.
 */
export interface OrderWriteCounters {
  /** Bumped by {@link noteOrdersReplaced}. */
  epoch: number;
  /** Bumped by {@link noteOrdersWritten} for this shopper. */
  writes: number;
}

/** The `_id` of the collection-wide counter (never a user id: ids cannot hold `*`). */
const EPOCH_ID = "*";

interface CounterDocument {
  _id: string;
  writes: number;
}

/** Notes that orders of these shoppers were written. */
export async function noteOrdersWritten(db: Db, userIds: Iterable<string>): Promise<void> {
  const counters = db.collection<CounterDocument>(COLLECTIONS.orderWrites);
  await Promise.all(
    [...new Set(userIds)].map((userId) =>
      counters.updateOne({ _id: userId }, { $inc: { writes: 1 } }, { upsert: true }),
    ),
  );
}

/** Notes that the `orders` collection was written in bulk: every shopper's derived history is outdated. */
export async function noteOrdersReplaced(db: Db): Promise<void> {
  await db
    .collection<CounterDocument>(COLLECTIONS.orderWrites)
    .updateOne({ _id: EPOCH_ID }, { $inc: { writes: 1 } }, { upsert: true });
}

/** The counters that key what is derived from `userId`'s orders now (two reads by `_id`). */
export async function orderWriteCounters(db: Db, userId: string): Promise<OrderWriteCounters> {
  const counters = db.collection<CounterDocument>(COLLECTIONS.orderWrites);
  const [epoch, own] = await Promise.all([counters.findOne({ _id: EPOCH_ID }), counters.findOne({ _id: userId })]);
  return { epoch: epoch?.writes ?? 0, writes: own?.writes ?? 0 };
}
