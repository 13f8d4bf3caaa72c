import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { vectorStoreConfigSchema } from "../../../core/vector/vector-store.config";
import { createVectorStore } from "../../../core/vector/vector-store.factory";

describe("vector store configuration", () => {
  test("defaults to the embedded HNSW store with the benchmarked parameters", () => {
    const config = vectorStoreConfigSchema.parse({});
    expect(config).toMatchObject({
      VECTOR_STORE: "hnsw",
      VECTOR_HNSW_M: 16,
      VECTOR_HNSW_EF_CONSTRUCTION: 200,
      VECTOR_HNSW_EF_SEARCH: 64,
      VECTOR_FLAT_SEARCH_THRESHOLD: 10000,
    });
  });

  test("pinecone needs a key and an index host or name", () => {
    const result = vectorStoreConfigSchema.safeParse({ VECTOR_STORE: "pinecone" });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path[0]).sort()).toEqual([
      "PINECONE_API_KEY",
      "PINECONE_INDEX_HOST",
    ]);
    expect(
      vectorStoreConfigSchema.safeParse({
        VECTOR_STORE: "pinecone",
        PINECONE_API_KEY: "k",
        PINECONE_INDEX_HOST: "http://127.0.0.1:5081",
      }).success,
    ).toBe(true);
    expect(vectorStoreConfigSchema.safeParse({ VECTOR_STORE: "faiss" }).success).toBe(false);
  });

  test.each(["exact", "hnsw", "lancedb", "pinecone"] as const)("the factory opens %s by name", async (name) => {
    const dataDir = mkdtempSync(join(tmpdir(), "vector-factory-"));
    try {
      const config = vectorStoreConfigSchema.parse({
        VECTOR_STORE: name,
        PINECONE_API_KEY: "k",
        PINECONE_INDEX_HOST: "http://127.0.0.1:9",
      });
      const store = await createVectorStore({
        config,
        dataDir,
        name: "items",
        dimensions: 8,
        metadataSchema: { vertical: "string" },
      });
      expect(store.kind).toBe(name);
      await store.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
