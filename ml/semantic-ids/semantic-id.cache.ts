import type { Db } from "mongodb";
import { readSemanticIds } from "./semantic-id.repository";
import { SemanticIdIndex } from "./semantic-id.index";

/**
 * Process-local {@link SemanticIdIndex} of one database, loaded with one streaming `find()` of `semantic_ids`
 * and reloaded at most every `maxAgeMs` (concurrent callers share one load).
 */
export class SemanticIdCache {
  private current: SemanticIdIndex | null = null;
  private loadedAt = 0;
  private loading: Promise<SemanticIdIndex> | null = null;

  constructor(
    private readonly db: Db,
    private readonly maxAgeMs = 60_000,
  ) {}

  /** The index, loading or refreshing it when missing or older than `maxAgeMs`. */
  async index(now = Date.now()): Promise<SemanticIdIndex> {
    if (this.current && now - this.loadedAt < this.maxAgeMs) return this.current;
    this.loading ??= readSemanticIds(this.db)
      .then((entries) => {
        this.current = new SemanticIdIndex(entries);
        this.loadedAt = Date.now();
        return this.current;
      })
      .finally(() => {
        this.loading = null;
      });
    // A stale index keeps serving while the refresh runs.
    return this.current ?? this.loading;
  }
}

const caches = new Map<string, SemanticIdCache>();

/** The shared cache of `db` (one per database name in this process). */
export function semanticIdCacheFor(db: Db): SemanticIdCache {
  let cache = caches.get(db.databaseName);
  if (!cache) caches.set(db.databaseName, (cache = new SemanticIdCache(db)));
  return cache;
}

/**
 * Formatted Semantic IDs by product id from the shared cache of `db` (for the RAG context loader's
 * Semantic-ID narrowing step); products without one are absent.
 */
export function semanticIdLookup(db: Db): (productIds: readonly string[]) => Promise<ReadonlyMap<string, string>> {
  return async (productIds) => {
    const index = await semanticIdCacheFor(db).index();
    const found = new Map<string, string>();
    for (const id of productIds) {
      const formatted = index.format(id);
      if (formatted) found.set(id, formatted);
    }
    return found;
  };
}
