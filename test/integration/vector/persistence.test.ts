import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExactVectorStore } from "../../../core/vector/exact.vector-store";
import { HnswVectorStore } from "../../../core/vector/hnsw.vector-store";
import { LanceDbVectorStore } from "../../../core/vector/lancedb.vector-store";
import {
  VectorStoreError,
  type MetadataSchema,
  type VectorRecord,
  type VectorStore,
  type VectorStoreOptions,
} from "../../../core/vector/vector-store";

const schema: MetadataSchema = { vertical: "string", inStock: "boolean" };
const records: VectorRecord[] = Array.from({ length: 60 }, (_, i) => ({
  id: `r${i}`,
  values: [Math.cos(i), Math.sin(i), (i % 7) / 7],
  metadata: { vertical: i % 2 ? "grocery" : "retail", inStock: i % 3 !== 0 },
}));
const openers: Record<string, (options: VectorStoreOptions & { directory: string }) => Promise<VectorStore>> = {
  exact: (options) => ExactVectorStore.open(options),
  hnsw: (options) => HnswVectorStore.open({ ...options, flatSearchThreshold: 0 }),
  lancedb: (options) => LanceDbVectorStore.open(options),
};

describe.each(Object.keys(openers))("%s persists to its directory", (kind) => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), `vector-persist-${kind}-`));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  test("what was saved answers the same queries after reopening, deletes included", async () => {
    const first = await openers[kind]!({ dimensions: 3, metadataSchema: schema, directory });
    await first.upsert("catalog-v1", records);
    await first.upsert("catalog-v2", records.slice(0, 5));
    await first.delete("catalog-v1", ["r1", "r2"]);
    await first.upsert("catalog-v1", [{ id: "r3", values: [0, 0, 1], metadata: { vertical: "flowers" } }]);
    await first.deleteNamespace("catalog-v2");
    const query = { vector: [1, 0.2, 0.1], topK: 5, filter: { vertical: "grocery", inStock: true } };
    const before = await first.query("catalog-v1", query);
    await first.persist();
    await first.close();

    const second = await openers[kind]!({ dimensions: 3, metadataSchema: schema, directory });
    expect(await second.describe()).toMatchObject({
      namespaces: { "catalog-v1": { recordCount: 58 } },
      totalRecordCount: 58,
    });
    expect(await second.query("catalog-v1", query)).toEqual(before);
    expect((await second.fetch("catalog-v1", ["r1", "r3"])).map((r) => [r.id, r.metadata])).toEqual([
      ["r3", { vertical: "flowers" }],
    ]);
    // A reused slot after reopening must not resurrect the deleted record.
    await second.upsert("catalog-v1", [
      { id: "new", values: [1, 0.2, 0.1], metadata: { vertical: "grocery", inStock: true } },
    ]);
    expect((await second.query("catalog-v1", query))[0]!.id).toBe("new");
    await second.close();
  });

  if (kind !== "lancedb") {
    test("a directory of other dimensions is refused", async () => {
      const first = await openers[kind]!({ dimensions: 3, metadataSchema: schema, directory });
      await first.upsert("catalog-v1", records.slice(0, 2));
      await first.persist();
      await expect(openers[kind]!({ dimensions: 4, metadataSchema: schema, directory })).rejects.toThrow(
        VectorStoreError,
      );
    });
  }
});
