import { MongoBulkWriteError, type Collection, type Db } from "mongodb";
import { USER_PROFILE_COLLECTIONS } from "./read-model";
import type { EventDocument } from "../../core/documents/event.document";
import { ensureIndexes } from "../../core/database/ensure-indexes";

/** Duplicate-key error code of MongoDB and FerretDB. */
const DUPLICATE_KEY = 11000;

/** Per-document outcome of {@link EventsRepository.insertNew}, by position in the input. */
export type InsertOutcome = { status: "stored" } | { status: "duplicate" } | { status: "failed"; message: string };

/** Reads and writes the `events` collection. */
export class EventsRepository {
  readonly collection: Collection<EventDocument>;

  constructor(db: Db) {
    this.collection = db.collection<EventDocument>(USER_PROFILE_COLLECTIONS.events);
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.collection, [
      { key: { userId: 1, type: 1, timestamp: -1 }, name: "userId_type_timestamp" },
    ]);
  }

  /**
   * Inserts the events (unordered, acknowledged); an `_id` already stored, or repeated earlier in the
   * list, is reported as a duplicate and changes nothing. Connection failures throw (nothing is
   * reported as stored then; replaying the call is safe).
   */
  async insertNew(documents: readonly EventDocument[]): Promise<InsertOutcome[]> {
    const outcomes: InsertOutcome[] = documents.map(() => ({ status: "stored" }));
    if (documents.length === 0) return outcomes;
    try {
      await this.collection.insertMany([...documents], { ordered: false });
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      for (const writeError of writeErrors) {
        outcomes[writeError.index] =
          writeError.code === DUPLICATE_KEY
            ? { status: "duplicate" }
            : { status: "failed", message: writeError.errmsg ?? "write failed" };
      }
    }
    return outcomes;
  }
}
