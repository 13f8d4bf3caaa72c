import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Db, Document } from "mongodb";
import { bumpCatalogVersion, readCatalogVersion } from "../../core/catalog/catalog-version";
import { loadConfigOrExit, type Config } from "../../core/config";
import { projectRoot } from "../../core/paths";
import { measureCatalogDrift } from "../../ml/model-refresh/catalog-drift";
import { openJobDatabase } from "../../core/database/job-database";
import { defineCommand, UsageError } from "../../core/cli-args";
import { CatalogStage } from "./catalog-stage";
import { COLLECTIONS } from "../../core/documents/collections";
import { noteOrdersReplaced } from "../../core/documents/order-timeline";
import {
  RejectionReport,
  defaultReportFile,
  formatSummary,
  type CollectionCounts,
  type ImportSummary,
  type Rejection,
} from "./import-report";

/** What an importer gets: a stage to write into, a rejection report and counters. */
export class ImportContext {
  readonly counts: Record<string, CollectionCounts> = {};
  rowsRead = 0;
  private readonly duplicateRows = new Set<string>();

  constructor(
    readonly db: Db,
    readonly stage: CatalogStage,
    readonly report: RejectionReport,
    readonly now: Date,
  ) {}

  /** Counts a row read from input (first pass only). */
  read(collection: string, n = 1): void {
    if (this.writing) return;
    this.rowsRead += n;
    this.countsOf(collection).read += n;
  }

  /** Rejects an input row (reported; the import goes on). */
  reject(collection: string, rejection: Rejection): void {
    if (this.writing) return;
    this.countsOf(collection).rejected++;
    this.report.reject(rejection);
  }

  /** True in the second (write) pass: importers must not count or report again. */
  get writing(): boolean {
    return this.stage.mode === "write";
  }

  /** Stages documents with the input location of each, rejecting duplicate ids. */
  async put(
    collection: string,
    items: Array<{ doc: Document & { _id: string }; file: string; line: number }>,
  ): Promise<void> {
    this.countsOf(collection);
    const outcomes = await this.stage.put(
      collection,
      items.map((i) => ({ doc: i.doc, at: `${i.file}:${i.line}` })),
    );
    if (this.writing) return;
    outcomes.forEach((outcome, k) => {
      const at = `${items[k]!.file}:${items[k]!.line}`;
      // A duplicate row yields duplicates in several collections (product and offer): report it once.
      if (outcome === "duplicate" && !this.duplicateRows.has(at)) {
        if (this.duplicateRows.size > 10000) this.duplicateRows.clear();
        this.duplicateRows.add(at);
        this.reject(collection, {
          file: items[k]!.file,
          line: items[k]!.line,
          field: "_id",
          reason: `duplicate id ${items[k]!.doc._id} (first occurrence kept)`,
          value: items[k]!.doc._id,
        });
      }
    });
  }

  /** Counts of a collection (created on first use). */
  countsOf(collection: string): CollectionCounts {
    return (this.counts[collection] ??= { read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 });
  }
}

/** A batch buffer that stages documents `size` at a time. */
export class StageBuffer {
  private items: Array<{ doc: Document & { _id: string }; file: string; line: number }> = [];

  constructor(
    private readonly context: ImportContext,
    private readonly collection: string,
    private readonly size = 2000,
  ) {}

  /** Adds one document; stages the batch when full. */
  async add(doc: Document & { _id: string }, file: string, line: number): Promise<void> {
    this.items.push({ doc, file, line });
    if (this.items.length >= this.size) await this.flush();
  }

  /** Stages what is buffered. */
  async flush(): Promise<void> {
    if (!this.items.length) return;
    const items = this.items;
    this.items = [];
    await this.context.put(this.collection, items);
  }
}

/** Options of {@link runImport}. */
export interface ImportOptions {
  /** Report file for rejected rows; default var/import-reports/<format>-<timestamp>.jsonl. */
  reportFile?: string;
  /** Clock for createdAt/updatedAt of new and changed documents. */
  now?: Date;
  log?: (line: string) => void;
}

/**
 * Runs an importer body twice against a stage (plan, then write only if something changed): on success
 * switches the changed collections live and bumps the catalog version (only when something changed);
 * on failure drops the staging and rethrows, so the live catalog is never half-written. The body must
 * be deterministic (same documents in the same order on both passes).
 */
