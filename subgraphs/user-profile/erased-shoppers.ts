import { createHash } from "node:crypto";
import { MongoServerError, type Collection, type Db } from "mongodb";
import { findByIds } from "../../core/database/by-id-reads";

/** Tombstones of erased shoppers (`deleteUserData`): one document a shopper, keyed by a hash of the id. */
export const ERASED_SHOPPERS_COLLECTION = "user_profile_erased_shoppers";

const DUPLICATE_KEY = 11000;

/** A tombstone. The shopper id itself is not kept, only its SHA-256, so erasure leaves no readable id behind. */
export interface ErasedShopperDocument {
  _id: string;
  erasedAt: Date;
}

/** The tombstone key of a shopper id. */
export function erasedShopperKey(userId: string): string {
  return createHash("sha256").update(userId).digest("hex");
}

/**
 * Remembers which shopper ids were erased, so that no later write (an event or an order, from a shopper,
 * a service or an admin) silently recreates the shopper. Tombstones are only ever inserted: an insert is
 * the one write FerretDB v1 performs atomically (its unique `_id`), so two erasures of one shopper agree.
 */
export class ErasedShoppers {
  readonly collection: Collection<ErasedShopperDocument>;

  constructor(db: Db) {
    this.collection = db.collection<ErasedShopperDocument>(ERASED_SHOPPERS_COLLECTION);
  }

  /** Records the erasure of `userId` (idempotent). */
  async record(userId: string, now = new Date()): Promise<void> {
    try {
      await this.collection.insertOne({ _id: erasedShopperKey(userId), erasedAt: now });
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    }
  }

  /** The ids among `userIds` that were erased (one batch read by id). */
  async erasedAmong(userIds: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return new Set();
    const byKey = new Map(unique.map((id) => [erasedShopperKey(id), id]));
    const found = await findByIds(this.collection, [...byKey.keys()], { projection: { _id: 1 } });
    return new Set(found.map((document) => byKey.get(document._id)!));
  }
}
