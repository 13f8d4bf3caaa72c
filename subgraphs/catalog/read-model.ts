import { COLLECTIONS } from "../../core/documents/collections";

/**
 * What the catalog publishes for other subgraphs to read directly from the database: its collection
 * names and the shapes of their documents. Another subgraph reaches catalog data only through this
 * module or through federation (`npm run check:boundaries` enforces it, for the document shapes in
 * `core/documents/` too), so a change of shape here is a change of contract, reviewed as one.
 *
 * Version 1: products (with pack sizes), categories (a tree by `parentId`), merchants and their offers,
 * and `catalog_meta` (the catalog version).
 */
export const CATALOG_COLLECTIONS = {
  products: COLLECTIONS.products,
  categories: COLLECTIONS.categories,
  merchants: COLLECTIONS.merchants,
  offers: COLLECTIONS.offers,
  catalogMeta: COLLECTIONS.catalogMeta,
} as const;

export type { PackSize, ProductDocument } from "../../core/documents/product.document";
export type { CategoryDocument } from "../../core/documents/category.document";
export type { MerchantDocument, OfferDocument } from "../../core/documents/merchant.document";
