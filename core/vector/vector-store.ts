import type { MetadataFilter } from "./metadata-filter";
import type { MetadataFieldType, MetadataSchema, MetadataValue, VectorMetadata } from "./vector-metadata";
import { VectorStoreError, type VectorStoreErrorCode } from "./vector-store.error";

export type { MetadataFieldType, MetadataSchema, MetadataValue, VectorMetadata, VectorStoreErrorCode };
export { VectorStoreError };

/**
 * How `score` is computed: `cosine` = cosine similarity in [-1, 1]; `dot` = raw dot product.
 * Higher is always more similar; results come sorted by score, descending.
 */
export type VectorMetric = "cosine" | "dot";

/** A vector with its id and metadata, as upserted and fetched. */
export interface VectorRecord {
  /** Unique within a namespace; 1–512 characters. */
  id: string;
  /** Exactly `dimensions` finite numbers (non-zero norm for cosine). */
  values: Float32Array | number[];
  /** Filterable attributes (see {@link MetadataSchema}). */
  metadata?: VectorMetadata;
}

/** A fetched record: values always come back as a Float32Array. */
export interface StoredVectorRecord {
  /** Record id. */
  id: string;
  /** The vector as upserted (not normalized). */
  values: Float32Array;
  /** Metadata as upserted, absent fields left out. */
  metadata: VectorMetadata;
}

/** A top-K query. */
export interface VectorQuery {
  /** Query vector, `dimensions` long. */
  vector: Float32Array | number[];
  /** How many matches at most, 1..{@link MAX_TOP_K}. */
  topK: number;
  /** Metadata filter (Pinecone syntax subset); only matching records are returned. */
  filter?: MetadataFilter;
}

/** One query result. */
export interface VectorMatch {
  /** Record id. */
  id: string;
  /** Similarity under the store's {@link VectorMetric}; higher is closer. */
  score: number;
  /** The record's metadata. */
  metadata: VectorMetadata;
}

/** Counts reported by {@link VectorStore.describe}. */
export interface VectorStoreStats {
  /** Vector length of every record. */
  dimensions: number;
  /** Score definition. */
  metric: VectorMetric;
  /** Record count per non-empty namespace. */
  namespaces: Record<string, { recordCount: number }>;
  /** Sum over namespaces. */
  totalRecordCount: number;
}

/** What every store is built with: the same options give the same semantics everywhere. */
export interface VectorStoreOptions {
  /** Vector length. */
  dimensions: number;
  /** Score definition (default cosine). */
  metric?: VectorMetric;
  /** Filterable metadata fields. */
  metadataSchema: MetadataSchema;
}

/** Largest `topK` a query may ask for. */
export const MAX_TOP_K = 1000;
/** Most ids one fetch or delete call may name. */
export const MAX_IDS_PER_CALL = 1000;

/**
 * A vector index with metadata filters and namespaces (one namespace per catalog version, say).
 * Implementations: exact, hnsw, lancedb (embedded) and pinecone; a shared contract test holds them to
 * the same behaviour. Bad input throws {@link VectorStoreError} with code BAD_INPUT and stores nothing.
 */
export interface VectorStore {
  /** Implementation name, e.g. `hnsw`. */
  readonly kind: string;
  /** Inserts or replaces records by id (batched internally); the whole call is validated first. */
  upsert(namespace: string, records: readonly VectorRecord[]): Promise<void>;
  /** The `topK` closest records that match `filter`, best first. Unknown namespace → []. */
  query(namespace: string, query: VectorQuery): Promise<VectorMatch[]>;
  /** Records by id; missing ids are left out. */
  fetch(namespace: string, ids: readonly string[]): Promise<StoredVectorRecord[]>;
  /** Deletes records by id; missing ids are ignored. */
  delete(namespace: string, ids: readonly string[]): Promise<void>;
  /** Deletes every record of a namespace. */
  deleteNamespace(namespace: string): Promise<void>;
  /** Dimensions, metric and record counts. */
  describe(): Promise<VectorStoreStats>;
  /** Writes in-memory state to disk (embedded stores with a directory); a no-op elsewhere. */
  persist(): Promise<void>;
  /** Releases files, sockets and native memory. */
  close(): Promise<void>;
}

/** The namespace holding the vectors of one catalog version, e.g. `catalog-v12`. */
export function namespaceForCatalogVersion(version: string | number): string {
  return `catalog-v${String(version)}`;
}
