import { z } from "zod";

/**
 * Environment variables of the vector layer; core/config.ts merges this shape into `configSchema`
 * (`configSchema.extend(vectorStoreConfigShape)`), and {@link vectorStoreConfigSchema} checks the
 * cross-field rule (pinecone needs a key and an index).
 */
export const vectorStoreConfigShape = {
  /** Which VectorStore serves queries: hnsw (embedded default, chosen by bench/ann), exact, lancedb or pinecone. */
  VECTOR_STORE: z.enum(["exact", "hnsw", "lancedb", "pinecone"]).default("hnsw"),
  /** HNSW graph degree M. */
  VECTOR_HNSW_M: z.coerce.number().int().min(4).max(96).default(16),
  /** HNSW efConstruction (build-time candidate list). */
  VECTOR_HNSW_EF_CONSTRUCTION: z.coerce.number().int().min(10).max(2000).default(200),
  /** HNSW efSearch (query-time candidate list). */
  VECTOR_HNSW_EF_SEARCH: z.coerce.number().int().min(10).max(2000).default(64),
  /** Filters matching at most this many records are answered by an exact scan of the candidates. */
  VECTOR_FLAT_SEARCH_THRESHOLD: z.coerce.number().int().min(0).max(10_000_000).default(10_000),
  /** LanceDB IVF partitions probed per query (when a vector index exists). */
  VECTOR_LANCEDB_NPROBES: z.coerce.number().int().min(1).max(10_000).default(32),
  /** LanceDB PQ re-rank factor (when a vector index exists). */
  VECTOR_LANCEDB_REFINE_FACTOR: z.coerce.number().int().min(1).max(100).default(10),
  /** Pinecone API key (required when VECTOR_STORE=pinecone). */
  PINECONE_API_KEY: z.string().min(1).optional(),
  /** Pinecone index name, resolved to a host through the control plane once. */
  PINECONE_INDEX_NAME: z.string().min(1).optional(),
  /** Pinecone index data-plane URL; skips the control-plane lookup (http:// allowed for local servers). */
  PINECONE_INDEX_HOST: z.string().url().optional(),
  /** Pinecone control-plane URL (default https://api.pinecone.io). */
  PINECONE_CONTROLLER_HOST: z.string().url().optional(),
  /** Records per Pinecone upsert request. */
  PINECONE_UPSERT_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  /** Retries on 429/5xx with exponential backoff. */
  PINECONE_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(5),
};

/** The vector variables alone, with the pinecone rule; usable standalone or after merging. */
export const vectorStoreConfigSchema = z.object(vectorStoreConfigShape).superRefine((config, context) => {
  if (config.VECTOR_STORE !== "pinecone") return;
  if (!config.PINECONE_API_KEY)
    context.addIssue({ code: "custom", path: ["PINECONE_API_KEY"], message: "required when VECTOR_STORE=pinecone" });
  if (!config.PINECONE_INDEX_HOST && !config.PINECONE_INDEX_NAME) {
    context.addIssue({
      code: "custom",
      path: ["PINECONE_INDEX_HOST"],
      message: "PINECONE_INDEX_HOST or PINECONE_INDEX_NAME is required when VECTOR_STORE=pinecone",
    });
  }
});

/** Validated vector-store settings. */
export type VectorStoreConfig = z.infer<typeof vectorStoreConfigSchema>;
