import type { Db } from "mongodb";
import { readCatalogVersion } from "../../core/catalog/catalog-version";
import { COLLECTIONS } from "../../core/documents/collections";
import { RetrievalModels } from "../embeddings/retrieval-models";
import { SEMANTIC_IDS_COLLECTION } from "../semantic-ids/semantic-id.repository";

/** How far the catalog has moved from the one the text encoder, indexes and Semantic IDs were built on. */
export interface CatalogDrift {
  catalogVersion: number;
  /** Catalog version the last full index build (`npm run jobs -- index`) quantized. */
  indexedCatalogVersion: number;
  /** Products in the catalog now (the collection's count from its metadata). */
  products: number;
  /** Items the last full index build embedded. */
  indexedItems: number;
  /** Products now in the catalog whose Semantic ID comes from that build (not assigned incrementally since). */
  covered: number;
  /**
   * (products added since the build + products of the build no longer in the catalog) / the larger of the
   * two catalog sizes: 0 = the models saw exactly this catalog, 1 = none of it. Products renamed in place
   * are not counted (their ids stay covered).
   */
  share: number;
  textEncoderVersion: string;
  semanticIdsVersion: string;
}

/**
 * Measures {@link CatalogDrift} from the LATEST Semantic-ID codebooks under `dataDir` (their header
 * records the catalog version and item count of the build) and the `semantic_ids` collection (a build
 * stamps every document with its catalog version; incremental assignment stamps later ones). Null when
 * no text encoder or codebooks are trained: there is nothing to refresh (first training is `npm start`'s).
 */
export async function measureCatalogDrift(db: Db, dataDir: string): Promise<CatalogDrift | null> {
  const models = RetrievalModels.load(dataDir);
  const semanticIds = models.semanticIds;
  if (!semanticIds || !models.text) return null;
  const indexedCatalogVersion = semanticIds.header.catalogVersion;
  const indexedItems = Number(semanticIds.header.metrics.items ?? 0);
  const [catalogVersion, products] = await Promise.all([
    readCatalogVersion(db),
    db.collection(COLLECTIONS.products).estimatedDocumentCount(),
  ]);
  // The catalog the build saw: nothing moved (and no scan; on FerretDB a filtered count reads every document).
  const covered =
    catalogVersion <= indexedCatalogVersion
      ? Math.min(products, indexedItems || products)
      : await db
          .collection(SEMANTIC_IDS_COLLECTION)
          .countDocuments({ modelVersion: semanticIds.version, catalogVersion: { $lte: indexedCatalogVersion } });
  // Documents of the build whose product was removed since still count as covered: cap by the catalog.
  const kept = Math.min(covered, products, indexedItems || covered);
  const added = products - kept;
  const removed = Math.max(0, indexedItems - kept);
  const denominator = Math.max(products, indexedItems, 1);
  return {
    catalogVersion,
    indexedCatalogVersion,
    products,
    indexedItems,
    covered: kept,
    share: Math.round(((added + removed) / denominator) * 10_000) / 10_000,
    textEncoderVersion: models.text.version,
    semanticIdsVersion: semanticIds.version,
  };
}
