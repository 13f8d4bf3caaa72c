import { LRUCache } from "lru-cache";
import type { Collection, Db } from "mongodb";

/** Name of the durable response cache collection. */
export const LLM_CACHE_COLLECTION = "llm_cache";

/** A cached response (collection `llm_cache`, `_id` = cache key). No TTL index: readers check `expiresAt`. */
export interface LlmCacheDocument {
  _id: string;
  feature: string;
  promptVersion: string;
  model: string;
  output: unknown;
  createdAt: Date;
  expiresAt: Date;
}

/** Where an entry was found. */
export type CacheTier = "memory" | "durable";

/** Options of {@link LlmResponseCache}. */
export interface LlmResponseCacheOptions {
  /** Durable tier; without it only the in-process LRU is used. */
  db?: Db;
  /** LRU entries; 0 disables the in-process tier. */
  lruSize: number;
  now?: () => number;
  /** Durable-tier failures (read or write); the cache then behaves as a miss. */
  onError?: (error: unknown) => void;
}

/**
 * Two-tier response cache: an in-process LRU in front of MongoDB. Expiry is checked on read (FerretDB
 * has no TTL indexes); {@link purgeExpiredLlmCache} deletes what is stale. Never throws.
 */
export class LlmResponseCache {
  private readonly memory?: LRUCache<string, { output: unknown; expiresAt: number }>;
  private readonly collection?: Collection<LlmCacheDocument>;
  private readonly now: () => number;

  constructor(private readonly options: LlmResponseCacheOptions) {
    if (options.lruSize > 0) this.memory = new LRUCache({ max: options.lruSize });
    if (options.db) this.collection = options.db.collection<LlmCacheDocument>(LLM_CACHE_COLLECTION);
    this.now = options.now ?? Date.now;
  }

  /** The output stored under `key` and the tier it came from, when present and not expired. */
  async get(key: string): Promise<{ output: unknown; tier: CacheTier } | undefined> {
    const now = this.now();
    const inMemory = this.memory?.get(key);
    if (inMemory) {
      if (inMemory.expiresAt > now) return { output: inMemory.output, tier: "memory" };
      this.memory?.delete(key);
    }
    if (!this.collection) return undefined;
    try {
      const document = await this.collection.findOne({ _id: key });
      if (!document || document.expiresAt.getTime() <= now) return undefined;
      this.memory?.set(key, { output: document.output, expiresAt: document.expiresAt.getTime() });
      return { output: document.output, tier: "durable" };
    } catch (error) {
      this.options.onError?.(error);
      return undefined;
    }
  }

  /** Stores `output` under `key` for `ttlSeconds` in both tiers (0 stores nothing). */
  async set(
    key: string,
    entry: { feature: string; promptVersion: string; model: string; output: unknown },
    ttlSeconds: number,
  ): Promise<void> {
    if (ttlSeconds <= 0) return;
    const now = this.now();
    const expiresAt = now + ttlSeconds * 1000;
    this.memory?.set(key, { output: entry.output, expiresAt });
    if (!this.collection) return;
    try {
      await this.collection.replaceOne(
        { _id: key },
        { ...entry, createdAt: new Date(now), expiresAt: new Date(expiresAt) },
        { upsert: true },
      );
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** Forgets `key` in both tiers (an entry that no longer validates). */
  async delete(key: string): Promise<void> {
    this.memory?.delete(key);
    try {
      await this.collection?.deleteOne({ _id: key });
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** Empties the in-process tier only (benchmarks measure the durable tier this way). */
  clearMemory(): void {
    this.memory?.clear();
  }
}

/** Deletes expired `llm_cache` entries; returns how many. */
export async function purgeExpiredLlmCache(db: Db, now: Date = new Date()): Promise<number> {
  const result = await db.collection<LlmCacheDocument>(LLM_CACHE_COLLECTION).deleteMany({ expiresAt: { $lte: now } });
  return result.deletedCount;
}