export async function runImport(
  db: Db,
  format: string,
  body: (context: ImportContext) => Promise<void>,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const report = new RejectionReport(
    options.reportFile ?? defaultReportFile(process.env.DATA_DIR ?? "var", format, now),
  );
  const stage = await CatalogStage.open(db);
  const context = new ImportContext(db, stage, report, now);
  let switched: string[];
  try {
    await body(context);
    const { counts, changed } = await stage.classify();
    for (const [collection, c] of Object.entries(counts)) Object.assign(context.countsOf(collection), c);
    report.enabled = false;
    if (changed) {
      await stage.prepareWrite();
      await body(context);
    }
    switched = await stage.commit(options.log);
  } catch (error) {
    await stage.abort().catch(() => {});
    await report.close().catch(() => {});
    throw error;
  }
  await report.close();
  if (switched.includes(COLLECTIONS.orders)) await noteOrdersReplaced(db);
  const catalogVersion = switched.length ? await bumpCatalogVersion(db, now) : await readCatalogVersion(db);
  const totals = Object.values(context.counts).reduce(
    (t, c) => ({
      inserted: t.inserted + c.inserted,
      updated: t.updated + c.updated,
      unchanged: t.unchanged + c.unchanged,
    }),
    { inserted: 0, updated: 0, unchanged: 0 },
  );
  const summary: ImportSummary = {
    format,
    rowsRead: context.rowsRead,
    ...totals,
    rejected: report.count,
    warnings: report.warnings,
    collections: context.counts,
    reportFile: report.file,
    catalogVersion,
    switched,
    durationMs: Date.now() - started,
  };
  options.log?.(formatSummary(summary));
  return summary;
}

function importArgs(format: string) {
  return defineCommand({
    command: `npm run import -- ${format}`,
    summary: "Imports PATH into the configured database; rejected rows go to the report file.",
    options: {
      report: { type: "string", value: "FILE", help: "where rejected rows go (default under DATA_DIR)" },
    },
    positionals: "PATH",
  });
}

/** The command line of importer `format` (`--help`). */
export function importUsage(format: string): string {
  return importArgs(format).usage;
}

/** Parses `<path> [--report FILE]` for an importer CLI; throws a UsageError naming the problem. */
export function parseImportArguments(format: string, argv: string[]): { path: string; reportFile?: string } {
  const command = importArgs(format);
  const { report: reportFile, positionals } = command.parse(argv);
  if (positionals.length === 0) throw new UsageError("missing PATH", command.usage);
  if (positionals.length > 1)
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[1])}`, command.usage);
  const path = positionals[0]!;
  if (!existsSync(path)) throw new UsageError(`${path} does not exist`, command.usage);
  return { path: resolve(path), ...(reportFile ? { reportFile } : {}) };
}

/** CLI wrapper: connects (MONGODB_URI or the embedded FerretDB), runs the importer, prints the summary. */
export async function importCommand(
  format: string,
  argv: string[],
  importer: (db: Db, path: string, options: ImportOptions) => Promise<ImportSummary>,
): Promise<void> {
  const args = parseImportArguments(format, argv);
  const config = loadConfigOrExit();
  const { database, close } = await openJobDatabase(config, (line) =>
    process.stderr.write(`${line}
`),
  );
  try {
    await importer(database.db, args.path, {
      reportFile: args.reportFile ?? defaultReportFile(config.DATA_DIR, format),
      log: (line) => process.stdout.write(line + "\n"),
    });
    process.stdout.write(`${await modelRefreshNotice(database.db, config)}\n`);
  } finally {
    await close();
  }
}

/**
 * What happens to the models after this import: how far the catalog moved from the one the text encoder
 * and Semantic IDs were built on, and whether the catalog process will refresh them in the background.
 */
async function modelRefreshNotice(db: Db, config: Config): Promise<string> {
  const drift = await measureCatalogDrift(db, resolve(projectRoot, config.DATA_DIR));
  if (!drift) return "models: none trained under DATA_DIR yet (npm start trains them)";
  const share = `${Math.round(drift.share * 1000) / 10}%`;
  if (drift.share < config.MODEL_REFRESH_THRESHOLD || drift.indexedCatalogVersion >= drift.catalogVersion)
    return `models: catalog ${share} new since the models were built, below MODEL_REFRESH_THRESHOLD ${config.MODEL_REFRESH_THRESHOLD}; new products get Semantic IDs from the current encoder`;
  return config.MODEL_REFRESH === "on"
    ? `models: catalog ${share} new since the models were built: a running catalog process (npm start) retrains the text encoder and rebuilds the vector indexes and Semantic IDs in the background within CATALOG_VERSION_POLL_SECONDS (or run npm run jobs -- refresh-models now); progress: npm run jobs -- refresh-models --status`
    : `models: catalog ${share} new since the models were built; MODEL_REFRESH=off: run npm run jobs -- refresh-models`;
}
