import { createHash } from "node:crypto";
import type { Db, Document } from "mongodb";
import { MongoServerError } from "mongodb";
import { CATALOG_META_COLLECTION } from "../../core/catalog/catalog-version";

/** Outcome of staging one document. */
export type StageOutcome = "inserted" | "updated" | "unchanged" | "duplicate";

/** Journal of a switch in progress (in `catalog_meta`), so an interrupted switch is finished by the next import. */
interface SwitchJournal {
  _id: "import-switch";
  prefix: string;
  collections: string[];
  startedAt: Date;
}

interface Planned {
  hash: string;
  /** Input position of the first occurrence: `file:line`. */
  at: string;
  status: "inserted" | "updated" | "unchanged";
  createdAt?: Date;
}

const PREFIX = "imp_";
const BATCH = 2000;

/**
 * Stage-then-switch for imports, in two passes over the input (FerretDB v1 cannot look ids up with
 * `$in` without scanning, so the live data is read exactly once per changed collection):
 * 1. plan: each document's content hash is remembered by id (duplicates rejected), nothing is written;
 *    then one scan of the live collection classifies ids as inserted, updated or unchanged.
 * 2. write (only when something changed): a staging copy gets the live documents plus the new and changed
 *    ones and the live indexes, and is renamed over the live collection (atomic `dropTarget` rename where
 *    supported; on FerretDB v1 a journaled rename pair that {@link recoverInterruptedSwitch} finishes after a crash).
 * Memory is O(distinct ids × ~100 bytes), independent of document size and input length.
 */
export class CatalogStage {
  private readonly plans = new Map<string, Map<string, Planned>>();
  private readonly staging = new Map<string, Document[]>();
  private changedCollections: string[] = [];
  mode: "plan" | "write" = "plan";

  private constructor(
    private readonly db: Db,
    readonly prefix: string,
  ) {}

  /** Opens a stage with a fresh run prefix after finishing any interrupted switch and dropping stale staging. */
  static async open(db: Db): Promise<CatalogStage> {
    await recoverInterruptedSwitch(db);
    for (const name of await collectionNames(db)) if (name.startsWith(PREFIX)) await db.collection(name).drop();
    const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
    return new CatalogStage(db, `${PREFIX}${run}_`);
  }

  /**
   * Plan pass: records documents (returns "duplicate" for an id seen before, else "inserted" provisionally).
   * Write pass: writes the new and changed first occurrences into the staging copy.
   */
  async put(
    collection: string,
    documents: Array<{ doc: Document & { _id: string }; at: string }>,
  ): Promise<StageOutcome[]> {
    let plan = this.plans.get(collection);
    if (!plan) this.plans.set(collection, (plan = new Map()));
    if (this.mode === "plan") {
      return documents.map(({ doc, at }) => {
        if (plan.has(doc._id)) return "duplicate";
        plan.set(doc._id, { hash: contentHash(doc), at, status: "inserted" });
        return "inserted";
      });
    }
    if (!this.changedCollections.includes(collection)) return documents.map(() => "unchanged");
    const buffer = this.staging.get(collection) ?? [];
    for (const { doc, at } of documents) {
      const planned = plan.get(doc._id);
      if (!planned || planned.at !== at || planned.status === "unchanged") continue;
      buffer.push(planned.createdAt && doc.createdAt ? { ...doc, createdAt: planned.createdAt } : doc);
    }
    this.staging.set(collection, buffer);
    if (buffer.length >= BATCH) await this.flush(collection);
    return documents.map(() => "unchanged");
  }

  private async flush(collection: string): Promise<void> {
    const buffer = this.staging.get(collection);
    if (!buffer?.length) return;
    this.staging.set(collection, []);
    await this.db.collection(`${this.prefix}stage_${collection}`).insertMany(buffer, { ordered: false });
  }

  /** After the plan pass: scans each planned live collection once; returns per-collection counts and whether a write pass is needed. */
  async classify(): Promise<{
    counts: Record<string, { inserted: number; updated: number; unchanged: number }>;
    changed: boolean;
  }> {
    const counts: Record<string, { inserted: number; updated: number; unchanged: number }> = {};
    const live = await collectionNames(this.db);
    for (const [collection, plan] of this.plans) {
      if (live.includes(collection) && plan.size > 0) {
        for await (const doc of this.db.collection(collection).find({}, { batchSize: BATCH })) {
          const planned = plan.get(String(doc._id));
          if (!planned) continue;
          if (planned.hash === contentHash(doc)) planned.status = "unchanged";
          else {
            planned.status = "updated";
            if (doc.createdAt instanceof Date) planned.createdAt = doc.createdAt;
          }
        }
      }
      const c = { inserted: 0, updated: 0, unchanged: 0 };
      for (const planned of plan.values()) c[planned.status]++;
      counts[collection] = c;
      if (c.inserted + c.updated > 0) this.changedCollections.push(collection);
    }
    return { counts, changed: this.changedCollections.length > 0 };
  }

