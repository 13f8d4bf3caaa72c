import type { Db, Document, IndexDescription } from "mongodb";
import { publishDerivedVersion } from "./derived-version";

/** How often a commit retries when a writer recreates the target between its drop and the rename. */
const RENAME_ATTEMPTS = 5;

function isNamespaceExists(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 48 || (typeof message === "string" && /target namespace exists/i.test(message));
}

/** Staging collections of abandoned runs older than this are dropped by the next commit of the same collection. */
const ABANDONED_STAGING_MS = 24 * 3600 * 1000;

/**
 * Replaces a derived collection wholesale: documents go into a staging collection of this run,
 * `<name>_next_<base-36 start time><random>`, so two runs never write into one another's, with insertMany (fast on
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
    this.staging = `${name}_next_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  }

  /** Appends documents to this run's staging collection. */
  async write(documents: readonly T[]): Promise<void> {
    this.started = true;
    if (documents.length > 0)
      await this.db
        .collection<T>(this.staging)
        .insertMany(documents.map((document) => ({ ...document })) as never[], { ordered: false });
  }

  /** Builds the indexes and swaps the staging collection in. */
  async commit(): Promise<void> {
    if (!this.started) await this.write([]);
    const staging = this.db.collection(this.staging);
    if ((await this.db.listCollections({ name: this.staging }).toArray()).length === 0)
      await this.db.createCollection(this.staging);
    if (this.indexes.length > 0) await staging.createIndexes(this.indexes);
    // Drop, then rename: a writer that inserts between the two (the serving path upserting one document)
    // recreates the target, and the rename fails with NamespaceExists. Drop again and retry; what that
    // writer wrote is its caller's to redo (the attributes job recomputes the shoppers refreshed meanwhile).
    for (let attempt = 1; ; attempt++) {
      await this.db
        .collection(this.name)
        .drop()
        .catch(() => undefined);
      try {
        await staging.rename(this.name);
        break;
      } catch (error) {
        if (!isNamespaceExists(error) || attempt >= RENAME_ATTEMPTS) throw error;
      }
    }
    await publishDerivedVersion(this.db, this.name);
    await this.dropAbandonedStagings();
  }

  /** Drops staging collections of this name left by runs that died more than a day ago (or by the old fixed name). */
  private async dropAbandonedStagings(): Promise<void> {
    const prefix = `${this.name}_next`;
    for (const { name } of await this.db.listCollections({}, { nameOnly: true }).toArray()) {
      if (!name.startsWith(prefix) || name === this.staging) continue;
      const started = parseInt(name.slice(prefix.length + 1, prefix.length + 1 + Date.now().toString(36).length), 36);
      if (name === prefix || !Number.isFinite(started) || Date.now() - started > ABANDONED_STAGING_MS)
        await this.db
          .collection(name)
          .drop()
          .catch(() => undefined);
    }
  }
}
