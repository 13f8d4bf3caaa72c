import { LRUCache } from "lru-cache";
import type { ScoredId, TextSearchService } from "../../../plugins/sdk/services";

/** Lexical answers a process keeps (query, page depth and catalog version each). */
const ANSWERS_KEPT = 5_000;
/**
 * Longest an answer is kept: the catalog swaps its index a little before or after personalization loads
 * the same version, so an answer asked in between may come from the neighbouring version.
 */
const ANSWER_TTL_MS = 60_000;

/**
 * The catalog's lexical search with its answers kept per catalog version: the catalog's index is
 * immutable within a version, so the same words at the same depth get the same hits until personalization
 * moves to the next version (then every key changes), kept a minute at most. Popular queries are asked by many shoppers, and
 * each ask was one to four HTTP calls to the catalog. Only answers are kept (a failure or a deadline is
 * never shared), and every caller gets its own copies of the hits.
 */
export class VersionedTextSearch implements TextSearchService {
  private readonly answers = new LRUCache<string, readonly ScoredId[]>({ max: ANSWERS_KEPT, ttl: ANSWER_TTL_MS });

  /** `version` is the catalog version personalization serves (null before its first load: nothing is kept). */
  constructor(
    private readonly inner: TextSearchService,
    private readonly version: () => number | null,
  ) {}

  async search(query: string, limit: number): Promise<ScoredId[]> {
    const version = this.version();
    if (version === null) return this.inner.search(query, limit);
    const key = `${version}\u0000${limit}\u0000${query}`;
    const known = this.answers.get(key);
    if (known) return known.map((hit) => ({ ...hit }));
    const hits = await this.inner.search(query, limit);
    // The version still served: an answer that raced a version change is not kept under the old key.
    if (this.version() === version)
      this.answers.set(
        key,
        hits.map((hit) => ({ ...hit })),
      );
    return hits;
  }
}
