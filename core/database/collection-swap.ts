import type { Db, Document, IndexDescription } from "mongodb";
import { publishDerivedVersion } from "./derived-version";

/**
 * Replaces a derived collection wholesale: documents go into `<name>_next` with insertMany (fast on
 * FerretDB, where per-document upserts cost milliseconds each), indexes are built there, then the old
 * collection is dropped and the new one renamed into place. FerretDB v1 has no `dropTarget`, so for a
 * few milliseconds readers see no collection and get empty results (never errors or a mix of builds).
 * A commit publishes a new version in `derived_versions`, which the process-local read models watch.
 */
export class CollectionSwap<T extends Document> {
  private readonly staging: string;
  private started = false;

  constructor(
    private readonly db: Db,
    private readonly name: string,
    private readonly indexes: IndexDescription[] = [],
  ) {
    this.staging = `${name}_next`;
  }

  /** Appends documents to the staging collection (dropping a leftover one on first use). */
  async write(documents: readonly T[]): Promise<void> {
    if (!this.started) {
      await this.db.collection(this.staging).drop().catch(() => undefined);
      this.started = true;
    }
    if (documents.length > 0) await this.db.collection<T>(this.staging).insertMany(documents.map((document) => ({ ...document })) as never[], { ordered: false });
  }

  /** Builds the indexes and swaps the staging collection in. */
  async commit(): Promise<void> {
    if (!this.started) await this.write([]);
    const staging = this.db.collection(this.staging);
    if ((await this.db.listCollections({ name: this.staging }).toArray()).length === 0) await this.db.createCollection(this.staging);
    if (this.indexes.length > 0) await staging.createIndexes(this.indexes);
    await this.db.collection(this.name).drop().catch(() => undefined);
    await staging.rename(this.name);
    await publishDerivedVersion(this.db, this.name);
  }
}
