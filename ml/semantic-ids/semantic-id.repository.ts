import type { Db } from "mongodb";
import { CollectionSwap } from "../../core/database/collection-swap";
import { formatSemanticId } from "./semantic-id";
import type { SemanticIdEntry } from "./semantic-id.index";

/** Collection of Semantic IDs, one document per product, written by `npm run jobs -- index`. */
export const SEMANTIC_IDS_COLLECTION = "semantic_ids";

/** A stored Semantic ID (`_id` = product id). */
export interface SemanticIdDocument {
  _id: string;
  /** Formatted id, e.g. `12-201-7-0`. */
  sid: string;
  /** Level codes, coarse to fine. */
  codes: number[];
  suffix: number;
  catalogVersion: number;
  /** Version of the quantizer (semantic-ids artifact) that assigned it. */
  modelVersion: string;
  updatedAt: Date;
}

/**
 * Replaces the stored Semantic IDs with `entries`: batches go into a staging collection that is swapped in
 * at the end ({@link CollectionSwap}), so products gone from the catalog lose theirs and no write looks up
 * the collection it fills (a `deleteMany($in)` per batch scanned the growing collection on FerretDB: at the
 * large seed the writes slowed to a 40-minute estimate for 500k products).
 */
export async function writeSemanticIds(
  db: Db,
  entries: readonly SemanticIdEntry[],
  catalogVersion: number,
  modelVersion: string,
  batchSize = 2000,
  onBatch?: (done: number) => void,
): Promise<void> {
  const swap = new CollectionSwap<SemanticIdDocument>(db, SEMANTIC_IDS_COLLECTION);
  const now = new Date();
  for (let start = 0; start < entries.length; start += batchSize) {
    const batch = entries.slice(start, start + batchSize);
    await swap.write(
      batch.map((entry) => ({
        _id: entry.itemId,
        sid: formatSemanticId(entry.id),
        codes: entry.id.codes,
        suffix: entry.id.suffix,
        catalogVersion,
        modelVersion,
        updatedAt: now,
      })),
    );
    onBatch?.(Math.min(start + batchSize, entries.length));
  }
  await swap.commit();
}

/** Every stored Semantic ID, read with one streaming `find()`. */
export async function readSemanticIds(db: Db): Promise<SemanticIdEntry[]> {
  const entries: SemanticIdEntry[] = [];
  for await (const document of db
    .collection<SemanticIdDocument>(SEMANTIC_IDS_COLLECTION)
    .find({}, { projection: { codes: 1, suffix: 1 } })) {
    if (Array.isArray(document.codes) && typeof document.suffix === "number")
      entries.push({ itemId: document._id, id: { codes: document.codes, suffix: document.suffix } });
  }
  return entries;
}
