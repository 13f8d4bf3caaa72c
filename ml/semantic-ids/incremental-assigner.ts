import type { Db } from "mongodb";
import { readCatalogVersion } from "../../core/catalog/catalog-version";
import type { CategoryDocument } from "../../core/documents/category.document";
import { COLLECTIONS } from "../../core/documents/collections";
import type { ProductDocument } from "../../core/documents/product.document";
import { join } from "node:path";
import { latestVersion } from "../embeddings/model-artifact";
import { RetrievalModels } from "../embeddings/retrieval-models";
import { TEXT_ENCODER_MODELS_DIR } from "../text-encoder/text-encoder.artifact";
import { SEMANTIC_ID_MODELS_DIR } from "./semantic-id.artifact";
import { codesForNewItem } from "./new-item.codes";
import { formatSemanticId } from "./semantic-id";
import { SEMANTIC_IDS_COLLECTION, type SemanticIdDocument } from "./semantic-id.repository";

/** What one incremental pass did. */
export type IncrementalSemanticIds =
  | { assigned: number; catalogVersion: number; modelVersion: string; seconds: number }
  | { skipped: string; catalogVersion: number };

/** Products fetched and written per batch. */
const BATCH = 1000;

/**
 * Gives every product without a Semantic ID one from the current (LATEST) text encoder and Semantic-ID
 * codebooks under `dataDir`, as {@link codesForNewItem} codes a new item: level 1 its department's code,
 * then the nearest centroid of each residual; the suffix is the next free one for those codes. Existing
 * Semantic IDs are never changed (a full re-quantization stays `npm run jobs -- index`). Skipped, with
 * the reason, when no codebooks or encoder are trained, or when the codebooks were made with another
 * encoder version than the LATEST one (their codes would not be comparable: run the index job).
 */
export async function assignMissingSemanticIds(
  db: Db,
  dataDir: string,
  now: Date = new Date(),
): Promise<IncrementalSemanticIds> {
  const started = Date.now();
  const catalogVersion = await readCatalogVersion(db);
  const models = RetrievalModels.load(dataDir);
  const semanticIds = models.semanticIds;
  if (!semanticIds || !models.text)
    return { skipped: "no Semantic-ID codebooks or text encoder trained (npm run jobs -- index)", catalogVersion };
  if (semanticIds.header.textEncoderVersion !== models.text.version) {
    return {
      skipped: `the codebooks quantize text encoder ${semanticIds.header.textEncoderVersion}, LATEST is ${models.text.version} (npm run jobs -- index re-quantizes)`,
      catalogVersion,
    };
  }
  const collection = db.collection<SemanticIdDocument>(SEMANTIC_IDS_COLLECTION);
  const have = new Set<string>();
  const used = new Map<string, number>();
  for await (const document of collection.find({}, { projection: { codes: 1, suffix: 1 } })) {
    have.add(document._id);
    if (!Array.isArray(document.codes)) continue;
    const key = document.codes.join("-");
    used.set(key, Math.max(used.get(key) ?? 0, document.suffix + 1));
  }
  const missing: string[] = [];
  for await (const product of db.collection<ProductDocument>(COLLECTIONS.products).find({}, { projection: { _id: 1 } }))
    if (!have.has(product._id)) missing.push(product._id);
  if (missing.length === 0) return { assigned: 0, catalogVersion, modelVersion: semanticIds.version, seconds: 0 };
  missing.sort();
  const categoryNames = new Map<string, string>();
  for await (const category of db
    .collection<CategoryDocument>(COLLECTIONS.categories)
    .find({}, { projection: { name: 1 } }))
    categoryNames.set(category._id, category.name);
  let assigned = 0;
  for (let offset = 0; offset < missing.length; offset += BATCH) {
    const products = await db
      .collection<ProductDocument>(COLLECTIONS.products)
      .find({ _id: { $in: missing.slice(offset, offset + BATCH) } })
      .toArray();
    products.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
    const documents: SemanticIdDocument[] = [];
    for (const product of products) {
      const vector = models.productTextVector(product, categoryNames);
      if (!vector || vector.length !== semanticIds.quantizer.dims || !vector.some((value) => value !== 0)) continue;
      const codes = codesForNewItem(semanticIds.quantizer, semanticIds.header.departments, product, vector);
      const key = codes.join("-");
      const suffix = used.get(key) ?? 0;
      used.set(key, suffix + 1);
      documents.push({
        _id: product._id,
        sid: formatSemanticId({ codes, suffix }),
        codes,
        suffix,
        catalogVersion,
        modelVersion: semanticIds.version,
        updatedAt: now,
      });
    }
    if (documents.length === 0) continue;
    try {
      await collection.insertMany(documents, { ordered: false });
      assigned += documents.length;
    } catch (error) {
      // Another process assigned some of them meanwhile (duplicate _id): theirs stand, the rest were written.
      const inserted = (error as { result?: { insertedCount?: number } }).result?.insertedCount;
      if (inserted === undefined) throw error;
      assigned += inserted;
    }
  }
  return {
    assigned,
    catalogVersion,
    modelVersion: semanticIds.version,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

/**
 * The catalog process's background pass: runs {@link assignMissingSemanticIds} when the catalog version
 * (or the LATEST codebooks) changed since its last pass, so new and imported products get Semantic IDs
 * without a manual step.
 */
export class SemanticIdFollower {
  private lastKey: string | null = null;

  constructor(private readonly dataDir: string) {}

  async run(db: Db): Promise<IncrementalSemanticIds | { unchanged: string }> {
    const key = `${await readCatalogVersion(db)}|${latestVersion(join(this.dataDir, SEMANTIC_ID_MODELS_DIR)) ?? "none"}|${latestVersion(join(this.dataDir, TEXT_ENCODER_MODELS_DIR)) ?? "none"}`;
    if (key === this.lastKey) return { unchanged: key };
    const result = await assignMissingSemanticIds(db, this.dataDir);
    this.lastKey = key;
    return result;
  }
}
