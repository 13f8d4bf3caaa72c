import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { MongoBulkWriteError, MongoServerError, type Collection, type Db } from "mongodb";
import { claimLease } from "../../core/database/lease";
import { UnavailableError } from "../shared/errors";

/** Per-shopper write leases (see {@link ShopperLocks}). */
export const SHOPPER_LOCKS_COLLECTION = "user_profile_shopper_locks";

const DUPLICATE_KEY = 11000;

/** A held lease (`_id` the shopper id), the marker of a running attributes rebuild job, or a shopper refreshed while it ran. */
export interface ShopperLockDocument {
  _id: string;
  owner?: string;
  acquiredAt?: Date;
  expiresAt?: Date;
}

/** `_id` of the marker a running attributes rebuild job holds (`#` never appears in ids). */
const REBUILD_MARKER = "#attributes-rebuild";
/** Prefix of the shoppers refreshed while the rebuild job ran. */
const PENDING_PREFIX = "#pending|";
/** How long a rebuild job's marker counts, in case the job died without removing it. */
const REBUILD_MARKER_MS = 24 * 3600 * 1000;

/** Options of {@link ShopperLocks}. */
export interface ShopperLockOptions {
  /** How long a lease is valid; a holder that died is taken over after it (default 30 s). */
  leaseMs?: number;
  /** How long an acquisition waits for a busy shopper before UNAVAILABLE (default 15 s). */
  waitMs?: number;
}

/**
 * Mutual exclusion per shopper that holds across processes (replicas of user-profile, the jobs): a lease
 * is a document claimed by `insertOne` on the shopper's id and released by deleting it.
 *
 * Why inserts: FerretDB v1 applies an update as a read in Go followed by a write, without isolation, so
 * concurrent `$inc` or compare-and-set updates on one document lose writes (measured: 40 concurrent
 * `$inc` left 19; up to 8 of 40 "compare-and-set" updates of one value all succeeded). A unique `_id`
 * is enforced by the storage engine, so exactly one concurrent insert wins, on FerretDB and MongoDB alike.
 *
 * A lease older than `leaseMs` belongs to a holder that died (or overran); it is deleted by its owner
 * token and the shopper claimed again. Work under a lease must finish well within it.
 */
export class ShopperLocks {
  readonly collection: Collection<ShopperLockDocument>;
  private readonly leaseMs: number;
  private readonly waitMs: number;

  constructor(db: Db, options: ShopperLockOptions = {}) {
    this.collection = db.collection<ShopperLockDocument>(SHOPPER_LOCKS_COLLECTION);
    this.leaseMs = options.leaseMs ?? 30_000;
    this.waitMs = options.waitMs ?? 15_000;
  }

  /**
   * Runs `work` while holding the leases of every shopper in `userIds` (claimed in sorted order, so two
   * callers never wait on each other in a cycle). Throws UNAVAILABLE when a shopper stays busy past the wait.
   */
  async withLocks<T>(userIds: readonly string[], work: () => Promise<T>): Promise<T> {
    const ids = [...new Set(userIds)].sort();
    const owner = randomUUID();
    const held: string[] = [];
    try {
      for (const id of ids) {
        await this.acquire(id, owner);
        held.push(id);
      }
      return await work();
    } finally {
      if (held.length > 0) await this.collection.deleteMany({ _id: { $in: held }, owner }).catch(() => undefined);
    }
  }

  private async acquire(userId: string, owner: string): Promise<void> {
    const giveUpAt = Date.now() + this.waitMs;
    let pause = 5;
    while (!(await claimLease(this.collection, userId, owner, this.leaseMs))) {
      if (Date.now() + pause > giveUpAt)
        throw new UnavailableError(`shopper ${JSON.stringify(userId)} is being updated by another request; try again`);
      await sleep(pause + Math.floor(Math.random() * pause));
      pause = Math.min(100, pause * 2);
    }
  }

  /**
   * The attributes rebuild job's handshake with the serving path. The job writes a staging collection
   * and swaps it in; a shopper whose attributes the serving path stores meanwhile would get the job's
   * older document back. So while the marker exists, every refresh first records its shoppers
   * ({@link notePending}, under their leases); after the swap the job removes the marker, waits for the
   * leases taken before that to be released, and recomputes the recorded shoppers ({@link endRebuild}).
   * Throws when another rebuild holds the marker.
   */
  async beginRebuild(now = new Date()): Promise<void> {
    await this.collection.deleteMany({ _id: REBUILD_MARKER, expiresAt: { $lt: now } });
    await this.collection.deleteMany({ _id: { $regex: `^${PENDING_PREFIX.replace("|", "\\|")}` } } as never);
    try {
      await this.collection.insertOne({
        _id: REBUILD_MARKER,
        acquiredAt: now,
        expiresAt: new Date(now.getTime() + REBUILD_MARKER_MS),
      });
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY)
        throw new Error("another attributes rebuild is running (its marker is in user_profile_shopper_locks)", {
          cause: error,
        });
      throw error;
    }
  }

  /** Records `userIds` as refreshed while a rebuild job runs, if one does; call it holding their leases. */
  async notePending(userIds: readonly string[]): Promise<void> {
    const marker = await this.collection.findOne({ _id: REBUILD_MARKER });
    if (!marker?.expiresAt || marker.expiresAt.getTime() < Date.now() || userIds.length === 0) return;
    try {
      await this.collection.insertMany(
        userIds.map((id) => ({ _id: `${PENDING_PREFIX}${id}` })),
        { ordered: false },
      );
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      if (writeErrors.some((writeError) => writeError.code !== DUPLICATE_KEY)) throw error;
    }
  }

  /**
   * Ends the job's handshake after its swap: removes the marker, waits (at most a lease) until the
   * leases taken before are released, and returns the shoppers refreshed meanwhile (their records removed).
   */
  async endRebuild(): Promise<string[]> {
    await this.collection.deleteOne({ _id: REBUILD_MARKER });
    const ended = new Date();
    const giveUpAt = Date.now() + this.leaseMs;
    while (Date.now() < giveUpAt && (await this.collection.findOne({ acquiredAt: { $lte: ended } }))) await sleep(50);
    const pending = await this.collection
      .find({ _id: { $regex: `^${PENDING_PREFIX.replace("|", "\\|")}` } } as never)
      .toArray();
    if (pending.length > 0) await this.collection.deleteMany({ _id: { $in: pending.map((document) => document._id) } });
    return pending.map((document) => document._id.slice(PENDING_PREFIX.length));
  }
}
