import type { Db } from "mongodb";
import { COLLECTIONS } from "../core/documents/collections";
import type { UserDocument } from "../core/documents/user.document";
import { fnv1a } from "../core/hash";

/**
 * Shoppers a training job learns from by default (ranker, two-tower): at the large seed (100k shoppers,
 * 1.6M orders, 5M events) all of them do not fit a run's time and memory on a 2-core machine.
 */
export const DEFAULT_TRAINING_USERS = 20_000;

/**
 * The shoppers a training job learns from: null (all of them) when there are at most `maxUsers`, else
 * the `maxUsers` ids with the lowest hash, the same on every run (one projection-only scan of `users`).
 * Training jobs sample shoppers, not orders or events, so each sampled shopper's history stays whole.
 */
export async function sampleUsers(db: Db, maxUsers: number): Promise<Set<string> | null> {
  const ids: string[] = [];
  for await (const user of db
    .collection<UserDocument>(COLLECTIONS.users)
    .find({}, { projection: { _id: 1 }, batchSize: 5000 }))
    ids.push(user._id);
  return sampleIds(ids, maxUsers);
}

/** The `max` ids with the lowest hash (ties by id), or null when there are at most `max`. */
export function sampleIds(ids: readonly string[], max: number): Set<string> | null {
  if (ids.length <= max) return null;
  const ranked = ids.map((id) => ({ id, hash: fnv1a(id) })).sort((a, b) => a.hash - b.hash || (a.id < b.id ? -1 : 1));
  return new Set(ranked.slice(0, max).map((entry) => entry.id));
}
