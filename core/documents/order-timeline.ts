import { randomUUID } from "node:crypto";
import type { Db } from "mongodb";
import { isDuplicateKey } from "../database/duplicate-key";
import { COLLECTIONS } from "./collections";

/**
 * Write marks of the `orders` collection, so a shopper's order history can be read by `_id` alone
 * (FerretDB/SQLite pushes down nothing else: finding one shopper's orders by `userId` decodes every order).
 *
 * Contract for every writer of `orders`, called after the write has completed:
 * - orders of known shoppers added, changed or removed: {@link noteOrdersWritten} with their ids;
 * - orders written in bulk or replaced wholesale (seed, imports, evaluations): {@link noteOrdersReplaced}.
 * Each note sets a fresh random mark, never seen before. A reader keys what it derives from `orders` by
 * the marks it read before reading the orders, and uses a derivation only while the marks are the same:
 * a derivation that raced a write carries marks that no longer hold. Marks are set whole, never
 * incremented, so this holds on FerretDB too, where concurrent updates of one document can lose one
 * another (whichever mark lands last was written after its own writer's orders).
 */
export interface OrderWriteMarks {
  /** Set by {@link noteOrdersReplaced} ("" before any). */
  collection: string;
  /** Set by {@link noteOrdersWritten} for this shopper ("" before any). */
  shopper: string;
}

/** The `_id` of the collection-wide mark (never a user id: ids cannot hold `*`). */
const COLLECTION_MARK_ID = "*";

interface MarkDocument {
  _id: string;
  mark: string;
}

/** Notes that orders of these shoppers were written. */
export async function noteOrdersWritten(db: Db, userIds: Iterable<string>): Promise<void> {
  await Promise.all([...new Set(userIds)].map((userId) => setMark(db, userId)));
}

/** Notes that the `orders` collection was written in bulk: every shopper's derived history is outdated. */
export async function noteOrdersReplaced(db: Db): Promise<void> {
  await setMark(db, COLLECTION_MARK_ID);
}

/** The marks that key what is derived from `userId`'s orders now (two reads by `_id`). */
export async function orderWriteMarks(db: Db, userId: string): Promise<OrderWriteMarks> {
  const marks = db.collection<MarkDocument>(COLLECTIONS.orderWrites);
  const [collection, shopper] = await Promise.all([
    marks.findOne({ _id: COLLECTION_MARK_ID }),
    marks.findOne({ _id: userId }),
  ]);
  return { collection: collection?.mark ?? "", shopper: shopper?.mark ?? "" };
}

async function setMark(db: Db, id: string): Promise<void> {
  const marks = db.collection<MarkDocument>(COLLECTIONS.orderWrites);
  const write = () => marks.replaceOne({ _id: id }, { mark: randomUUID() }, { upsert: true });
  try {
    await write();
  } catch (error) {
    // Two first notes for one id raced to insert it: the document exists now, so replacing it works.
    if (!isDuplicateKey(error)) throw error;
    await write();
  }
}
