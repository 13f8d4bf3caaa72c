import { LRUCache } from "lru-cache";
import type { MetadataFilter } from "../../core/vector/metadata-filter";
import type { VectorMatch, VectorStore } from "../../core/vector/vector-store";
import type { RetrievalModels } from "./retrieval-models";
import type { UserHistorySource } from "./user-history.source";

/** What {@link EmbeddingRetrievalService} is built from. */
export interface EmbeddingRetrievalOptions {
  models: RetrievalModels;
  /** Two-tower item index (`items-two-tower`), or null when no two-tower model is trained. */
  twoTowerStore: VectorStore | null;
  /** Text item index (`items-text`), or null. */
  textStore: VectorStore | null;
  /** Namespace of the current catalog version (`namespaceForCatalogVersion(version)`). */
  namespace: string;
  history: UserHistorySource;
  /** Users kept in the embedding cache (default 10,000). */
  cacheSize?: number;
  /** How long a cached user embedding is used (default 10 minutes). */
  cacheTtlMs?: number;
  /** Orders read per user (default 50). */
  maxOrders?: number;
  now?: () => Date;
}

/**
 * Learned retrieval at request time: the user embedding (two-tower user tower over the user's recent orders,
 * cached per user in an LRU) matched by dot product against the item index, and free-text queries matched
 * against the text index. Blending with recency, popularity and reorder signals is the caller's (familiarity's).
 */
export class EmbeddingRetrievalService {
  private readonly cache: LRUCache<string, Float32Array>;
  private readonly pending = new Map<string, Promise<Float32Array | null>>();

  constructor(private readonly options: EmbeddingRetrievalOptions) {
    this.cache = new LRUCache({ max: options.cacheSize ?? 10_000, ttl: options.cacheTtlMs ?? 600_000 });
  }

  /** True when a two-tower model and its item index are available. */
  get ready(): boolean {
    return !!this.options.models.twoTower && !!this.options.twoTowerStore;
  }

  /** The user's unit embedding (cached); null without a model or without any known purchase. */
  async embedUser(userId: string): Promise<Float32Array | null> {
    const cached = this.cache.get(userId);
    if (cached) return cached;
    const running = this.pending.get(userId);
    if (running) return running;
    const work = this.computeUser(userId).finally(() => this.pending.delete(userId));
    this.pending.set(userId, work);
    return work;
  }

  /** Drops a user's cached embedding (call after they order). */
  invalidateUser(userId: string): void {
    this.cache.delete(userId);
  }

  /** Top-`k` items for the user by two-tower score, matching `filter` (item metadata, e.g. `{ vertical: "grocery" }`); [] for unknown users. */
  async retrieveForUser(userId: string, k: number, filter?: MetadataFilter): Promise<VectorMatch[]> {
    const store = this.options.twoTowerStore;
    if (!store) return [];
    const vector = await this.embedUser(userId);
    if (!vector) return [];
    return store.query(this.options.namespace, { vector, topK: k, ...(filter ? { filter } : {}) });
  }

  /** The text-encoder vector of a query (null without a text encoder or for a query without letters/digits). */
  embedQuery(text: string): Float32Array | null {
    const vector = this.options.models.queryVector(text);
    return vector && vector.some((value) => value !== 0) ? vector : null;
  }

  /** Top-`k` items for free text through the text index (semantic side of hybrid search). */
  async searchText(text: string, k: number, filter?: MetadataFilter): Promise<VectorMatch[]> {
    const store = this.options.textStore;
    const vector = this.embedQuery(text);
    if (!store || !vector) return [];
    return store.query(this.options.namespace, { vector, topK: k, ...(filter ? { filter } : {}) });
  }

  private async computeUser(userId: string): Promise<Float32Array | null> {
    const { models, history } = this.options;
    if (!models.twoTower) return null;
    const [orders, summary] = await Promise.all([
      history.recentOrders(userId, this.options.maxOrders ?? 50),
      history.summary(userId),
    ]);
    if (orders.length === 0) return null;
    const itemText = await this.historyTexts(orders.flatMap((order) => order.productIds));
    const state = models.userState(
      orders,
      this.options.now?.() ?? new Date(),
      summary,
      (index) => itemText.get(models.itemIdAt(index) ?? "") ?? null,
    );
    if (!state || state.historyItems.length === 0) return null;
    const vector = models.userEmbedding(state);
    if (vector) this.cache.set(userId, vector);
    return vector;
  }

  private async historyTexts(productIds: string[]): Promise<Map<string, Float32Array>> {
    const store = this.options.textStore;
    const out = new Map<string, Float32Array>();
    if (!store || !this.options.models.text) return out;
    const ids = [...new Set(productIds)].slice(0, 1000);
    for (const record of await store.fetch(this.options.namespace, ids)) out.set(record.id, record.values);
    return out;
  }
}
