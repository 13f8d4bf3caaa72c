import { COLLECTIONS } from "../documents/collections";
import type { Db } from "mongodb";

/** Collection holding `{ _id: "catalog", version, updatedAt }`; the catalog subgraph watches it. */
export const CATALOG_META_COLLECTION = COLLECTIONS.catalogMeta;

/** The catalog version document: bumped by every seed and every import that changed the catalog. */
export interface CatalogVersionDocument {
  _id: "catalog";
  version: number;
  updatedAt: Date;
}

/** Increments the catalog version (creating it at 1) and returns the new value. */
export async function bumpCatalogVersion(db: Db, now: Date = new Date()): Promise<number> {
  const meta = db.collection<CatalogVersionDocument>(CATALOG_META_COLLECTION);
  await meta.updateOne({ _id: "catalog" }, { $inc: { version: 1 }, $set: { updatedAt: now } }, { upsert: true });
  return readCatalogVersion(db);
}

/** Current catalog version, 0 when never seeded or imported. */
export async function readCatalogVersion(db: Db): Promise<number> {
  const document = await db.collection<CatalogVersionDocument>(CATALOG_META_COLLECTION).findOne({ _id: "catalog" });
  return document?.version ?? 0;
}
