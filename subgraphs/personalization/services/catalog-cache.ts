import { LRUCache } from "lru-cache";
import type { Db } from "mongodb";
import type { CategoryMedians } from "../../../plugins/sdk/price-comparison";
import type { ScoredId } from "../../../plugins/sdk/services";

/** How long shared catalog reads (medians, new arrivals, category lists, popularity scale) are reused. */
const TTL_MS = 5 * 60_000;

/** Catalog reads that do not depend on the shopper, shared by the requests of one process (per database). */
export interface CatalogCache {
  lists: LRUCache<string, ScoredId[]>;
  medians: LRUCache<string, CategoryMedians>;
  numbers: LRUCache<string, number>;
}

const caches = new WeakMap<Db, CatalogCache>();

/** The cache of a database handle (created on first use). */
export function catalogCache(db: Db): CatalogCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = {
      lists: new LRUCache({ max: 2000, ttl: TTL_MS }),
      medians: new LRUCache({ max: 5000, ttl: TTL_MS }),
      numbers: new LRUCache({ max: 100, ttl: TTL_MS }),
    };
    caches.set(db, cache);
  }
  return cache;
}
