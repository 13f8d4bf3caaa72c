import type { Collection, Document, Filter, FindOptions, WithId } from "mongodb";

/**
 * How a batch of documents is read by `_id`:
 * - `in`: one `find({_id: {$in}})`: one round trip, an index read on MongoDB.
 * - `point`: one `find({_id})` per id, {@link POINT_READS_AT_ONCE} at a time. FerretDB's PostgreSQL
 *   backend evaluates `$in` in Go over every document (at the large seed `user(id)` timed out after
 *   60 s while jobs ran), but pushes equality down to SQL, as `_jsonb->'_id' @> $1`, which the GIN index
 *   that `preparePostgresqlForFerretDb` (postgresql-for-ferretdb.ts) gives every FerretDB table answers in milliseconds.
 * - `mixed`: `point` for a batch of at most {@link POINT_READS_AT_ONCE} keys (one round of reads), `in`
 *   for a larger one. FerretDB/SQLite also scans for `$in` and looks `_id` equality up: one shopper's
 *   attributes took 47 ms by `$in` and 9 ms by equality at the tiny seed, while 100 products' categories
 *   are cheaper as one scan of a small collection than as 100 reads.
 * - `auto` (the default): `point` when FERRETDB_BACKEND is postgresql, else `mixed`.
 */
export type ByIdReads = "in" | "point" | "mixed";
export const BY_ID_READS_SETTINGS = ["auto", "in", "point", "mixed"] as const;

/** Point reads in flight at once per batch. */
export const POINT_READS_AT_ONCE = 16;

let processDefault: ByIdReads = "in";

/**
 * Sets how this process reads documents by id (a subgraph calls it once at start, from configuration:
 * it is a property of the database server, like the driver's own settings, not of a request).
 */
export function configureByIdReads(
  setting: (typeof BY_ID_READS_SETTINGS)[number],
  backend: "sqlite" | "postgresql",
): ByIdReads {
  processDefault = setting === "auto" ? (backend === "postgresql" ? "point" : "mixed") : setting;
  return processDefault;
}

/** How this process reads by id (and by other indexed keys), as last configured. */
export function byIdReadsMode(): ByIdReads {
  return processDefault;
}

/**
 * The documents of `collection` whose `field` equals one of `keys`, for a field with an index (in no
 * particular order): one `$in`, or with `point` (and `mixed`, for few keys) one equality read per key,
 * {@link POINT_READS_AT_ONCE} at a time (each an index read on MongoDB, and on FerretDB/PostgreSQL
 * through the GIN twin of the field's index).
 */
export async function findByKeys<T extends Document>(
  collection: Collection<T>,
  field: string,
  keys: readonly string[],
  options: FindOptions = {},
  strategy: ByIdReads = processDefault,
): Promise<WithId<T>[]> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return [];
  if (strategy === "in" || (strategy === "mixed" && unique.length > POINT_READS_AT_ONCE))
    return collection.find({ [field]: { $in: unique } } as Filter<T>, options).toArray();
  const found: WithId<T>[] = [];
  for (let start = 0; start < unique.length; start += POINT_READS_AT_ONCE) {
    const batches = await Promise.all(
      unique
        .slice(start, start + POINT_READS_AT_ONCE)
        .map((key) => collection.find({ [field]: key } as Filter<T>, options).toArray()),
    );
    for (const documents of batches) found.push(...documents);
  }
  return found;
}

/** The documents of `collection` with these ids (each at most once, in no particular order). */
export function findByIds<T extends Document & { _id: string }>(
  collection: Collection<T>,
  ids: readonly string[],
  options: FindOptions = {},
  strategy: ByIdReads = processDefault,
): Promise<WithId<T>[]> {
  return findByKeys(collection, "_id", ids, options, strategy);
}
