import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";

/** One rejected input row: where it was, which field, and why. */
export interface Rejection {
  file: string;
  line: number;
  field: string;
  reason: string;
  value?: string;
}

/** Counts of one collection in an import. */
export interface CollectionCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** The summary an import prints and returns. */
export interface ImportSummary {
  format: string;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Rows imported after a repair (e.g. invalid UTF-8 re-decoded); listed in the report file. */
  warnings: number;
  collections: Record<string, CollectionCounts>;
  reportFile: string;
  catalogVersion: number;
  switched: string[];
  durationMs: number;
}

/** Appends rejections as JSON lines to a report file (created on first rejection). */
export class RejectionReport {
  private stream: WriteStream | undefined;
  count = 0;

  constructor(readonly file: string) {}

  /** Warnings written (rows imported after a repair). */
  warnings = 0;
  /** When false, nothing is recorded (the second pass of a two-pass import). */
  enabled = true;

  /** Records a repaired row that was still imported. */
  warn(warning: Rejection): void {
    if (!this.enabled) return;
    this.warnings++;
    this.write({ ...warning, level: "warning" });
  }

  /** Records one rejected row. */
  reject(rejection: Rejection): void {
    if (!this.enabled) return;
    this.count++;
    this.write({ ...rejection, level: "rejected" });
  }

  private write(entry: Rejection & { level: string }): void {
    if (!this.stream) {
      mkdirSync(dirname(this.file), { recursive: true });
      this.stream = createWriteStream(this.file, { flags: "a" });
    }
    const value = entry.value === undefined ? undefined : entry.value.slice(0, 200);
    this.stream.write(JSON.stringify({ ...entry, value }) + "\n");
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    const stream = this.stream;
    if (!stream) return Promise.resolve();
    return new Promise((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}

/** Default report path: `var/import-reports/<format>-<timestamp>.jsonl`. */
export function defaultReportFile(dataDir: string, format: string, now = new Date()): string {
  return `${dataDir}/import-reports/${format}-${now.toISOString().replace(/[:.]/g, "-")}.jsonl`;
}

/** Formats a summary as a few human lines. */
export function formatSummary(summary: ImportSummary): string {
  const lines = [
    `import ${summary.format}: ${summary.rowsRead} rows read, ${summary.inserted} inserted, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected in ${(summary.durationMs / 1000).toFixed(1)} s`,
  ];
  for (const [name, c] of Object.entries(summary.collections))
    lines.push(
      `  ${name}: ${c.read} read, ${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged, ${c.rejected} rejected`,
    );
  lines.push(
    summary.switched.length
      ? `  switched: ${summary.switched.join(", ")}; catalog version ${summary.catalogVersion}`
      : `  nothing changed; catalog version stays ${summary.catalogVersion}`,
  );
  if (summary.rejected || summary.warnings)
    lines.push(`  report (${summary.rejected} rejected, ${summary.warnings} warnings): ${summary.reportFile}`);
  return lines.join("\n");
}
