import { join } from "node:path";
import { ExactVectorStore } from "./exact.vector-store";
import { HnswVectorStore } from "./hnsw.vector-store";
import type { VectorStoreConfig } from "./vector-store.config";
import { VectorStoreError, type VectorStore, type VectorStoreOptions } from "./vector-store";

/** What {@link createVectorStore} needs besides the dimensions and schema. */
export interface VectorStoreFactoryInput extends VectorStoreOptions {
  /** Validated VECTOR_* / PINECONE_* settings. */
  config: VectorStoreConfig;
  /** DATA_DIR; embedded stores live under `<dataDir>/vectors/<kind>/<name>`. */
  dataDir: string;
  /** Which index (e.g. `items`, `queries`): one folder (embedded) per name. */
  name: string;
}

/**
 * Where an embedded store keeps index `name`, relative to DATA_DIR (`vectors/<kind>/<name>`), or null
 * for Pinecone, whose indexes live in the service.
 */
export function embeddedIndexFolder(config: Pick<VectorStoreConfig, "VECTOR_STORE">, name: string): string | null {
  return config.VECTOR_STORE === "pinecone" ? null : ["vectors", config.VECTOR_STORE, name].join("/");
}

/**
 * Opens the store VECTOR_STORE names; embedded ones load what they persisted before. The LanceDB and
 * Pinecone adapters are loaded only when chosen: their client libraries take about a second to load,
 * which every (re)start of a serving process would otherwise pay.
 */
export async function createVectorStore(input: VectorStoreFactoryInput): Promise<VectorStore> {
  const { config, dataDir, name, ...options } = input;
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(name))
    throw new VectorStoreError(
      "BAD_INPUT",
      `vector store name ${JSON.stringify(name)}: lowercase letters, digits, _ and -`,
    );
  const directory = (kind: string) => join(dataDir, "vectors", kind, name);
  switch (config.VECTOR_STORE) {
    case "exact":
      return ExactVectorStore.open({ ...options, directory: directory("exact") });
    case "hnsw":
      return HnswVectorStore.open({
        ...options,
        directory: directory("hnsw"),
        m: config.VECTOR_HNSW_M,
        efConstruction: config.VECTOR_HNSW_EF_CONSTRUCTION,
        efSearch: config.VECTOR_HNSW_EF_SEARCH,
        flatSearchThreshold: config.VECTOR_FLAT_SEARCH_THRESHOLD,
      });
    case "lancedb": {
      const { LanceDbVectorStore } = await import("./lancedb.vector-store");
      return LanceDbVectorStore.open({
        ...options,
        directory: directory("lancedb"),
        nprobes: config.VECTOR_LANCEDB_NPROBES,
        refineFactor: config.VECTOR_LANCEDB_REFINE_FACTOR,
      });
    }
    case "pinecone": {
      if (!config.PINECONE_API_KEY)
        throw new VectorStoreError("BAD_INPUT", "PINECONE_API_KEY is required when VECTOR_STORE=pinecone");
      const { PineconeVectorStore } = await import("./pinecone.vector-store");
      return new PineconeVectorStore({
        ...options,
        apiKey: config.PINECONE_API_KEY,
        ...(config.PINECONE_INDEX_HOST ? { indexHost: config.PINECONE_INDEX_HOST } : {}),
        ...(config.PINECONE_INDEX_NAME ? { indexName: config.PINECONE_INDEX_NAME } : {}),
        ...(config.PINECONE_CONTROLLER_HOST ? { controllerHostUrl: config.PINECONE_CONTROLLER_HOST } : {}),
        upsertBatchSize: config.PINECONE_UPSERT_BATCH_SIZE,
        retry: { maxRetries: config.PINECONE_MAX_RETRIES },
      });
    }
  }
}
