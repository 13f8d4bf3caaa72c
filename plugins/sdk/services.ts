import type { ProductDocument } from "../../core/documents/product.document";

/** A product id with a source score (higher is better). */
export interface ScoredId {
  productId: string;
  score: number;
}

/** Read access to the catalog that plugins need; batched per request. */
export interface CatalogService {
  /** Products by id (DataLoader-batched); missing ids are absent from the map. */
  products(ids: readonly string[]): Promise<Map<string, ProductDocument>>;
  /** Most popular products (by distinct buyers), optionally under a category. */
  popular(limit: number, categoryId?: string | null): Promise<ScoredId[]>;
  /** Most recently added products, optionally under a category. */
  newArrivals(limit: number, categoryId?: string | null): Promise<ScoredId[]>;
  /** Products under a category (any depth), cheapest unit price first when known. */
  inCategory(categoryId: string, limit: number): Promise<ScoredId[]>;
  /** Availability and price of products at a store; absent = not sold there. */
  offers(storeId: string, ids: readonly string[]): Promise<Map<string, { price: number; available: boolean }>>;
  /** Median list price and median unit price of a category (cached). */
  categoryMedians(categoryId: string): Promise<{ price: number | null; unitPrice: number | null }>;
}

/** Items bought together more often than chance. */
export interface CoPurchaseService {
  /** Complements of the given items by lift, substitutes (same leaf category) excluded. */
  complements(productIds: readonly string[], limit: number): Promise<ScoredId[]>;
}

/** Cross-vertical knowledge: restaurant dishes and cuisines mapped to grocery categories and products. */
export interface KnowledgeGraphService {
  /** Grocery products that let a shopper cook a cuisine at home, best first. */
  groceryForCuisine(cuisine: string, limit: number): Promise<ScoredId[]>;
}

/** Lexical retrieval (BM25). */
export interface TextSearchService {
  search(query: string, limit: number): Promise<ScoredId[]>;
}

/** Every service a plugin may declare in `needs`; the registry checks at boot that each exists. */
export interface PluginServices {
  catalog: CatalogService;
  coPurchase: CoPurchaseService;
  knowledgeGraph: KnowledgeGraphService;
  textSearch: TextSearchService;
}

export type ServiceName = keyof PluginServices;
