import type { ProductDocument } from "../../core/documents/product.document";
import type { MetadataFilter } from "../../core/vector/metadata-filter";
import type { CategoryMedians } from "./price-comparison";

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

/** Read access to the catalog that plugins need; batched per request. */
export interface CatalogService {
  /** Products by id (DataLoader-batched); missing ids are absent from the map. */
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
