import { PineconeVectorStore } from "../../../core/vector/pinecone.vector-store";
import { VectorStoreError, type MetadataSchema, type VectorRecord } from "../../../core/vector/vector-store";
import { startFakePinecone, type FakePinecone } from "../../support/fake-pinecone.server";

const schema: MetadataSchema = { vertical: "string", storeIds: "string[]" };
const records: VectorRecord[] = Array.from({ length: 25 }, (_, i) => ({
  id: `p${i}`,
  values: [1, i + 1, 0],
  metadata: { vertical: i % 2 ? "grocery" : "retail", storeIds: [`s${i % 3}`] },
}));

describe("Pinecone adapter against the local fake", () => {
  let server: FakePinecone;
  const retries: (number | "network")[] = [];
  const open = (overrides: Partial<ConstructorParameters<typeof PineconeVectorStore>[0]> = {}) =>
    new PineconeVectorStore({
      dimensions: 3,
      metadataSchema: schema,
      apiKey: "secret",
      indexHost: server.url,
      upsertBatchSize: 10,
      retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 20 },
      onRetry: (event) => retries.push(event.status),
      ...overrides,
    });

  beforeEach(async () => {
    server = await startFakePinecone({ dimension: 3, apiKey: "secret", indexName: "items" });
    retries.length = 0;
  });
  afterEach(() => server.close());

  test("upserts in batches over the SDK's data-plane paths with the API key and version headers", async () => {
    await open().upsert("catalog-v3", records);
    const upserts = server.requests.filter((r) => r.path === "/vectors/upsert");
    expect(upserts).toHaveLength(3);
    expect(upserts[0]!.headers["api-key"]).toBe("secret");
    expect(upserts[0]!.headers["x-pinecone-api-version"]).toMatch(/^\d{4}-\d{2}$/);
    expect(server.count("catalog-v3")).toBe(25);
  });

  test("429 and 5xx are retried with backoff, honouring Retry-After, until the batch lands", async () => {
    const store = open();
    server.injectFault({ status: 429, times: 1, path: "/vectors/upsert", retryAfterSeconds: 0 });
    server.injectFault({ status: 503, times: 1, path: "/vectors/upsert" });
    await store.upsert("catalog-v3", records.slice(0, 10));
    expect(retries).toEqual([429, 503]);
    expect(server.count("catalog-v3")).toBe(10);
    server.injectFault({ status: 500, times: 2, path: "/query" });
    const matches = await store.query("catalog-v3", {
      vector: [1, 10, 0],
      topK: 2,
      filter: { vertical: "grocery", storeIds: { $in: ["s0", "s2"] } },
    });
    expect(matches.map((m) => m.id)).toEqual(["p9", "p5"]);
    expect(retries).toEqual([429, 503, 500, 500]);
  });

  test("exhausted retries surface as UNAVAILABLE naming the batch; earlier batches stay stored", async () => {
    const store = open();
    // Batch 1 lands; batch 2 fails 4 times in a row (1 try + 3 retries).
    await store.upsert("catalog-v3", records.slice(0, 10));
    server.injectFault({ status: 500, times: 4, path: "/vectors/upsert" });
    const error = await store.upsert("catalog-v3", records.slice(10, 20)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VectorStoreError);
    expect((error as VectorStoreError).code).toBe("UNAVAILABLE");
    expect((error as Error).message).toMatch(/upsert of records 0-9 failed/);
    expect(server.count("catalog-v3")).toBe(10);
  });

  test("a 4xx is not retried", async () => {
    const error = await open({ apiKey: "wrong" })
      .describe()
      .catch((caught: unknown) => caught);
    expect((error as VectorStoreError).code).toBe("UNAVAILABLE");
    expect(retries).toEqual([]);
    expect(server.requests.filter((r) => r.path === "/describe_index_stats")).toHaveLength(1);
  });

  test("an index name is resolved to its host once through an http:// control plane", async () => {
    const store = open({ indexHost: undefined, indexName: "items", controllerHostUrl: server.url });
    await store.upsert("catalog-v4", records.slice(0, 3));
    await store.fetch("catalog-v4", ["p1"]);
    expect(server.requests.filter((r) => r.path === "/indexes/items")).toHaveLength(1);
    expect(await store.describe()).toEqual({
      dimensions: 3,
      metric: "cosine",
      namespaces: { "catalog-v4": { recordCount: 3 } },
      totalRecordCount: 3,
    });
  });
});
