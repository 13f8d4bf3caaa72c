import { Pinecone, type Index, type RecordMetadata } from "@pinecone-database/pinecone";
import { compileFilter, type CompiledFilter } from "./metadata-filter";
import { cleanQuery, cleanRecords, validateIds, validateNamespace, validateSchema } from "./record-validation";
import { createRetryingFetch, type RetryListener, type RetryPolicy } from "./retrying-fetch";
import {
  VectorStoreError,
  type StoredVectorRecord,
  type VectorMatch,
  type VectorMetadata,
  type VectorMetric,
  type VectorQuery,
  type VectorRecord,
  type VectorStore,
  type VectorStoreOptions,
  type VectorStoreStats,
} from "./vector-store";

/** Options of {@link PineconeVectorStore}. */
export interface PineconeStoreOptions extends VectorStoreOptions {
  /** Pinecone API key (sent as `Api-Key`). */
  apiKey: string;
  /** Data-plane URL of the index, e.g. `https://idx-abc.svc.pinecone.io` or `http://127.0.0.1:5081`. */
  indexHost?: string;
  /** Index name; its host is resolved once through the control plane when `indexHost` is not given. */
  indexName?: string;
  /** Control-plane URL (default https://api.pinecone.io); pass `http://` explicitly for local servers. */
  controllerHostUrl?: string;
  /** Records per upsert request (Pinecone accepts at most 1000 and 2 MB). */
  upsertBatchSize?: number;
  /** Backoff on 429 and 5xx. */
  retry?: Partial<RetryPolicy>;
  /** Observes each retry. */
  onRetry?: RetryListener;
}

/** Default backoff: 5 retries from 250 ms, doubling, capped at 8 s. */
export const DEFAULT_PINECONE_RETRY: RetryPolicy = { maxRetries: 5, baseDelayMs: 250, maxDelayMs: 8000 };

/**
 * Pinecone adapter on the official SDK (v8). Namespaces map 1:1 (one per catalog version), filters are
 * sent in Pinecone's own syntax after the same validation as the embedded stores, upserts go in batches,
 * and 429/5xx responses are retried with exponential backoff by a fetch wrapper (the SDK's own retry is
 * turned off so there is one policy). Scores are Pinecone's: cosine similarity or dot product, which
 * must match the index metric.
 */
export class PineconeVectorStore implements VectorStore {
  readonly kind = "pinecone";
  private readonly index: Index<RecordMetadata>;
  private readonly metric: VectorMetric;
  private readonly batchSize: number;

  constructor(private readonly options: PineconeStoreOptions) {
    if (!options.apiKey) throw new VectorStoreError("BAD_INPUT", "Pinecone: apiKey is required");
    if (!options.indexHost && !options.indexName)
      throw new VectorStoreError("BAD_INPUT", "Pinecone: indexHost or indexName is required");
    validateSchema(options.metadataSchema);
    this.metric = options.metric ?? "cosine";
    this.batchSize = Math.min(1000, Math.max(1, options.upsertBatchSize ?? 100));
    const policy = { ...DEFAULT_PINECONE_RETRY, ...options.retry };
    const client = new Pinecone({
      apiKey: options.apiKey,
      ...(options.controllerHostUrl ? { controllerHostUrl: options.controllerHostUrl } : {}),
      maxRetries: 0,
      fetchApi: createRetryingFetch(policy, options.onRetry),
    });
    this.index = client.index({
      ...(options.indexName ? { name: options.indexName } : {}),
      ...(options.indexHost ? { host: options.indexHost } : {}),
    });
  }

  async upsert(namespace: string, records: readonly VectorRecord[]): Promise<void> {
    validateNamespace(namespace);
    const clean = cleanRecords(records, this.options.dimensions, this.metric, this.options.metadataSchema);
    const target = this.index.namespace(namespace);
    for (let start = 0; start < clean.length; start += this.batchSize) {
      const batch = clean.slice(start, start + this.batchSize).map((record) => ({
        id: record.id,
        values: Array.from(record.values),
        ...(Object.keys(record.metadata).length > 0 ? { metadata: record.metadata } : {}),
      }));
      await guard(`upsert of records ${start}-${start + batch.length - 1}`, () => target.upsert({ records: batch }));
    }
  }

  async query(namespace: string, query: VectorQuery): Promise<VectorMatch[]> {
    validateNamespace(namespace);
    const vector = cleanQuery(query, this.options.dimensions, this.metric);
    const filter = toPineconeFilter(compileFilter(query.filter, this.options.metadataSchema));
    const response = await guard("query", () =>
      this.index.namespace(namespace).query({
        vector: Array.from(vector),
        topK: query.topK,
        includeMetadata: true,
        includeValues: false,
        ...(filter ? { filter } : {}),
      }),
    );
    return response.matches.map((match) => ({
      id: match.id,
      score: match.score ?? 0,
      metadata: (match.metadata ?? {}) as VectorMetadata,
    }));
  }

  async fetch(namespace: string, ids: readonly string[]): Promise<StoredVectorRecord[]> {
    validateNamespace(namespace);
    validateIds(ids);
    if (ids.length === 0) return [];
    const unique = [...new Set(ids)];
    const response = await guard("fetch", () => this.index.namespace(namespace).fetch({ ids: unique }));
    return unique.flatMap((id) => {
      const record = response.records[id];
      if (!record) return [];
      return [
        { id, values: Float32Array.from(record.values ?? []), metadata: (record.metadata ?? {}) as VectorMetadata },
      ];
    });
  }

  async delete(namespace: string, ids: readonly string[]): Promise<void> {
    validateNamespace(namespace);
    validateIds(ids);
    if (ids.length === 0) return;
    await guard("delete", () => this.index.namespace(namespace).deleteMany({ ids: [...ids] }));
  }

  async deleteNamespace(namespace: string): Promise<void> {
    validateNamespace(namespace);
    await guard("delete of the namespace", () => this.index.namespace(namespace).deleteAll());
  }

  async describe(): Promise<VectorStoreStats> {
    const stats = await guard("describe_index_stats", () => this.index.describeIndexStats());
    const namespaces: VectorStoreStats["namespaces"] = {};
    let totalRecordCount = 0;
    for (const [name, summary] of Object.entries(stats.namespaces ?? {})) {
      if (summary.recordCount === 0) continue;
      namespaces[name] = { recordCount: summary.recordCount };
      totalRecordCount += summary.recordCount;
    }
    return {
      dimensions: stats.dimension ?? this.options.dimensions,
      metric: this.metric,
      namespaces,
      totalRecordCount,
    };
  }

  /** Pinecone persists every write itself. */
  async persist(): Promise<void> {}

  /** The SDK holds no sockets of its own (fetch keep-alive closes idle connections). */
  async close(): Promise<void> {}
}

/** The compiled filter in Pinecone syntax (`$eq` / `$in` terms, `$and` when several). */
export function toPineconeFilter(filter: CompiledFilter): object | undefined {
  const terms = filter.terms.map((term) => ({
    [term.field]: term.values.length === 1 ? { $eq: term.values[0] } : { $in: term.values },
  }));
  if (terms.length === 0) return undefined;
  return terms.length === 1 ? terms[0] : { $and: terms };
}

/** Runs an SDK call, turning its failures into UNAVAILABLE errors that name the operation. */
async function guard<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new VectorStoreError(
      "UNAVAILABLE",
      `Pinecone ${operation} failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
