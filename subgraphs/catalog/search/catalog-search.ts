import { withoutDeadline } from "../../shared/deadline";
import type { Db } from "mongodb";
import { LRUCache } from "lru-cache";
import { readCatalogVersion } from "../../../core/catalog/catalog-version";
import { CATALOG_COLLECTIONS } from "../read-model";
import type { CategoryDocument } from "../../../core/documents/category.document";
import type { MerchantDocument } from "../../../core/documents/merchant.document";
import { createLogger, type Logger } from "../../../core/logger";
import { UnavailableError } from "../../shared/errors";
import { ProductsRepository } from "../products.repository";
import { ProductSnapshot } from "./product-snapshot";
import { SearchIndex, type SearchResults } from "./search-index";

/** Products read from the database per batch while building. */
const BUILD_BATCH = 2000;
/** Distinct query texts whose ranked hits are kept per index (pagination reuses them). */
const RESULT_CACHE_SIZE = 500;

/** A finished index and the catalog version it was built from. */
export interface BuiltIndex {
  index: SearchIndex;
  /** Every product of this version, for by-id resolution without a database scan. */
  snapshot: ProductSnapshot;
  /** `catalog_meta.version` read before the build started; 0 when none was published. */
  version: number;
  documents: number;
  buildMs: number;
  builtAt: Date;
  /** Ranked hits by query text, for this index only. */
  results: LRUCache<string, SearchResults>;
}

/** What {@link CatalogSearch.refresh} did. */
export interface RefreshResult {
  rebuilt: boolean;
  version: number;
  documents: number;
  buildMs?: number;
  rssMb?: number;
}

/**
 * The catalog process's search index: built from `products` on first use or first poll, rebuilt when
 * `catalog_meta.version` changes, and swapped in one assignment once a rebuild finishes, so queries
 * during a rebuild use the previous index.
 */
export class CatalogSearch {
  private current: BuiltIndex | null = null;
  private building: Promise<BuiltIndex> | null = null;
  /** Products indexed so far by the running build (no total: FerretDB v1 counts by scanning the collection). */
  private progress = { indexed: 0 };

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  /** The index queries use now, or null before the first build finished. */
  get index(): BuiltIndex | null {
    return this.current;
  }

  /** Rebuilds when the published version differs from the current index's (or no index exists yet). */
  async refresh(): Promise<RefreshResult> {
    const version = await readCatalogVersion(this.db);
    if (this.current && this.current.version === version)
      return { rebuilt: false, version, documents: this.current.documents };
    const built = await this.rebuild(version);
    return {
      rebuilt: true,
      version: built.version,
      documents: built.documents,
      buildMs: built.buildMs,
      rssMb: Math.round(process.memoryUsage().rss / 1048576),
    };
  }

  /**
   * The current index; before the first build, starts it if needed and waits up to `waitMs`, then
   * fails with UNAVAILABLE (the build goes on in the background).
   */
  async ready(waitMs: number): Promise<BuiltIndex> {
    if (this.current) return this.current;
    // Shared by every request (and kept going after one gives up): never bound by one request's deadline.
    const pending = this.building ?? withoutDeadline(() => this.refresh()).then(() => this.current!);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), waitMs);
    });
    try {
      const built = await Promise.race([pending, timeout]);
      if (built) return built;
    } catch (error) {
      this.logger.warn({ err: error }, "search index build failed");
      throw new UnavailableError("The catalog search index could not be built; try again shortly");
    } finally {
      clearTimeout(timer);
    }
    throw new UnavailableError(
      `The catalog search index is still being built (${this.progress.indexed} products so far); try again in a few seconds`,
    );
  }

  /** Builds a new index from the products collection (one build at a time) and swaps it in. */
  private rebuild(version: number): Promise<BuiltIndex> {
    if (this.building) return this.building;
    this.building = this.build(version).finally(() => {
      this.building = null;
    });
    return this.building;
  }

  private async build(version: number): Promise<BuiltIndex> {
    const started = performance.now();
    const categories = await this.db.collection<CategoryDocument>(CATALOG_COLLECTIONS.categories).find({}).toArray();
    const merchants = await this.db.collection<MerchantDocument>(CATALOG_COLLECTIONS.merchants).find({}).toArray();
    const names = new Map(categories.map((category) => [category._id, category.name]));
    const products = new ProductsRepository(this.db);
    this.progress = { indexed: 0 };
    const index = new SearchIndex((id) => names.get(id));
    const snapshot = new ProductSnapshot();
    for (const category of categories) snapshot.addCategory(category);
    for (const merchant of merchants) snapshot.addMerchant(merchant);
    for await (const product of products.streamAll(BUILD_BATCH)) {
      index.add(product);
      snapshot.add(product);
      this.progress.indexed += 1;
      // Let requests in between batches: a large build must not stall the event loop.
      if (this.progress.indexed % BUILD_BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const built: BuiltIndex = {
      index,
      snapshot,
      version,
      documents: index.size,
      buildMs: Math.round(performance.now() - started),
      builtAt: new Date(),
      results: new LRUCache({ max: RESULT_CACHE_SIZE }),
    };
    this.current = built;
    this.logger.info(
      {
        version,
        documents: built.documents,
        buildMs: built.buildMs,
        rssMb: Math.round(process.memoryUsage().rss / 1048576),
      },
      "catalog search index ready",
    );
    return built;
  }
}

/** One search index per database handle in this process (the index is process state, not request state). */
const registry = new WeakMap<Db, CatalogSearch>();

/** The process's search index over `db`, created on first use. */
export function catalogSearchFor(db: Db, logger?: Logger): CatalogSearch {
  let search = registry.get(db);
  if (!search) {
    search = new CatalogSearch(db, logger ?? createLogger("catalog"));
    registry.set(db, search);
  }
  return search;
}
