import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExactVectorStore } from "../../../core/vector/exact.vector-store";
import { HnswVectorStore } from "../../../core/vector/hnsw.vector-store";
import { LanceDbVectorStore } from "../../../core/vector/lancedb.vector-store";
import type { MetadataFilter } from "../../../core/vector/metadata-filter";
import { PineconeVectorStore } from "../../../core/vector/pinecone.vector-store";
import {
  VectorStoreError,
  type MetadataSchema,
  type VectorMetric,
  type VectorRecord,
  type VectorStore,
} from "../../../core/vector/vector-store";
import { startFakePinecone, type FakePinecone } from "../../support/fake-pinecone.server";
import { mulberry32 as random } from "../../../core/random";

const schema: MetadataSchema = {
  vertical: "string",
  storeIds: "string[]",
  categoryPath: "string[]",
  inStock: "boolean",
  price: "number",
};
const DIMS = 4;

interface Harness {
  store: VectorStore;
  cleanup(): Promise<void>;
}

type Opener = (metric: VectorMetric) => Promise<Harness>;

const openers: Record<string, Opener> = {
  exact: async (metric) => ({
    store: await ExactVectorStore.open({ dimensions: DIMS, metric, metadataSchema: schema }),
    cleanup: async () => {},
  }),
  // flatSearchThreshold 0 forces every filtered query through the graph walk with the filter callback.
  hnsw: async (metric) => ({
    store: await HnswVectorStore.open({ dimensions: DIMS, metric, metadataSchema: schema, flatSearchThreshold: 0 }),
    cleanup: async () => {},
  }),
  lancedb: async (metric) => {
    const directory = mkdtempSync(join(tmpdir(), "vector-contract-lance-"));
    const store = await LanceDbVectorStore.open({ dimensions: DIMS, metric, metadataSchema: schema, directory });
    return { store, cleanup: async () => rmSync(directory, { recursive: true, force: true }) };
  },
  pinecone: async (metric) => {
    const server: FakePinecone = await startFakePinecone({
      dimension: DIMS,
      metric: metric === "cosine" ? "cosine" : "dotproduct",
      apiKey: "test-key",
    });
    const store = new PineconeVectorStore({
      dimensions: DIMS,
      metric,
      metadataSchema: schema,
      apiKey: "test-key",
      indexHost: server.url,
      upsertBatchSize: 7,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
    return { store, cleanup: () => server.close() };
  },
};

const fixture: VectorRecord[] = [
  {
    id: "milk",
    values: [1, 0, 0, 0],
    metadata: {
      vertical: "grocery",
      storeIds: ["s1", "s2"],
      categoryPath: ["food", "food/dairy"],
      inStock: true,
      price: 2,
    },
  },
  {
    id: "bread",
    values: [0.9, 0.1, 0, 0],
    metadata: {
      vertical: "grocery",
      storeIds: ["s2"],
      categoryPath: ["food", "food/bakery"],
      inStock: false,
      price: 3.5,
    },
  },
  {
    id: "wine",
    values: [0, 1, 0, 0],
    metadata: {
      vertical: "alcohol",
      storeIds: ["s3"],
      categoryPath: ["drinks", "drinks/wine"],
      inStock: true,
      price: 15,
    },
  },
  {
    id: "beer",
    values: new Float32Array([0.7, 0.7, 0, 0]),
    metadata: {
      vertical: "alcohol",
      storeIds: ["s1"],
      categoryPath: ["drinks", "drinks/beer"],
      inStock: true,
      price: 2,
    },
  },
  {
    id: "roses",
    values: [0, 0, 1, 0],
    metadata: { vertical: "flowers", storeIds: [], categoryPath: ["gifts"], inStock: true },
  },
  { id: "mystery", values: [0, 0, 0, 1] },
];

describe.each(Object.keys(openers))("VectorStore contract: %s", (kind) => {
  let harness: Harness;
  let store: VectorStore;

  beforeAll(async () => {
    harness = await openers[kind]!("cosine");
    store = harness.store;
    await store.upsert("catalog-v1", fixture);
  });

  afterAll(async () => {
    await store.close();
    await harness.cleanup();
  });

  const ids = async (filter: MetadataFilter | undefined, vector: number[] = [1, 0.3, 0.2, 0.1], topK = 10) =>
    (await store.query("catalog-v1", { vector, topK, ...(filter ? { filter } : {}) })).map((match) => match.id);

  test("query ranks by cosine similarity, best first, with metadata", async () => {
    const matches = await store.query("catalog-v1", { vector: [1, 0, 0, 0], topK: 3 });
    expect(matches.map((m) => m.id)).toEqual(["milk", "bread", "beer"]);
    expect(matches[0]!.score).toBeCloseTo(1, 5);
    expect(matches[1]!.score).toBeCloseTo(0.9 / Math.hypot(0.9, 0.1), 5);
    expect(matches[2]!.score).toBeCloseTo(Math.SQRT1_2, 5);
    expect(matches[0]!.metadata).toEqual(fixture[0]!.metadata);
  });

  test("filters: implicit and explicit $eq, $in, $and, array contains, booleans, numbers", async () => {
    expect(await ids({ vertical: "grocery" })).toEqual(["bread", "milk"]);
    expect(await ids({ vertical: { $eq: "alcohol" } })).toEqual(["beer", "wine"]);
    expect(await ids({ storeIds: "s1" })).toEqual(["milk", "beer"]);
    expect(await ids({ storeIds: { $in: ["s3", "s2"] } })).toEqual(["bread", "milk", "wine"]);
    expect(await ids({ categoryPath: "drinks" })).toEqual(["beer", "wine"]);
    expect(await ids({ inStock: false })).toEqual(["bread"]);
    expect(await ids({ price: 2 })).toEqual(["milk", "beer"]);
    expect(await ids({ price: { $in: [3.5, 15] } })).toEqual(["bread", "wine"]);
    expect(await ids({ $and: [{ inStock: true }, { storeIds: { $in: ["s1", "s3"] } }] })).toEqual([
      "milk",
      "beer",
      "wine",
    ]);
    expect(await ids({ vertical: "alcohol", inStock: true, categoryPath: "drinks/wine" })).toEqual(["wine"]);
    expect(await ids({ vertical: "restaurants" })).toEqual([]);
    // A record without the field never matches, not even $in.
    expect(await ids({ vertical: { $in: ["grocery", "alcohol", "flowers"] } })).not.toContain("mystery");
  });

  test("fetch returns stored values and metadata; missing ids are left out", async () => {
    const records = await store.fetch("catalog-v1", ["beer", "nope", "roses"]);
    expect(records.map((r) => r.id)).toEqual(["beer", "roses"]);
    expect(Array.from(records[0]!.values)).toEqual(Array.from(new Float32Array([0.7, 0.7, 0, 0])));
    expect(records[1]!.metadata).toEqual({ vertical: "flowers", storeIds: [], categoryPath: ["gifts"], inStock: true });
  });

  test("upsert replaces by id, including its metadata in filters", async () => {
    await store.upsert("catalog-v1", [
      { id: "bread", values: [0, 0, 1, 0.1], metadata: { vertical: "grocery", storeIds: ["s9"], inStock: true } },
    ]);
    expect(await ids({ storeIds: "s2" })).toEqual(["milk"]);
    expect(await ids({ storeIds: "s9" })).toEqual(["bread"]);
    expect((await store.query("catalog-v1", { vector: [0, 0, 1, 0.1], topK: 1 }))[0]!.id).toBe("bread");
    await store.upsert("catalog-v1", [fixture[1]!]);
  });

  test("namespaces are isolated; delete and deleteNamespace; describe counts", async () => {
    await store.upsert("catalog-v2", [fixture[0]!, { ...fixture[2]!, id: "wine-2" }]);
    expect(await store.describe()).toMatchObject({
      dimensions: DIMS,
      namespaces: { "catalog-v1": { recordCount: 6 }, "catalog-v2": { recordCount: 2 } },
      totalRecordCount: 8,
    });
    expect((await store.query("catalog-v2", { vector: [0, 1, 0, 0], topK: 10 })).map((m) => m.id)).toEqual([
      "wine-2",
      "milk",
    ]);
    await store.delete("catalog-v2", ["wine-2", "never-there"]);
    expect((await store.fetch("catalog-v2", ["wine-2", "milk"])).map((r) => r.id)).toEqual(["milk"]);
    await store.deleteNamespace("catalog-v2");
    expect(await store.query("catalog-v2", { vector: [0, 1, 0, 0], topK: 10 })).toEqual([]);
    expect(await store.query("no-such-namespace", { vector: [0, 1, 0, 0], topK: 10 })).toEqual([]);
    const stats = await store.describe();
    expect(stats.namespaces).toEqual({ "catalog-v1": { recordCount: 6 } });
    expect(stats.totalRecordCount).toBe(6);
  });

  test("bad input is a BAD_INPUT error and stores nothing", async () => {
    const expectBad = async (call: () => Promise<unknown>, message: RegExp) => {
      const error = await call().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(VectorStoreError);
      expect((error as VectorStoreError).code).toBe("BAD_INPUT");
      expect((error as Error).message).toMatch(message);
    };
    await expectBad(
      () =>
        store.upsert("catalog-v1", [
          { id: "ok", values: [1, 0, 0, 0] },
          { id: "short", values: [1, 0] },
        ]),
      /records\[1\]\.values: expected 4 dimensions/,
    );
    await expectBad(
      () => store.upsert("catalog-v1", [{ id: "x", values: [1, 0, 0, 0], metadata: { colour: "red" } }]),
      /records\[0\]\.metadata\.colour: unknown metadata field/,
    );
    await expectBad(
      () => store.upsert("catalog-v1", [{ id: "x", values: [1, 0, 0, 0], metadata: { price: "cheap" } }]),
      /price: expected a number/,
    );
    await expectBad(() => store.upsert("catalog-v1", [{ id: "x", values: [0, 0, 0, 0] }]), /zero vector/);
    await expectBad(
      () => store.upsert("catalog-v1", [{ id: "x", values: [Number.NaN, 0, 0, 1] }]),
      /not a finite number/,
    );
    await expectBad(() => store.upsert("bad namespace!", [fixture[0]!]), /namespace/);
    await expectBad(() => store.query("catalog-v1", { vector: [1, 0, 0, 0], topK: 0 }), /topK/);
    await expectBad(() => store.query("catalog-v1", { vector: [1, 0, 0, 0], topK: 1001 }), /topK/);
    await expectBad(
      () =>
        store.query("catalog-v1", {
          vector: [1, 0, 0, 0],
          topK: 5,
          filter: { price: { $gt: 3 } } as unknown as MetadataFilter,
        }),
      /unsupported operator \$gt/,
    );
    await expectBad(
      () => store.query("catalog-v1", { vector: [1, 0, 0, 0], topK: 5, filter: { inStock: "yes" } }),
      /inStock: expected boolean/,
    );
    await expectBad(
      () => store.query("catalog-v1", { vector: [1, 0, 0, 0], topK: 5, filter: { colour: "red" } }),
      /colour: unknown metadata field/,
    );
    await expectBad(
      () =>
        store.fetch(
          "catalog-v1",
          Array.from({ length: 1001 }, (_, i) => `id-${i}`),
        ),
      /at most 1000/,
    );
    expect((await store.fetch("catalog-v1", ["ok", "short", "x"])).length).toBe(0);
    expect((await store.describe()).totalRecordCount).toBe(6);
  });

  test("a larger random set agrees with a brute-force oracle, filtered and not", async () => {
    const next = random(7);
    const verticals = ["grocery", "alcohol", "retail"];
    const records: VectorRecord[] = Array.from({ length: 400 }, (_, i) => ({
      id: `item-${i}`,
      values: Array.from({ length: DIMS }, () => next() * 2 - 1),
      metadata: { vertical: verticals[i % 3]!, storeIds: [`s${i % 5}`, `s${(i * 7) % 11}`], inStock: i % 4 !== 0 },
    }));
    await store.upsert("random", records);
    const cosine = (a: number[], b: number[]) =>
      a.reduce((sum, x, i) => sum + x * b[i]!, 0) / Math.hypot(...a) / Math.hypot(...b);
    const filters: (MetadataFilter | undefined)[] = [
      undefined,
      { vertical: "alcohol" },
      { storeIds: "s3", inStock: true },
      { $and: [{ vertical: { $in: ["grocery", "retail"] } }, { storeIds: { $in: ["s1", "s10"] } }] },
    ];
    for (const [q, filter] of filters.entries()) {
      const vector = Array.from({ length: DIMS }, () => next() * 2 - 1);
      const meta = (r: VectorRecord) => r.metadata!;
      const accepts = (r: VectorRecord) => {
        if (!filter) return true;
        if (q === 1) return meta(r).vertical === "alcohol";
        if (q === 2) return (meta(r).storeIds as string[]).includes("s3") && meta(r).inStock === true;
        return (
          ["grocery", "retail"].includes(meta(r).vertical as string) &&
          (meta(r).storeIds as string[]).some((s) => s === "s1" || s === "s10")
        );
      };
      const expected = records
        .filter(accepts)
        .map((r) => ({ id: r.id, score: cosine(vector, r.values as number[]) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 10);
      const actual = await store.query("random", { vector, topK: 10, ...(filter ? { filter } : {}) });
      expect(actual.map((m) => m.id)).toEqual(expected.map((e) => e.id));
      actual.forEach((match, i) => expect(match.score).toBeCloseTo(expected[i]!.score, 4));
    }
    await store.deleteNamespace("random");
  });

  test("dot metric scores by the raw dot product", async () => {
    const dot = await openers[kind]!("dot");
    try {
      await dot.store.upsert("dot", [
        { id: "long", values: [3, 0, 0, 0] },
        { id: "aligned", values: [1, 1, 0, 0] },
      ]);
      const matches = await dot.store.query("dot", { vector: [1, 0.5, 0, 0], topK: 2 });
      expect(matches.map((m) => m.id)).toEqual(["long", "aligned"]);
      expect(matches[0]!.score).toBeCloseTo(3, 5);
      expect(matches[1]!.score).toBeCloseTo(1.5, 5);
    } finally {
      await dot.store.close();
      await dot.cleanup();
    }
  });
});
