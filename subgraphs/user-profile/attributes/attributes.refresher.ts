import type { Db } from "mongodb";
import type { ErasedShoppers } from "../erased-shoppers";
import type { ShopperLocks } from "../shopper-locks";
import type { AttributesBuilder } from "./attributes.builder";
import type { UserAttributesDocument } from "./user-attributes.document";

/** One shopper's refresh in this process: the one running, and at most one queued behind it. */
interface Slot {
  running: Promise<UserAttributesDocument | undefined>;
  queued?: Promise<UserAttributesDocument | undefined>;
}

/** Refreshes in flight in this process, by database and shopper (shared by every request's context). */
const inflight = new Map<string, Slot>();

/**
 * The one way the serving path stores a shopper's attributes after a write (placeOrder, PURCHASE
 * events) or on a first read: recompute from the whole history, under the shopper's lease
 * ({@link ShopperLocks}), so rebuilds of one shopper never overlap in any process.
 *
 * Contract: a caller that stored history for a shopper and then awaits `refresh` gets back attributes
 * computed from a history read after its write, and the stored document is never replaced by one read
 * earlier. Rebuilds are serialized, each starts after the previous finished, and every writer's rebuild
 * starts after its own write; so the last one stored read everything, and 40 concurrent writes leave the
 * attributes a full rebuild would compute. Within a process, callers that arrive while a rebuild of the
 * shopper runs share one rebuild queued behind it (a burst of writes costs two rebuilds, not forty).
 * Erased shoppers (tombstoned) are skipped and their stored attributes removed.
 */
export class AttributesRefresher {
  constructor(
    private readonly db: Db,
    private readonly builder: AttributesBuilder,
    private readonly locks: ShopperLocks,
    private readonly erased: ErasedShoppers,
  ) {}

  /** Recomputes and stores the attributes of `userIds`; returns those stored (erased shoppers have none). */
  async refresh(userIds: readonly string[], now = new Date()): Promise<UserAttributesDocument[]> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return [];
    if (unique.length > 1) return this.rebuildLocked(unique, now);
    const document = await this.refreshOne(unique[0]!, now);
    return document ? [document] : [];
  }

  private refreshOne(userId: string, now: Date): Promise<UserAttributesDocument | undefined> {
    const key = `${this.db.databaseName}\u0000${userId}`;
    const run = (): Promise<UserAttributesDocument | undefined> =>
      this.rebuildLocked([userId], now).then((documents) => documents[0]);
    const slot = inflight.get(key);
    if (!slot) {
      const fresh: Slot = { running: run() };
      inflight.set(key, fresh);
      const done = (): void => {
        if (inflight.get(key) === fresh && !fresh.queued) inflight.delete(key);
      };
      fresh.running.then(done, done);
      return fresh.running;
    }
    if (slot.queued) return slot.queued;
    // Starts only after the running rebuild ended, so it reads every write made before this call.
    const queued: Promise<UserAttributesDocument | undefined> = slot.running
      .catch(() => undefined)
      .then(() => {
        slot.running = queued;
        slot.queued = undefined;
        return run();
      });
    slot.queued = queued;
    const done = (): void => {
      if (inflight.get(key) === slot && slot.running === queued && !slot.queued) inflight.delete(key);
    };
    queued.then(done, done);
    return queued;
  }

  private rebuildLocked(userIds: readonly string[], now: Date): Promise<UserAttributesDocument[]> {
    return this.locks.withLocks(userIds, async () => {
      await this.locks.notePending(userIds);
      const erased = await this.erased.erasedAmong(userIds);
      if (erased.size > 0) await this.builder.attributes.collection.deleteMany({ _id: { $in: [...erased] } });
      return this.builder.rebuildUsers(
        userIds.filter((id) => !erased.has(id)),
        now,
      );
    });
  }
}
