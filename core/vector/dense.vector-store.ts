import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DenseNamespace, type LabelScore } from "./dense-namespace";
import { compileFilter, type CompiledFilter } from "./metadata-filter";
import { cleanQuery, cleanRecords, validateIds, validateNamespace, validateSchema } from "./record-validation";
import {
  VectorStoreError,
  type MetadataSchema,
  type StoredVectorRecord,
  type VectorMatch,
  type VectorMetric,
  type VectorQuery,
  type VectorRecord,
  type VectorStore,
  type VectorStoreOptions,
  type VectorStoreStats,
} from "./vector-store";

/** Options of the in-process stores (exact, hnsw). */
export interface DenseStoreOptions extends VectorStoreOptions {
  /** Folder to persist to and load from (e.g. `$DATA_DIR/vectors/hnsw`); none = memory only. */
  directory?: string;
}

interface Manifest {
  kind: string;
  dimensions: number;
  metric: VectorMetric;
  namespaces: string[];
}

/**
 * Shared machinery of the in-process stores: validation, namespaces of {@link DenseNamespace},
 * persistence to a directory. Subclasses decide how a (filtered) top-k is searched.
 */
export abstract class DenseVectorStore implements VectorStore {
  abstract readonly kind: string;
  protected readonly namespaces = new Map<string, DenseNamespace>();
  protected readonly dimensions: number;
  protected readonly metric: VectorMetric;
  protected readonly schema: MetadataSchema;
  private readonly deletedNamespaces = new Set<string>();

  protected constructor(protected readonly options: DenseStoreOptions) {
    if (!Number.isInteger(options.dimensions) || options.dimensions < 1 || options.dimensions > 4096) {
      throw new VectorStoreError("BAD_INPUT", `dimensions: an integer from 1 to 4096, got ${options.dimensions}`);
    }
    validateSchema(options.metadataSchema);
    this.dimensions = options.dimensions;
    this.metric = options.metric ?? "cosine";
    this.schema = options.metadataSchema;
  }

  /** Top-k labels of a namespace among `candidates` (null = all); `filter` is the compiled filter. */
  protected abstract search(
    namespace: string,
    data: DenseNamespace,
    query: Float32Array,
    k: number,
    candidates: Set<number> | null,
    filter: CompiledFilter,
  ): LabelScore[];

  /** Called after a record was stored at `label`. */
  protected onPut(_namespace: string, _data: DenseNamespace, _label: number, _values: Float32Array): void {}

  /** Called after the record at `label` was removed. */
  protected onRemove(_namespace: string, _label: number): void {}

  /** Called when a namespace is dropped. */
  protected onDropNamespace(_namespace: string): void {}

  /** Writes extra per-namespace files (e.g. the HNSW graph). */
  protected async saveExtra(_namespace: string, _data: DenseNamespace, _directory: string): Promise<void> {}

  /** Reads extra per-namespace files written by {@link saveExtra}. */
  protected async loadExtra(_namespace: string, _data: DenseNamespace, _directory: string): Promise<void> {}

  async upsert(namespace: string, records: readonly VectorRecord[]): Promise<void> {
    validateNamespace(namespace);
    const clean = cleanRecords(records, this.dimensions, this.metric, this.schema);
    if (clean.length === 0) return;
    const data = this.namespaceData(namespace, true)!;
    for (const record of clean) {
      const label = data.put(record);
      this.onPut(namespace, data, label, record.values);
    }
  }

  async query(namespace: string, query: VectorQuery): Promise<VectorMatch[]> {
    validateNamespace(namespace);
    const vector = cleanQuery(query, this.dimensions, this.metric);
    const filter = compileFilter(query.filter, this.schema);
    const data = this.namespaces.get(namespace);
    if (!data || data.size === 0) return [];
    const candidates = data.candidates(filter);
    if (candidates && candidates.size === 0) return [];
    const hits = this.search(namespace, data, vector, query.topK, candidates, filter);
    return hits.map(({ label, score }) => ({
      id: data.idAt(label),
      score,
      metadata: structuredClone(data.metadataAt(label)),
    }));
  }

