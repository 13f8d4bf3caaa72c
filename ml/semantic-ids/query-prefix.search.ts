import { dot } from "../embeddings/vector-math";
import type { ResidualQuantizer } from "./residual-kmeans";
import type { SemanticIdIndex } from "./semantic-id.index";

/** A code prefix a query maps to, with the cosine of the query and the prefix's reconstruction (higher is closer). */
export interface ScoredPrefix {
  codes: number[];
  score: number;
}

/**
 * Beam search down the residual codebooks: the `beam` prefixes whose reconstruction (sum of their centroids)
 * has the highest cosine with `query` at each level, up to `depth` codes (default: all levels). Best first.
 * Cosine rather than L2: a short query's vector and the centroids (means of product vectors) differ in norm.
 */
export function queryPrefixes(
  quantizer: ResidualQuantizer,
  query: Float32Array,
  beam = 4,
  depth = quantizer.codebooks.length,
): ScoredPrefix[] {
  const d = quantizer.dims;
  let frontier: Array<{ codes: number[]; sum: Float32Array; score: number }> = [
    { codes: [], sum: new Float32Array(d), score: 0 },
  ];
  const candidate = new Float32Array(d);
  for (let level = 0; level < Math.min(depth, quantizer.codebooks.length); level += 1) {
    const book = quantizer.codebooks[level]!;
    const k = book.length / d;
    const next: Array<{ codes: number[]; parent: Float32Array; code: number; score: number }> = [];
    for (const node of frontier) {
      for (let c = 0; c < k; c += 1) {
        let dotProduct = 0;
        let norm = 0;
        for (let j = 0; j < d; j += 1) {
          candidate[j] = node.sum[j]! + book[c * d + j]!;
          dotProduct += candidate[j]! * query[j]!;
          norm += candidate[j]! * candidate[j]!;
        }
        next.push({
          codes: [...node.codes, c],
          parent: node.sum,
          code: c,
          score: norm > 0 ? dotProduct / Math.sqrt(norm) : -Infinity,
        });
      }
    }
    next.sort((a, b) => b.score - a.score);
    frontier = next.slice(0, beam).map((node) => {
      const sum = Float32Array.from(node.parent);
      for (let j = 0; j < d; j += 1) sum[j]! += book[node.code * d + j]!;
      return { codes: node.codes, sum, score: node.score };
    });
  }
  return frontier.map(({ codes, score }) => ({ codes, score }));
}

/** A product found for a free-text query through its Semantic-ID prefix. */
export interface PrefixMatch {
  itemId: string;
  /** Codes shared with the matched prefix. */
  prefix: number[];
  /** Cosine of the query and the item's content vector (0 without vectors). */
  score: number;
}

/**
 * Free text → products: maps the query vector to the closest level-2 prefixes (beam search), gathers their
 * items (falling back to level-1 prefixes when those hold fewer than `k`), and ranks them by cosine to the query.
 */
export function searchByPrefix(
  quantizer: ResidualQuantizer,
  index: SemanticIdIndex,
  query: Float32Array,
  k: number,
  itemVector?: (itemId: string) => Float32Array | undefined,
  beam = 4,
): PrefixMatch[] {
  const seen = new Map<string, PrefixMatch>();
  const depth = Math.min(2, quantizer.codebooks.length);
  for (const length of depth === 2 ? [2, 1] : [1]) {
    for (const prefix of queryPrefixes(quantizer, query, beam, length)) {
      for (const entry of index.withPrefix(prefix.codes)) {
        if (seen.has(entry.itemId)) continue;
        const vector = itemVector?.(entry.itemId);
        seen.set(entry.itemId, {
          itemId: entry.itemId,
          prefix: prefix.codes,
          score: vector ? dot(vector, 0, query, 0, query.length) : 0,
        });
      }
    }
    if (seen.size >= k) break;
  }
  return [...seen.values()]
    .sort((a, b) => b.prefix.length - a.prefix.length || b.score - a.score || (a.itemId < b.itemId ? -1 : 1))
    .slice(0, k);
}
