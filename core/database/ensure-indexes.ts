import { MongoServerError, type Collection, type Document, type IndexDescription } from "mongodb";

/**
 * Creates the named indexes a collection lacks, and nothing else: idempotent and safe to run at every
 * start. Asking FerretDB v1 (SQLite) to create indexes that all exist already makes it panic and drop
 * the connection, so existing names are listed first and skipped.
 */
export async function ensureIndexes<T extends Document>(
  collection: Collection<T>,
  indexes: ReadonlyArray<IndexDescription & { name: string }>,
): Promise<void> {
  let existing: string[] = [];
  try {
    existing = (await collection.listIndexes().toArray()).map((index) => String(index.name));
  } catch (error) {
    // A collection that does not exist yet has no indexes.
    if (!(error instanceof MongoServerError && error.codeName === "NamespaceNotFound")) throw error;
  }
  const missing = indexes.filter((index) => !existing.includes(index.name));
  if (missing.length > 0) await collection.createIndexes([...missing]);
}
