import type { ProductDocument } from "../../core/documents/product.document";
import type {
  DealInfo,
  InheritedValue,
  LearnedRetrievalService,
  RetrievalFilter,
  ScoredId,
} from "../../core/personalization/service-contracts";

export type { DealInfo, InheritedValue, LearnedRetrievalService, RetrievalFilter, ScoredId };
import type { CategoryMedians } from "./price-comparison";

/** Read access to the catalog that plugins need; batched per request. */
export interface CatalogService {
  /** Products by id (DataLoader-batched); missing ids are absent from the map. Shared and deeply frozen: copy before changing. */
  products(ids: readonly string[]): Promise<Map<string, ProductDocument>>;
  /** Most popular products (by distinct buyers), optionally under a category. */
  popular(limit: number, categoryId?: string | null): Promise<ScoredId[]>;
  /** Most recently added products, optionally under a category. */
  newArrivals(limit: number, categoryId?: string | null): Promise<ScoredId[]>;
  /** Products under a category (any depth), best value first: cheapest against the category median of their own price basis (see `comparePrice`). */
  inCategory(categoryId: string, limit: number): Promise<ScoredId[]>;
  /** Availability and price of products at a store; absent = not sold there. */
  offers(storeId: string, ids: readonly string[]): Promise<Map<string, { price: number; available: boolean }>>;
  /**
   * Median prices of a category, one per price basis (per kg, per l, per item, list price of unsized
   * products), each over the products priced on that basis only (cached). Compare a product with them
   * through `comparePrice` (plugins/sdk/price-comparison.ts), never across bases.
   */
  categoryMedians(categoryId: string): Promise<CategoryMedians>;
  /** Popularity prior in [0, 1] (distinct buyers relative to the most bought product); absent = never bought. */
  popularity(ids: readonly string[]): Promise<Map<string, number>>;
  /**
   * Products carrying every one of `tags` (exact tags, e.g. a shopper's stated diet), of none of the
   * excluded brands (case-insensitive) and under none of the excluded categories, at most `limit`, in
   * catalog order; score 1. Optional: fixture services may leave it out.
   */
  withTags?(tags: readonly string[], limit: number, exclude?: TagExclusions): Promise<ScoredId[]>;
}

/** What {@link CatalogService.withTags} leaves out. */
export interface TagExclusions {
  brands?: readonly string[];
  categoryIds?: readonly string[];
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
  /**
   * Grocery products that let a shopper cook a cuisine at home, best first. `onTheme` is true when the
   * link is direct (the product's name, or the exact name of its category, is a grocery term of the
   * cuisine) and false when it is only inherited from a broader category ("egg" → all of Dairy & Eggs).
   */
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
  items(
    constraints: GeneratedCollectionInfo["constraints"],
    storeId: string | null,
    limit: number,
  ): Promise<ScoredId[]>;
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

/**
 * Every service a plugin may declare in `needs`; the registry checks at boot that each exists. Open:
 * the built-in services below are the host's, and a plugin that provides a service of its own adds it
 * by declaration merging (see `defineService` in define-service.ts):
 * `declare module "../sdk/services" { interface PluginServices { weather: WeatherService } }`.
 */
export interface PluginServices {
  catalog: CatalogService;
  coPurchase: CoPurchaseService;
  knowledgeGraph: KnowledgeGraphService;
  textSearch: TextSearchService;
  deals: DealService;
  /** Optional: present in the personalization process (absent in fixture services). */
  generatedCollections?: GeneratedCollectionsService;
  /** Optional: learned retrieval, present when DATA_DIR holds a trained model (absent otherwise and in fixture services). */
  embeddings?: LearnedRetrievalService;
}

export type ServiceName = keyof PluginServices;

/** The services the host itself builds (every process that runs plugins); plugin-provided ones are the others. */
export const BUILT_IN_SERVICES = [
  "catalog",
  "coPurchase",
  "knowledgeGraph",
  "textSearch",
  "deals",
  "generatedCollections",
  "embeddings",
] as const satisfies readonly ServiceName[];

/** Name of a built-in service. */
export type BuiltInServiceName = (typeof BUILT_IN_SERVICES)[number];

/** The host's own services (what it constructs before adding the provided ones). */
export type BuiltInServices = Pick<PluginServices, BuiltInServiceName>;
