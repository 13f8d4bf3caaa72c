import type { ProductDocument } from "../../core/documents/product.document";

/** A product considered for a collection, with where it came from. */
export interface Candidate {
  productId: string;
  /** Catalog features of the product (loaded once per request through a DataLoader). */
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
}
