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
  /** Popularity prior in [0, 1] (distinct buyers relative to the most bought product); absent = never bought. */
  popularity(ids: readonly string[]): Promise<Map<string, number>>;
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

/** The shopper's active deals. */
export interface DealService {
  /** Active (not expired at `now`) deals of a user, by product id; empty for anonymous requests. */
  active(userId: string | null, now: Date, productIds?: readonly string[]): Promise<Map<string, DealInfo>>;
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

/** Stored LLM-generated collections and their catalog retrieval (plugins/collections). */
export interface GeneratedCollectionsService {
  /** Stored collections for any of the given targets (e.g. "cluster:GROCERY|high", "store:s1", "category:pantry"), best first. */
  forTargets(targets: readonly string[], limit: number): Promise<GeneratedCollectionInfo[]>;
  /** Catalog products matching a collection's constraints (in stock at `storeId` when given), cheapest first. */
  items(constraints: GeneratedCollectionInfo["constraints"], storeId: string | null, limit: number): Promise<ScoredId[]>;
}

/** A stored generated collection as plugins see it. */
export interface GeneratedCollectionInfo {
  id: string;
  target: string;
  title: string;
  description: string;
  constraints: { categoryIds: string[]; tags: string[]; brands: string[]; maxPrice: number | null };
  /** In-stock items found by the constraints when it was generated. */
  itemCount: number;
  source: "LLM" | "CACHE" | "OFFLINE";
}

/** Every service a plugin may declare in `needs`; the registry checks at boot that each exists. */
export interface PluginServices {
  catalog: CatalogService;
  coPurchase: CoPurchaseService;
  knowledgeGraph: KnowledgeGraphService;
  textSearch: TextSearchService;
  deals: DealService;
  /** Optional: present in the personalization process (absent in fixture services). */
  generatedCollections?: GeneratedCollectionsService;
}

export type ServiceName = keyof PluginServices;
