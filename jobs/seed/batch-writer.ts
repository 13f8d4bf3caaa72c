import type { AnyBulkWriteOperation, Collection, Db, Document } from "mongodb";

/**
 * Buffers documents and writes them in bulk: `insertMany` (unordered) into empty collections, or
 * `replaceOne` upserts when the collection already had data (re-seeding keeps ids stable).
 */
export class BatchWriter<T extends Document & { _id: string }> {
  private buffer: T[] = [];
  private written = 0;

  private constructor(
    private readonly collection: Collection<T>,
    private readonly upsert: boolean,
    private readonly batchSize: number,
  ) {}

  /** Opens a writer; upsert mode when the collection is not empty. */
  static async open<T extends Document & { _id: string }>(
    db: Db,
    name: string,
    batchSize: number,
  ): Promise<BatchWriter<T>> {
    const collection = db.collection<T>(name);
    const existing = await collection.findOne({}, { projection: { _id: 1 } });
    return new BatchWriter(collection, existing !== null, batchSize);
  }

  /** Adds a document; flushes (and waits) when the batch is full. */
  async add(document: T): Promise<void> {
    this.buffer.push(document);
    if (this.buffer.length >= this.batchSize) await this.flush();
  }

  /** Writes what is buffered. */
  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    if (this.upsert) {
      const operations = batch.map((document) => ({
        replaceOne: { filter: { _id: document._id }, replacement: document, upsert: true },
      })) as unknown as AnyBulkWriteOperation<T>[];
      await this.collection.bulkWrite(operations, { ordered: false });
    } else {
      // The driver's OptionalUnlessRequiredId typing does not see that T already has a string _id.
      await this.collection.insertMany(batch as unknown as Parameters<Collection<T>["insertMany"]>[0], {
        ordered: false,
      });
    }
    this.written += batch.length;
  }

  /** Documents written so far. */
  get count(): number {
    return this.written + this.buffer.length;
  }
}
