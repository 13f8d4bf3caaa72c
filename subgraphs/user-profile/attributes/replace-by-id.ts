import { MongoBulkWriteError, type Collection, type Filter, type OptionalUnlessRequiredId } from "mongodb";

const DUPLICATE_KEY = 11000;

/**
 * Replaces whole documents by `_id` as one `deleteMany($in)` plus one unordered `insertMany`.
 * FerretDB v1 on SQLite costs a collection scan per update statement (measured: ~0.5 s per
 * replaceOne at 2,000 documents, and parallel updates fail with SQLITE_BUSY), so per-document
 * upserts do not scale there; two statements a batch do. A reader between the two statements sees
 * no document (the attributes loader then recomputes it); a concurrent writer that inserted first
 * wins (same inputs, same document), so its duplicate-key error is ignored.
 */
export async function replaceById<T extends { _id: string }>(
  collection: Collection<T>,
  documents: readonly T[],
): Promise<void> {
  if (documents.length === 0) return;
  // The generic filter type cannot see that `_id` is a string on T.
  await collection.deleteMany({ _id: { $in: documents.map((document) => document._id) } } as Filter<T>);
  try {
    await collection.insertMany(
      documents.map((document) => ({ ...document }) as OptionalUnlessRequiredId<T>),
      { ordered: false },
    );
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) throw error;
    const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    if (writeErrors.some((writeError) => writeError.code !== DUPLICATE_KEY)) throw error;
  }
}
