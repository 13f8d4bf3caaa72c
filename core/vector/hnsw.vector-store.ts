import { existsSync } from "node:fs";
import { join } from "node:path";
import { HierarchicalNSW } from "hnswlib-node";
import { inverseNorm, type DenseNamespace, type LabelScore } from "./dense-namespace";
import { DenseVectorStore, type DenseStoreOptions } from "./dense.vector-store";

/** HNSW tuning; the defaults are the ones the ANN benchmark measured (see docs/benchmarks.md). */
export interface HnswOptions {
  /** Graph degree (hnswlib `M`). */
  m?: number;
  /** Candidate list size while building. */
  efConstruction?: number;
  /** Candidate list size while searching (raised to topK when smaller). */
  efSearch?: number;
  /** Filters matching at most this many records are answered exactly over the candidates. */
  flatSearchThreshold?: number;
  /** Seed of the level generator, for reproducible graphs. */
  randomSeed?: number;
}

/** Options of {@link HnswVectorStore}. */
export type HnswStoreOptions = DenseStoreOptions & HnswOptions;

const INITIAL_CAPACITY = 1024;

/**
 * Approximate search with hnswlib-node (one graph per namespace, labels shared with the record slab).
 * Filtered queries: the inverted metadata index gives the candidate set; small sets (at most
 * `flatSearchThreshold`) are scored exactly, larger ones go through HNSW with hnswlib's filter callback,
 * and if the graph walk returns fewer than topK matches the query falls back to the exact scan. Scores
 * are recomputed from the stored vectors, so they equal the exact store's.
 */
export class HnswVectorStore extends DenseVectorStore {
  readonly kind = "hnsw";
  private readonly graphs = new Map<string, HierarchicalNSW>();
  private readonly m: number;
  private readonly efConstruction: number;
  private efSearch: number;
  private flatSearchThreshold: number;
  private readonly randomSeed: number;

  private constructor(options: HnswStoreOptions) {
    super(options);
    this.m = options.m ?? 16;
    this.efConstruction = options.efConstruction ?? 200;
    this.efSearch = options.efSearch ?? 64;
    this.flatSearchThreshold = options.flatSearchThreshold ?? 10_000;
    this.randomSeed = options.randomSeed ?? 42;
  }

  /** Creates the store and loads `options.directory` (records and graphs) when it holds a saved one. */
  static async open(options: HnswStoreOptions): Promise<HnswVectorStore> {
    const store = new HnswVectorStore(options);
    await store.loadFromDirectory();
    return store;
  }

  /** Changes the query-time candidate list size (benchmarks sweep it). */
  setEfSearch(ef: number): void {
    this.efSearch = Math.max(1, Math.floor(ef));
  }

  /** Changes the candidate count up to which filtered queries are answered exactly. */
  setFlatSearchThreshold(threshold: number): void {
    this.flatSearchThreshold = Math.max(0, Math.floor(threshold));
  }

  protected override onPut(namespace: string, data: DenseNamespace, label: number, values: Float32Array): void {
    const graph = this.graph(namespace);
    const capacity = graph.getMaxElements();
    if (data.labelLimit > capacity) graph.resizeIndex(Math.max(data.labelLimit, capacity * 2));
    graph.addPoint(Array.from(values), label);
  }

  protected override onRemove(namespace: string, label: number): void {
    this.graphs.get(namespace)?.markDelete(label);
  }

  protected override onDropNamespace(namespace: string): void {
    this.graphs.delete(namespace);
  }

  protected search(
    namespace: string,
    data: DenseNamespace,
    query: Float32Array,
    k: number,
    candidates: Set<number> | null,
  ): LabelScore[] {
    const graph = this.graphs.get(namespace);
    if (!graph || (candidates && candidates.size <= this.flatSearchThreshold))
      return data.exactSearch(query, k, candidates);
    const want = Math.min(k, candidates ? candidates.size : data.size);
    graph.setEf(Math.max(this.efSearch, want));
    const result = candidates
      ? graph.searchKnn(Array.from(query), want, (label) => candidates.has(label))
      : graph.searchKnn(Array.from(query), want);
    if (result.neighbors.length < want) return data.exactSearch(query, k, candidates);
    const queryInverseNorm = inverseNorm(query);
    return result.neighbors
      .map((label) => ({ label, score: data.score(query, queryInverseNorm, label) }))
      .sort((a, b) => b.score - a.score || a.label - b.label);
  }

  protected override async saveExtra(namespace: string, _data: DenseNamespace, directory: string): Promise<void> {
    const graph = this.graphs.get(namespace);
    if (graph) await graph.writeIndex(join(directory, "hnsw.bin"));
  }

  protected override async loadExtra(namespace: string, data: DenseNamespace, directory: string): Promise<void> {
    const file = join(directory, "hnsw.bin");
    if (existsSync(file)) {
      const graph = new HierarchicalNSW(this.metric === "cosine" ? "cosine" : "ip", this.dimensions);
      await graph.readIndex(file, false);
      this.graphs.set(namespace, graph);
      return;
    }
    for (let label = 0; label < data.labelLimit; label++)
      if (data.hasLabel(label)) this.onPut(namespace, data, label, data.vectorAt(label));
  }

  private graph(namespace: string): HierarchicalNSW {
    let graph = this.graphs.get(namespace);
    if (!graph) {
      graph = new HierarchicalNSW(this.metric === "cosine" ? "cosine" : "ip", this.dimensions);
      graph.initIndex({
        maxElements: INITIAL_CAPACITY,
        m: this.m,
        efConstruction: this.efConstruction,
        randomSeed: this.randomSeed,
        allowReplaceDeleted: false,
      });
      this.graphs.set(namespace, graph);
    }
    return graph;
  }
}
