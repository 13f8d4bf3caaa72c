import type { Db } from "mongodb";
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
 * Replaces the stored Semantic IDs with `entries` in batches (delete by `$in` then insert, no filtered updates:
 * cheap on FerretDB), then deletes documents of other versions (products gone from the catalog).
 */
export async function writeSemanticIds(db: Db, entries: readonly SemanticIdEntry[], catalogVersion: number, modelVersion: string, batchSize = 2000, onBatch?: (done: number) => void): Promise<void> {
  const collection = db.collection<SemanticIdDocument>(SEMANTIC_IDS_COLLECTION);
  const now = new Date();
  for (let start = 0; start < entries.length; start += batchSize) {
    const batch = entries.slice(start, start + batchSize);
    await collection.deleteMany({ _id: { $in: batch.map((entry) => entry.itemId) } });
    await collection.insertMany(batch.map((entry) => ({ _id: entry.itemId, sid: formatSemanticId(entry.id), codes: entry.id.codes, suffix: entry.id.suffix, catalogVersion, modelVersion, updatedAt: now })), { ordered: false });
    onBatch?.(Math.min(start + batchSize, entries.length));
  }
  await collection.deleteMany({ modelVersion: { $ne: modelVersion } });
}

/** Every stored Semantic ID, read with one streaming `find()`. */
export async function readSemanticIds(db: Db): Promise<SemanticIdEntry[]> {
  const entries: SemanticIdEntry[] = [];
  for await (const document of db.collection<SemanticIdDocument>(SEMANTIC_IDS_COLLECTION).find({}, { projection: { codes: 1, suffix: 1 } })) {
    if (Array.isArray(document.codes) && typeof document.suffix === "number") entries.push({ itemId: document._id, id: { codes: document.codes, suffix: document.suffix } });
  }
  return entries;
}
