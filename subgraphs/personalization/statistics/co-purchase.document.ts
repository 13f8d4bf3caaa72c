/** Collection of item–item co-purchase neighbours, written by the co-purchase job. */
export const CO_PURCHASE_COLLECTION = "co_purchase";

/** One complement of a product: bought in the same basket more often than chance. */
export interface CoPurchaseNeighbour {
  productId: string;
  /** P(a,b) / (P(a) P(b)); > 1 means bought together more often than chance. */
  lift: number;
  /** Pointwise mutual information, log2(lift). */
  pmi: number;
  /** Baskets holding both products. */
  support: number;
}

/** A product's complements (collection `co_purchase`), best lift first; substitutes (same leaf category) are never listed. */
export interface CoPurchaseDocument {
  /** The product id. */
  _id: string;
  neighbours: CoPurchaseNeighbour[];
  /** Baskets holding the product (after the per-basket cap). */
  baskets: number;
  /** Version (start time in ms) of the build that wrote it. */
  version: number;
}