  /** Before the write pass: copies live documents that stay as they are into the staging collections. */
  async prepareWrite(): Promise<void> {
    this.mode = "write";
    const live = await collectionNames(this.db);
    for (const collection of this.changedCollections) {
      const plan = this.plans.get(collection)!;
      const staging = this.db.collection(`${this.prefix}stage_${collection}`);
      await this.db.createCollection(staging.collectionName);
      if (!live.includes(collection)) continue;
      let batch: Document[] = [];
      for await (const doc of this.db.collection(collection).find({}, { batchSize: BATCH })) {
        if (plan.get(String(doc._id))?.status === "updated") continue;
        batch.push(doc);
        if (batch.length >= BATCH) {
          await staging.insertMany(batch, { ordered: false });
          batch = [];
        }
      }
      if (batch.length) await staging.insertMany(batch, { ordered: false });
    }
  }

  /** After the write pass: indexes, then the switch. Returns the switched collection names. */
  async commit(log: (line: string) => void = () => {}): Promise<string[]> {
    const changed = this.changedCollections;
    const live = await collectionNames(this.db);
    for (const name of changed) {
      await this.flush(name);
      if (!live.includes(name)) continue;
      const staging = this.db.collection(`${this.prefix}stage_${name}`);
      for (const index of await this.db.collection(name).indexes()) {
        if (index.name === "_id_") continue;
        const { key, v: _v, ns: _ns, ...options } = index as Document;
        await staging.createIndex(key, options);
      }
    }
    if (changed.length === 0) return [];
    const journal: SwitchJournal = {
      _id: "import-switch",
      prefix: this.prefix,
      collections: changed,
      startedAt: new Date(),
    };
    await this.db
      .collection<SwitchJournal>(CATALOG_META_COLLECTION)
      .replaceOne({ _id: "import-switch" }, journal, { upsert: true });
    await finishSwitch(this.db, journal);
    log(`switched ${changed.join(", ")}`);
    await this.abort();
    return changed;
  }

  /** Drops this run's staging collections; live data is untouched. */
  async abort(): Promise<void> {
    for (const name of await collectionNames(this.db))
      if (name.startsWith(this.prefix)) await this.db.collection(name).drop();
  }
}

/** Finishes a journaled switch left by an interrupted import (no-op when none). */
export async function recoverInterruptedSwitch(db: Db): Promise<void> {
  const journal = await db.collection<SwitchJournal>(CATALOG_META_COLLECTION).findOne({ _id: "import-switch" });
  if (journal) await finishSwitch(db, journal);
}

async function finishSwitch(db: Db, journal: SwitchJournal): Promise<void> {
  for (const name of journal.collections) {
    const names = await collectionNames(db);
    const stagingName = `${journal.prefix}stage_${name}`;
    const oldName = `${journal.prefix}old_${name}`;
    if (!names.includes(stagingName)) continue;
    try {
      await db.collection(stagingName).rename(name, { dropTarget: true });
      continue;
    } catch (error) {
      if (!(error instanceof MongoServerError) || error.code !== 238) throw error;
    }
    // FerretDB v1 has no dropTarget: move live aside, move staging in, drop the old copy.
    if (names.includes(name) && !names.includes(oldName)) await db.collection(name).rename(oldName);
    await db.collection(stagingName).rename(name);
    if ((await collectionNames(db)).includes(oldName)) await db.collection(oldName).drop();
  }
  await db.collection<SwitchJournal>(CATALOG_META_COLLECTION).deleteOne({ _id: "import-switch" });
}

async function collectionNames(db: Db): Promise<string[]> {
  return (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
}

/** Hash of a document's content without its timestamps (stable key order; Dates as ISO strings). */
export function contentHash(document: Document): string {
  const { createdAt: _c, updatedAt: _u, ...rest } = document;
  return createHash("sha1")
    .update(JSON.stringify(sortKeys(rest)))
    .digest("base64")
    .slice(0, 16);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}
