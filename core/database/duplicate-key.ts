/** True for MongoDB's duplicate key error (code 11000): an insert, or an upsert's insert, lost to another. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === 11000;
}
