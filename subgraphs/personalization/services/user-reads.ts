import { LRUCache } from "lru-cache";
import type { Db } from "mongodb";
import {
  USER_PROFILE_COLLECTIONS,
  readUserSummary,
  type OrderDocument,
  type EventDocument,
  type UserDocument,
  USER_ATTRIBUTES_COLLECTION,
  type UserAttributesDocument,
} from "../../user-profile/read-model";
import type { ShopperDocuments } from "../pipeline/pipeline.types";

/**
 * How long a shopper's documents are reused by later requests of this process. A page view fires
 * several surfaces within a second or two (home, category, checkout, search); attributes change on a
 * purchase, which the next page after this window sees.
 */
export const USER_READ_TTL_MS = 5_000;
/** Shoppers whose documents are held at once. */
const USER_READ_CACHE_SIZE = 10_000;

/** The per-shopper documents attribute blending reads: each one `{_id}` read (the read FerretDB v1 pushes down). */
export type UserReads = ShopperDocuments;

const caches = new WeakMap<Db, LRUCache<string, Promise<UserReads>>>();
const orderCaches = new WeakMap<Db, LRUCache<string, Promise<OrderDocument[]>>>();
const sessionCaches = new WeakMap<Db, LRUCache<string, Promise<string[]>>>();

/** Events read for a shopper's first-session items (newest first). */
const SESSION_EVENTS = 50;

/**
 * The products a shopper clicked or added to the cart, newest first, distinct, at most `limit`, from
 * events at or before `now`: what a new shopper's first session says about them. A filtered read of
 * `events` (index `userId_type_timestamp`; on FerretDB v1 a scan), made only for known shoppers
 * without history and shared like {@link readRecentOrders}.
 */
export function readSessionItems(db: Db, userId: string, now: Date, limit: number): Promise<string[]> {
  let cache = sessionCaches.get(db);
  if (!cache) sessionCaches.set(db, (cache = new LRUCache({ max: USER_READ_CACHE_SIZE, ttl: USER_READ_TTL_MS })));
  const key = `${userId}|${Math.floor(now.getTime() / USER_READ_TTL_MS)}|${limit}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const read = db
    .collection<EventDocument>(USER_PROFILE_COLLECTIONS.events)
    .find(
      { userId, type: { $in: ["CLICK", "ADD_TO_CART"] }, timestamp: { $lte: now } },
      { projection: { productId: 1 } },
    )
    .sort({ timestamp: -1 })
    .limit(SESSION_EVENTS)
    .toArray()
    .then((events) =>
      [...new Set(events.flatMap((event) => (typeof event.productId === "string" ? [event.productId] : [])))].slice(
        0,
        limit,
      ),
    );
  cache.set(key, read);
  read.catch(() => cache.delete(key));
  return read;
}

/**
 * A shopper's documents, shared by the requests of the next {@link USER_READ_TTL_MS} (concurrent
 * requests for the same shopper share one read). Callers must not mutate what they get. A failed read
 * is not cached.
 */
export function readUserDocuments(db: Db, userId: string): Promise<UserReads> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new LRUCache({ max: USER_READ_CACHE_SIZE, ttl: USER_READ_TTL_MS })));
  const hit = cache.get(userId);
  if (hit) return hit;
  const read = Promise.all([
    db.collection<UserDocument>(USER_PROFILE_COLLECTIONS.users).findOne({ _id: userId }),
    db.collection<UserAttributesDocument>(USER_ATTRIBUTES_COLLECTION).findOne({ _id: userId }),
    readUserSummary(db, userId),
  ]).then(([user, attributes, summary]) => ({ user, attributes, summary }));
  cache.set(userId, read);
  read.catch(() => cache.delete(userId));
  return read;
}

/**
 * A shopper's last `limit` orders placed at or before `now`, newest first: the profile of a shopper
 * without a `user_attributes` document. A filtered read (a scan of `orders` on FerretDB v1), so it is
 * shared by the requests of the same {@link USER_READ_TTL_MS} window (keyed by shopper and window of
 * `now`; an order placed inside the window shows from the next one, like a new attributes document).
 */
export function readRecentOrders(db: Db, userId: string, now: Date, limit: number): Promise<OrderDocument[]> {
  let cache = orderCaches.get(db);
  if (!cache) orderCaches.set(db, (cache = new LRUCache({ max: USER_READ_CACHE_SIZE, ttl: USER_READ_TTL_MS })));
  const key = `${userId}|${Math.floor(now.getTime() / USER_READ_TTL_MS)}|${limit}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const read = db
    .collection<OrderDocument>(USER_PROFILE_COLLECTIONS.orders)
    .find({ userId, placedAt: { $lte: now } })
    .sort({ placedAt: -1 })
    .limit(limit)
    .toArray();
  cache.set(key, read);
  read.catch(() => cache.delete(key));
  return read;
}
