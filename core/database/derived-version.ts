import type { Db } from "mongodb";

/**
 * Collection of `{ _id: <derived collection name>, version, committedAt }`: one document per collection
 * replaced wholesale by {@link CollectionSwap} (popularity, co-purchase, knowledge graph, deals). Other
 * processes compare `version` with what their read model holds; an `_id` read is the one read FerretDB
 * v1 pushes down, and this collection has a handful of documents.
 */
export const DERIVED_VERSIONS_COLLECTION = "derived_versions";

/** The version document of one derived collection. */
export interface DerivedVersionDocument {
  _id: string;
  /** Milliseconds since the epoch at commit (strictly increasing per collection within a process). */
  version: number;
  committedAt: Date;
}

/** Called in this process right after a derived collection was swapped in. */
export type DerivedCommitListener = (databaseName: string, collection: string, version: number) => void;

const listeners = new Set<DerivedCommitListener>();
let lastVersion = 0;

/** Subscribes to commits made in this process; returns the unsubscribe function. */
export function onDerivedCommitted(listener: DerivedCommitListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Records that `collection` was replaced (a new version) and tells this process's read models at once. */
export async function publishDerivedVersion(db: Db, collection: string, now: Date = new Date()): Promise<number> {
  const version = Math.max(now.getTime(), lastVersion + 1);
  lastVersion = version;
  await db
    .collection<DerivedVersionDocument>(DERIVED_VERSIONS_COLLECTION)
    .replaceOne({ _id: collection }, { version, committedAt: now }, { upsert: true });
  for (const listener of listeners) listener(db.databaseName, collection, version);
  return version;
}

/** The stored version of a derived collection, 0 when it was never committed through {@link CollectionSwap}. */
export async function readDerivedVersion(db: Db, collection: string): Promise<number> {
  const document = await db
    .collection<DerivedVersionDocument>(DERIVED_VERSIONS_COLLECTION)
    .findOne({ _id: collection });
  return document?.version ?? 0;
}