  async fetch(namespace: string, ids: readonly string[]): Promise<StoredVectorRecord[]> {
    validateNamespace(namespace);
    validateIds(ids);
    const data = this.namespaces.get(namespace);
    if (!data) return [];
    const records: StoredVectorRecord[] = [];
    for (const id of new Set(ids)) {
      const label = data.labelOf(id);
      if (label !== undefined) records.push(data.recordAt(label));
    }
    return records;
  }

  async delete(namespace: string, ids: readonly string[]): Promise<void> {
    validateNamespace(namespace);
    validateIds(ids);
    const data = this.namespaces.get(namespace);
    if (!data) return;
    for (const id of ids) {
      const label = data.remove(id);
      if (label !== undefined) this.onRemove(namespace, label);
    }
  }

  async deleteNamespace(namespace: string): Promise<void> {
    validateNamespace(namespace);
    if (this.namespaces.delete(namespace)) this.onDropNamespace(namespace);
    this.deletedNamespaces.add(namespace);
  }

  async describe(): Promise<VectorStoreStats> {
    const namespaces: VectorStoreStats["namespaces"] = {};
    let totalRecordCount = 0;
    for (const [name, data] of this.namespaces) {
      if (data.size === 0) continue;
      namespaces[name] = { recordCount: data.size };
      totalRecordCount += data.size;
    }
    return { dimensions: this.dimensions, metric: this.metric, namespaces, totalRecordCount };
  }

  /** Saves every namespace under the directory (one folder each) plus a manifest. */
  async persist(): Promise<void> {
    const directory = this.options.directory;
    if (!directory) return;
    await mkdir(directory, { recursive: true });
    for (const namespace of this.deletedNamespaces) {
      if (!this.namespaces.has(namespace)) await rm(join(directory, namespace), { recursive: true, force: true });
    }
    this.deletedNamespaces.clear();
    for (const [namespace, data] of this.namespaces) {
      const folder = join(directory, namespace);
      await data.save(folder);
      await this.saveExtra(namespace, data, folder);
    }
    const manifest: Manifest = {
      kind: this.kind,
      dimensions: this.dimensions,
      metric: this.metric,
      namespaces: [...this.namespaces.keys()],
    };
    await writeFile(join(directory, "manifest.json"), JSON.stringify(manifest, null, 2));
  }

  /** Loads what {@link persist} wrote, if anything; refuses a directory of other dimensions or metric. */
  protected async loadFromDirectory(): Promise<void> {
    const directory = this.options.directory;
    if (!directory || !existsSync(join(directory, "manifest.json"))) return;
    const manifest = JSON.parse(await readFile(join(directory, "manifest.json"), "utf8")) as Manifest;
    if (manifest.dimensions !== this.dimensions || manifest.metric !== this.metric) {
      throw new VectorStoreError(
        "BAD_INPUT",
        `${directory} holds ${manifest.dimensions}-dimensional ${manifest.metric} vectors, not ${this.dimensions}-dimensional ${this.metric}`,
      );
    }
    const folders = new Set(await readdir(directory));
    for (const namespace of manifest.namespaces) {
      if (!folders.has(namespace)) continue;
      const folder = join(directory, namespace);
      const data = await DenseNamespace.load(folder, this.dimensions, this.metric);
      this.namespaces.set(namespace, data);
      await this.loadExtra(namespace, data, folder);
    }
  }

  async close(): Promise<void> {
    this.namespaces.clear();
  }

  /** Records of a namespace, created on demand when `create`. */
  protected namespaceData(namespace: string, create: boolean): DenseNamespace | undefined {
    let data = this.namespaces.get(namespace);
    if (!data && create) {
      data = new DenseNamespace(this.dimensions, this.metric);
      this.namespaces.set(namespace, data);
      this.deletedNamespaces.delete(namespace);
    }
    return data;
  }
}
