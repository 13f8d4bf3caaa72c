import type { ProductDocument } from "../../core/documents/product.document";

/** A product considered for a collection, with where it came from. */
export interface Candidate {
  productId: string;
  /**
   * Catalog features of the product (loaded once per request through a DataLoader). Shared by every
   * request and deeply frozen: copy it before changing anything (a change throws).
   */
  product: ProductDocument;
  /** Candidate sources that proposed it and their raw scores, e.g. { "familiarity.history": 0.8, "text": 12.1 }. */
  sources: Record<string, number>;
}

/** A dimension's verdict on one candidate. */
export interface DimensionScore {
  productId: string;
  /** In [0, 1]; higher is better for this dimension. */
  value: number;
  /** Short human-readable reason grounded in the signal behind the value ("You bought this 6 times"). */
  reason: string;
}

/**
 * What every item of a themed collection must be: the constraint its prospecting step states ("grocery
 * for ramen night", "popular in Dairy", "complements of your cart"). Ranking orders a themed collection's
 * items (ranker, dimension blend), but items that do not satisfy its theme are dropped from it, so an
 * off-theme item can never lead it, however likely it is to be bought. Every condition given must hold.
 */
export interface CollectionTheme {
  /** The constraint in words, for logs ("grocery for ramen night at home"). */
  label: string;
  /** On-theme items lie under one of these categories (any depth). */
  categoryIds?: string[];
  /** … carry every one of these tags. */
  tags?: string[];
  /** … are of one of these brands (case-insensitive). */
  brands?: string[];
  /** … have a list price at most this. */
  maxPrice?: number;
  /**
   * … were marked `onTheme: true` by the collection's retrieval (`ScoredId.onTheme`): for themes catalog
   * fields cannot state, such as a cuisine through the knowledge graph or complements by co-purchase lift.
   */
  marked?: boolean;
}

/** A collection a plugin proposes in the prospecting step. */
export interface CollectionProposal {
  /** Stable id, unique within a request, e.g. "familiarity.buy-it-again". */
  id: string;
  title: string;
  subtitle?: string;
  /** The dimension that leads it (its weight is boosted when ranking this collection). */
  dimension: string;
  /** The plugin's own estimate, in [0, 1], of how relevant this collection is for the shopper now. */
  relevance: number;
  /** Plugin-specific parameters its `retrieve` reads back (e.g. a cuisine or a category id). */
  params?: Record<string, string | number | boolean | string[]>;
  /** Its theme, when it promises one: items that do not satisfy it are not shown in it. */
  theme?: CollectionTheme;
}
