import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Db } from "mongodb";

/** Collection holding one document per lease: `{ _id: name, holder, expiresAt, acquiredAt }`. */
export const LEASES_COLLECTION = "leases";

interface LeaseDocument {
  _id: string;
  holder: string;
  expiresAt: Date;
  acquiredAt: Date;
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

function isDuplicateKey(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === 11000;
}

/**
 * Takes lease `name` for `ttlMs` when it is free or expired; null while anyone holds it, this process
 * included (leases are not re-entrant: each acquisition is its own holder, `<host>:<pid>:<uuid>`).
 * A lease is claimed by inserting its document: the unique `_id` lets exactly one of several racing
 * callers win, on MongoDB and on FerretDB v1 alike. A compare-and-set update would not do: FerretDB v1
 * applies updates as a read followed by a write, and concurrent ones all "succeed". An expired lease is
 * first deleted by its holder's token, so a lease just taken by someone else is never removed.
 */
export async function tryAcquireLease(
  db: Db,
  name: string,
  ttlMs: number,
  owner = PROCESS_HOLDER,
): Promise<Lease | null> {
  const leases = db.collection<LeaseDocument>(LEASES_COLLECTION);
  const holder = `${owner}:${randomUUID()}`;
  const now = new Date();
  const existing = await leases.findOne({ _id: name });
  if (existing && existing.expiresAt > now) return null;
  if (existing) await leases.deleteOne({ _id: name, holder: existing.holder });
  try {
    await leases.insertOne({ _id: name, holder, expiresAt: new Date(now.getTime() + ttlMs), acquiredAt: now });
  } catch (error) {
    if (isDuplicateKey(error)) return null;
    throw error;
  }
  return {
    name,
    holder,
    async renew() {
      const renewed = await leases.updateOne(
        { _id: name, holder },
        { $set: { expiresAt: new Date(Date.now() + ttlMs) } },
      );
      return renewed.matchedCount === 1;
    },
    async release() {
      await leases.deleteOne({ _id: name, holder });
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
    return { held: false, holder: current?.holder ?? null };
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
export const REBUILD_LEASE_TTL_MS = 60_000;

/** The lease a rebuild of derived collection `collection` holds, in serving processes and jobs alike. */
export function rebuildLeaseName(collection: string): string {
  return `rebuild:${collection}`;
}
