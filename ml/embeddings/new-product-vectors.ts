import type { Db } from "mongodb";
import { COLLECTIONS } from "../../core/documents/collections";
import type { ProductDocument } from "../../core/documents/product.document";
import { MAX_IDS_PER_CALL, type VectorRecord, type VectorStore } from "../../core/vector/vector-store";
import { formatSemanticId } from "../semantic-ids/semantic-id";
import type { SemanticIdIndex } from "../semantic-ids/semantic-id.index";
import { itemMetadata } from "./item-index.schema";
import type { RetrievalModels } from "./retrieval-models";

/** What one pass of {@link addNewProductVectors} did. */
export type NewProductVectors =
  { added: number; newProducts: number; seconds: number } | { skipped: string; newProducts?: number };

/** What {@link addNewProductVectors} works on: one generation's models and item indexes. */
export interface NewProductVectorsInput {
  db: Db;
  models: RetrievalModels;
  categoryNames: ReadonlyMap<string, string>;
  /** Namespace of the indexes (the catalog version of the last index build). */
  namespace: string;
  textStore: VectorStore | null;
  twoTowerStore: VectorStore | null;
  /** Stored Semantic IDs (item metadata carries them when the product has one). */
  semanticIds: SemanticIdIndex;
  /**
   * Most new products, as a share of the catalog, embedded here (a larger change is the model refresh's:
   * the text encoder is retrained and the indexes rebuilt). Default 1.
   */
  maxShare?: number;
  /** Product ids checked, and products read, embedded and upserted, per batch (the event loop is yielded between batches). */
  batchSize?: number;
}

/**
 * Vectors for the products added to the catalog since the last index build (`npm run jobs -- index`),
 * without a rebuild: every product id is checked against the index (fetch, a batch at a time), and those
 * it lacks are embedded with the current text encoder (and the two-tower item tower, content features
 * only; a product without text features gets no text vector) and upserted into the build's namespace;
 * HNSW adds them to its graph. The stores of a serving process are opened from disk and not persisted
 * here (several processes share the directory), so each process adds the new products to its own copy when
 * it opens a catalog version; a shared store (Pinecone) gets the same records from each, which upsert makes
 * harmless. Skipped without codebooks or a text encoder, and when the products missing from the index
 * exceed `maxShare` of the catalog (the model refresh's job).
 */
export async function addNewProductVectors(input: NewProductVectorsInput): Promise<NewProductVectors> {
  const started = Date.now();
  const { db, models, namespace } = input;
  const codebooks = models.semanticIds;
  if (!codebooks || !models.text) return { skipped: "no Semantic-ID codebooks or text encoder" };
  const probe = input.textStore ?? input.twoTowerStore;
  if (!probe) return { skipped: "no item index" };
  // What the indexes lack: every product id checked against the index, a batch at a time.
  const batchSize = Math.min(input.batchSize ?? 500, MAX_IDS_PER_CALL);
  const fresh: string[] = [];
  let products = 0;
  let batch: string[] = [];
  const probeBatch = async (): Promise<void> => {
    const present = new Set((await probe.fetch(namespace, batch)).map((record) => record.id));
    for (const id of batch) if (!present.has(id)) fresh.push(id);
    batch = [];
  };
  for await (const product of db
    .collection<ProductDocument>(COLLECTIONS.products)
    .find({}, { projection: { _id: 1 } })) {
    products += 1;
    batch.push(product._id);
    if (batch.length >= batchSize) await probeBatch();
  }
  if (batch.length > 0) await probeBatch();
  if (fresh.length === 0) return { added: 0, newProducts: 0, seconds: Math.round((Date.now() - started) / 100) / 10 };
  const maxShare = input.maxShare ?? 1;
  if (fresh.length > maxShare * products)
    return {
      skipped: `${fresh.length} of ${products} products are not indexed, above ${maxShare} of the catalog: the model refresh rebuilds the indexes`,
      newProducts: fresh.length,
    };
  fresh.sort();
  let added = 0;
  for (let offset = 0; offset < fresh.length; offset += batchSize) {
    const wanted = fresh.slice(offset, offset + batchSize);
    const documents = await db
      .collection<ProductDocument>(COLLECTIONS.products)
      .find({ _id: { $in: wanted } })
      .toArray();
    const textRecords: VectorRecord[] = [];
    const towerRecords: VectorRecord[] = [];
    for (const product of documents) {
      const text = models.productTextVector(product, input.categoryNames);
      const id = input.semanticIds.get(product._id);
      const metadata = itemMetadata(product, id ? { sid: formatSemanticId(id), codes: id.codes } : null);
      if (text && text.some((value) => value !== 0)) textRecords.push({ id: product._id, values: text, metadata });
      const tower = input.twoTowerStore ? models.itemEmbedding(product, text) : null;
      if (tower) towerRecords.push({ id: product._id, values: tower, metadata });
    }
    if (input.textStore && textRecords.length > 0) await input.textStore.upsert(namespace, textRecords);
    if (input.twoTowerStore && towerRecords.length > 0) await input.twoTowerStore.upsert(namespace, towerRecords);
    added += Math.max(textRecords.length, towerRecords.length);
    // Serving goes on between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return {
    added,
    newProducts: fresh.length,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}
