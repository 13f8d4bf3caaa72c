import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Collection, Db } from "mongodb";
import { isDuplicateKey } from "./duplicate-key";

/** Collection holding one document per named lease (`{ _id: name, owner, expiresAt, acquiredAt }`). */
export const LEASES_COLLECTION = "leases";

/** A lease's document: `_id` is what is held, `owner` who holds it, until `expiresAt`. */
export interface LeaseDocument {
  _id: string;
  owner?: string;
  expiresAt?: Date;
  acquiredAt?: Date;
}

/** Who this process is, in lease documents (host and pid); each acquisition adds a unique suffix. */
export const PROCESS_HOLDER = `${hostname()}:${process.pid}`;

/** A held lease. It lapses at `ttlMs` after the last renewal unless renewed; `release` frees it at once. */
export interface Lease {
  readonly name: string;
  readonly holder: string;
  /** Extends the lease; false when it was lost (expired and taken by another holder). */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * Claims `id` in `collection` for `owner` until `ttlMs` from now, when it is free or its lease expired;
 * false while another owner holds it. The claim is an insert: the unique `_id` lets exactly one of
 * several racing callers win, on MongoDB and on FerretDB v1 alike. A compare-and-set update would not
 * do: FerretDB v1 applies updates as a read followed by a write, and concurrent ones all "succeed". An
 * expired lease is deleted by its owner's token first, so a lease just taken by someone else is never
 * removed. Used for named leases here and for per-shopper locks (subgraphs/user-profile/shopper-locks.ts).
 */
export async function claimLease(
  collection: Collection<LeaseDocument>,
  id: string,
  owner: string,
  ttlMs: number,
): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const now = new Date();
    try {
      await collection.insertOne({ _id: id, owner, acquiredAt: now, expiresAt: new Date(now.getTime() + ttlMs) });
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const current = await collection.findOne({ _id: id });
    if (current && (!current.expiresAt || current.expiresAt.getTime() >= Date.now())) return false;
    if (current) await collection.deleteOne({ _id: id, owner: current.owner });
  }
  return false;
}

/**
 * Takes lease `name` for `ttlMs` when it is free or expired; null while anyone holds it, this process
 * included (leases are not re-entrant: each acquisition is its own holder, `<host>:<pid>:<uuid>`).
 */
export async function tryAcquireLease(
  db: Db,
  name: string,
  ttlMs: number,
  owner = PROCESS_HOLDER,
): Promise<Lease | null> {
  const leases = db.collection<LeaseDocument>(LEASES_COLLECTION);
  const holder = `${owner}:${randomUUID()}`;
  if (!(await claimLease(leases, name, holder, ttlMs))) return null;
  return {
    name,
    holder,
    async renew() {
      const renewed = await leases.updateOne(
        { _id: name, owner: holder },
        { $set: { expiresAt: new Date(Date.now() + ttlMs) } },
      );
      return renewed.matchedCount === 1;
    },
    async release() {
      await leases.deleteOne({ _id: name, owner: holder });
    },
  };
}

/** The result of {@link withLease}: the work's result, or who held the lease instead. */
export type LeaseOutcome<T> = { held: true; result: T } | { held: false; holder: string | null };

/**
 * Runs `work` only while holding lease `name`, renewing it every third of `ttlMs` and releasing it
 * afterwards (also when `work` throws). When another process holds it, `work` does not run. Used so that
 * one replica at a time rebuilds a derived collection, however many replicas serve.
 */
export async function withLease<T>(
  db: Db,
  name: string,
  ttlMs: number,
  work: () => Promise<T>,
): Promise<LeaseOutcome<T>> {
  const lease = await holdLease(db, name, ttlMs);
  if (!lease.held) return lease;
  try {
    return { held: true, result: await work() };
  } finally {
    await lease.release();
  }
}

/** A lease kept alive by a heartbeat until `release`, or who holds it instead. */
export type HeldLease = { held: true; release(): Promise<void> } | { held: false; holder: string | null };

/**
 * Takes lease `name` and renews it every third of `ttlMs` until `release()` (for work that is not one
 * function call, such as a CLI job); when another process holds it, says who.
 */
export async function holdLease(db: Db, name: string, ttlMs: number): Promise<HeldLease> {
  const lease = await tryAcquireLease(db, name, ttlMs);
  if (!lease) {
    const current = await db.collection<LeaseDocument>(LEASES_COLLECTION).findOne({ _id: name });
    return { held: false, holder: current?.owner ?? null };
  }
  const heartbeat = setInterval(() => void lease.renew().catch(() => undefined), Math.max(1000, Math.floor(ttlMs / 3)));
  heartbeat.unref();
  return {
    held: true,
    async release() {
      clearInterval(heartbeat);
      await lease.release().catch(() => undefined);
    },
  };
}

/** How long a rebuild's lease outlives its holder's last heartbeat: a crashed replica's lease frees within this. */
const REBUILD_LEASE_TTL_MS = 60_000;

/** The lease a rebuild of derived collection `collection` holds, in serving processes and jobs alike. */
function rebuildLeaseName(collection: string): string {
  return `rebuild:${collection}`;
}

/** {@link withLease} for rebuilding derived collection `collection`: one rebuild of it at a time, everywhere. */
export function withRebuildLease<T>(db: Db, collection: string, work: () => Promise<T>): Promise<LeaseOutcome<T>> {
  return withLease(db, rebuildLeaseName(collection), REBUILD_LEASE_TTL_MS, work);
}

/** {@link holdLease} for rebuilding derived collection `collection` (a job that runs the rebuild itself). */
export function holdRebuildLease(db: Db, collection: string): Promise<HeldLease> {
  return holdLease(db, rebuildLeaseName(collection), REBUILD_LEASE_TTL_MS);
}
