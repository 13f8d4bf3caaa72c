import type { Db } from "mongodb";
import type { Logger } from "../../../core/logger";
import { onDerivedCommitted } from "../../../core/database/derived-version";
import { trackReadModel } from "../../../core/metrics";
import { withoutDeadline } from "../../shared/deadline";

/** How a read model is versioned and loaded. */
export interface ReadModelSource<T> {
  /** For logs. */
  name: string;
  /** The derived collection whose commits in this process mark the model stale at once (none for the catalog). */
  derivedCollection?: string;
  /** The published version: one `_id` read. */
  version(db: Db): Promise<number>;
  /** Loads the whole model (streaming scans), tagged with the version read before loading. */
  load(db: Db, version: number): Promise<T>;
}

/** After a failed load, requests use the database (or the previous load) this long before one retries. */
const RETRY_AFTER_MS = 10_000;

/** A loaded model and the version it was loaded at. */
interface Loaded<T> {
  value: T;
  version: number;
  loadMs: number;
}

/** What {@link ReadModelHolder.refresh} did. */
export interface ReadModelRefresh {
  name: string;
  reloaded: boolean;
  version: number;
  loadMs?: number;
}

/**
 * One process-local read model over `db`: loaded on first use (or by the read-model background task),
 * reloaded when its published version changes (polled by {@link refresh}) and swapped in one assignment,
 * so readers never see half a model. A commit of its derived collection in this process starts the
 * reload at once, and {@link get} waits for it (read-your-writes within the process).
 *
 * {@link get} never fails: before the first load finished (or when loading fails) it answers null after
 * waiting at most `waitMs`, and callers fall back to reading the database.
 */
export class ReadModelHolder<T> {
  private current: Loaded<T> | null = null;
  private refreshing: Promise<ReadModelRefresh> | null = null;
  private stale = false;
  /** In-process commits seen; a load clears `stale` only if none arrived while it ran. */
  private commits = 0;
  /** When the last load failed (ms); loads are not retried on the request path for {@link RETRY_AFTER_MS}. */
  private failedAt = -Infinity;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly source: ReadModelSource<T>,
  ) {
    trackReadModel(source.name, () => this.current?.version ?? null);
    if (source.derivedCollection) {
      const self = new WeakRef(this);
      const unsubscribe = onDerivedCommitted((databaseName, collection) => {
        const holder = self.deref();
        if (!holder) return void unsubscribe();
        if (databaseName !== db.databaseName || collection !== source.derivedCollection) return;
        holder.stale = true;
        holder.commits += 1;
        // A loaded model reloads at once (requests keep the previous one meanwhile); an unused one on first read.
        if (holder.current) void holder.refresh();
      });
    }
  }

  /** Version of the loaded model, or null before the first load. */
  get version(): number | null {
    return this.current?.version ?? null;
  }

  /** The model, loading or reloading it first when needed (waiting at most `waitMs`); null = read the database. */
  async get(waitMs: number): Promise<T | null> {
    if (this.current && !this.stale) return this.current.value;
    if (!this.refreshing && performance.now() - this.failedAt < RETRY_AFTER_MS) return this.current?.value ?? null;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), waitMs);
    });
    try {
      await Promise.race([this.refresh(), timeout]);
    } finally {
      clearTimeout(timer);
    }
    return this.current?.value ?? null;
  }

  /** Reloads when the published version differs from the loaded one (or after an in-process commit); one at a time, never throws. */
  refresh(): Promise<ReadModelRefresh> {
    // A load is shared by every request and outlives the one that started it: never bound by a request's deadline.
    this.refreshing ??= withoutDeadline(() => this.reloadIfChanged()).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async reloadIfChanged(): Promise<ReadModelRefresh> {
    const name = this.source.name;
    const started = performance.now();
    let version: number;
    try {
      version = await this.source.version(this.db);
      if (this.current && !this.stale && this.current.version === version) return { name, reloaded: false, version };
      // `stale` stays set while loading, so a read in the meantime waits for this load rather than
      // taking the model it replaces.
      const commits = this.commits;
      const value = await this.source.load(this.db, version);
      this.current = { value, version, loadMs: Math.round(performance.now() - started) };
      if (this.commits === commits) this.stale = false;
    } catch (error) {
      this.stale = true;
      this.failedAt = performance.now();
      this.logger.warn(
        { err: error, readModel: name },
        "read model load failed; reads go to the database (or the previous load)",
      );
      return { name, reloaded: false, version: this.current?.version ?? 0 };
    }
    this.logger.info({ readModel: name, version, loadMs: this.current.loadMs }, "read model loaded");
    return { name, reloaded: true, version, loadMs: this.current.loadMs };
  }
}
