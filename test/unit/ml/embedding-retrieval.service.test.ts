import type { ProductDocument } from "../../../core/documents/product.document";
import { ExactVectorStore } from "../../../core/vector/exact.vector-store";
import { EmbeddingRetrievalService } from "../../../ml/embeddings/embedding-retrieval.service";
import { ITEM_METADATA_SCHEMA, itemMetadata } from "../../../ml/embeddings/item-index.schema";
import { RetrievalModels } from "../../../ml/embeddings/retrieval-models";
import type { UserHistorySource } from "../../../ml/embeddings/user-history.source";
import { TextEncoder } from "../../../ml/text-encoder/text-encoder.model";
import { FeatureVocabulary } from "../../../ml/two-tower/item-features";
import { TwoTowerModel } from "../../../ml/two-tower/two-tower.model";
import { DEFAULT_POOLING } from "../../../ml/two-tower/user-state.builder";

const NAMES: Record<string, string> = { a: "Crunchy Apple Chips", b: "Sparkling Mineral Water", c: "Hoppy Pale Ale" };
const product = (id: string, vertical: "GROCERY" | "ALCOHOL"): ProductDocument => ({
  _id: id,
  name: NAMES[id]!,
  vertical,
  categoryId: "c",
  categoryPath: ["root", "c"],
  price: 5,
  currency: "USD",
  tags: [],
  source: "test",
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

describe("EmbeddingRetrievalService", () => {
  it("embeds a user once (LRU), retrieves by dot product with metadata filters, and returns [] for unknown users", async () => {
    const products = [product("a", "GROCERY"), product("b", "GROCERY"), product("c", "ALCOHOL")];
    const vocabulary = FeatureVocabulary.fromProducts(products);
    const encoder = TextEncoder.initialize({ buckets: 4096, dims: 16 }, 1);
    const shape = { dims: 8, items: 3, features: vocabulary.size, textDims: 16, numeric: 4 };
    const model = TwoTowerModel.initialize(shape, 1);
    const header = {
      kind: "two-tower" as const,
      shape,
      itemIds: ["a", "b", "c"],
      featureTokens: [...vocabulary.tokens],
      textEncoderVersion: "t",
      pooling: DEFAULT_POOLING,
      itemCounts: [1, 1, 1],
      createdAt: "",
      metrics: {},
    };
    const models = new RetrievalModels({ version: "t", encoder }, { version: "m", header, model }, null);
    const towerStore = await ExactVectorStore.open({
      dimensions: 8,
      metric: "dot",
      metadataSchema: ITEM_METADATA_SCHEMA,
    });
    const textStore = await ExactVectorStore.open({
      dimensions: 16,
      metric: "cosine",
      metadataSchema: ITEM_METADATA_SCHEMA,
    });
    const categories = new Map([["c", "Snacks"]]);
    for (const p of products) {
      const text = models.productTextVector(p, categories)!;
      await textStore.upsert("catalog-v1", [{ id: p._id, values: text, metadata: itemMetadata(p, null) }]);
      await towerStore.upsert("catalog-v1", [
        { id: p._id, values: models.itemEmbedding(p, text)!, metadata: itemMetadata(p, null) },
      ]);
    }
    let reads = 0;
    const history: UserHistorySource = {
      async recentOrders(userId) {
        reads += 1;
        return userId === "u1" ? [{ placedAt: new Date(0), productIds: ["a", "c"] }] : [];
      },
      async summary() {
        return "likes snacks";
      },
    };
    const service = new EmbeddingRetrievalService({
      models,
      twoTowerStore: towerStore,
      textStore,
      namespace: "catalog-v1",
      history,
      now: () => new Date(86_400_000),
    });
    expect(service.ready).toBe(true);
    const all = await service.retrieveForUser("u1", 3);
    expect(all.map((m) => m.id).sort()).toEqual(["a", "b", "c"]);
    const user = (await service.embedUser("u1"))!;
    const expected = all.map((m) => m.score);
    expect([...expected].sort((x, y) => y - x)).toEqual(expected);
    expect(Math.hypot(...user)).toBeCloseTo(1, 5);
    const grocery = await service.retrieveForUser("u1", 3, { vertical: "GROCERY" });
    expect(grocery.map((m) => m.id).sort()).toEqual(["a", "b"]);
    expect(reads).toBe(1);
    service.invalidateUser("u1");
    await service.embedUser("u1");
    expect(reads).toBe(2);
    expect(await service.retrieveForUser("nobody", 3)).toEqual([]);
    expect((await service.searchText("apple chips", 1))[0]?.id).toBe("a");
    expect(await service.searchText("!!!", 1)).toEqual([]);
    await towerStore.close();
    await textStore.close();
  });
});
