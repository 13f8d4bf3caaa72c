import type { ProductDocument } from "../documents/product.document";
import type { MetadataFilter } from "../vector/metadata-filter";

/*
 * The contracts of personalization's services that models implement too (ml/embeddings serves learned
 * retrieval; the ranker reads deals). The plugin SDK (plugins/sdk/services.ts) re-exports them.
 */

/** A product id with a source score (higher is better). */
export interface ScoredId {
  productId: string;
  score: number;
  /**
   * Whether the source vouches that the item satisfies the theme of the collection it was retrieved for
   * (read for themes with `marked: true`; see `CollectionTheme`). Absent = not vouched for.
   */
  onTheme?: boolean;
  /** Why the source found it, when the source can say (search's relevance judgement: "Matches “oj”"); a text collection shows it as the relevance reason, and shows none without it. */
  reason?: string;
}

/** A personal offer from the `deals` collection (written by the deals issue; never invented here). */
export interface DealInfo {
  id: string;
  productId: string;
  kind: "PERCENT_OFF" | "AMOUNT_OFF" | "BUNDLE";
  value: number;
  expiresAt: Date;
  reason: string;
}

/** Item metadata filter of learned retrieval (Pinecone syntax subset: `$eq`, `$in`, `$and`), e.g. `{ vertical: "GROCERY" }`. */
export type RetrievalFilter = MetadataFilter;

/** What an item inherits from its Semantic-ID prefix neighbours (a new item without behaviour of its own). */
export interface InheritedValue {
  value: number;
  /** Codes shared with the neighbours it was averaged over (longer = closer). */
  prefixLength: number;
  neighbours: number;
}

/**
 * Learned retrieval (ml/embeddings): the trained two-tower model and text encoder served against the item
 * indexes of `npm run jobs -- index`. Present only when the process found a model artifact under DATA_DIR.
 */
export interface LearnedRetrievalService {
  /** Versions of the loaded artifacts (null = not trained), for logs and reasons. */
  versions(): { twoTower: string | null; textEncoder: string | null; semanticIds: string | null };
  /** Two-tower candidates: the shopper's user embedding matched by dot product; score = dot product, best first; [] for a shopper without orders or without a two-tower index. */
  userCandidates(userId: string, limit: number, filter?: RetrievalFilter): Promise<ScoredId[]>;
  /** Semantic candidates for free text: the text-encoder query vector matched against the `items-text` index; score = cosine, best first; [] without a text index. */
  queryCandidates(text: string, limit: number, filter?: RetrievalFilter): Promise<ScoredId[]>;
  /**
   * Candidates for free text through Semantic IDs: the text-encoder query vector mapped to its closest code
   * prefixes (beam search down the codebooks), their items, longest shared prefix first, then by cosine;
   * [] without codebooks. Optional: fixture services leave it out.
   */
  prefixCandidates?(text: string, limit: number): Promise<ScoredId[]>;
  /**
   * Cold start through Semantic IDs: products sharing the longest code prefix (3, then 2 codes) with the
   * seed products (a new shopper's first-session items), round-robin over the seeds in their order,
   * seeds left out; score = shared codes / levels. [] without Semantic IDs. Optional, like {@link prefixCandidates}.
   */
  prefixNeighbours?(productIds: readonly string[], limit: number): Promise<ScoredId[]>;
  /**
   * Cold start from stated preferences through Semantic IDs: the 2-code prefixes most characteristic of
   * `seedIds` (the products matching what a new shopper stated, e.g. their diet: many seeds, and a large share
   * of the prefix's items), and the items under the best prefixes, round-robin from the best one, seeds first
   * within a prefix, then their code neighbours; score = the prefix's score relative to the best. Retrieval,
   * not a filter: the eligibility rules still apply to what it returns. [] without Semantic IDs or when no
   * prefix holds two seeds. Optional, like {@link prefixCandidates}.
   */
  preferenceCandidates?(seedIds: readonly string[], limit: number): Promise<ScoredId[]>;
  /** True when {@link queryCandidates} can answer (a text encoder and its item index). */
  hasTextIndex(): Promise<boolean>;
  /**
   * For each product without a value in `own`: the mean `lookup` value of the products sharing its longest
   * Semantic-ID prefix (at least 3 with a value). New products without a stored Semantic ID get one from their
   * content embedding. Products that inherit nothing are absent.
   */
  inherit(
    products: readonly ProductDocument[],
    own: ReadonlyMap<string, number>,
    lookup: (ids: readonly string[]) => Promise<Map<string, number>>,
  ): Promise<Map<string, InheritedValue>>;
}
