import { createReadStream, createWriteStream, mkdtempSync, rmSync, type WriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fnv1a } from "../../core/hash";

/** One row kept for grouping: its group key, its input line and its parsed fields. */
export interface PartitionedRow<T> {
  key: string;
  line: number;
  data: T;
}

/** Bytes of input per bucket: a bucket is the most held in memory at once when grouping. */
const BYTES_PER_BUCKET = 8 * 1024 * 1024;

/**
 * Groups rows of an unsorted file by key in bounded memory (e.g. transaction lines by basket): rows are
 * spread over temporary JSON-lines bucket files by a hash of their key, then each bucket is read alone
 * and its rows grouped. Memory is one bucket (about {@link BYTES_PER_BUCKET} of input), whatever the
 * file size. Groups come out in a deterministic order (bucket, then first appearance), so an importer
 * may read them twice (plan and write passes) and get the same documents.
 */
export class GroupPartition<T> {
  private readonly directory = mkdtempSync(join(tmpdir(), "import-groups-"));
  private readonly streams: WriteStream[];

  /** `inputBytes` sizes the bucket count (1–256). */
  constructor(inputBytes: number) {
    const buckets = Math.min(256, Math.max(1, Math.ceil(inputBytes / BYTES_PER_BUCKET)));
    this.streams = Array.from({ length: buckets }, (_, k) => createWriteStream(this.bucketFile(k)));
  }

  /** Appends a row to its key's bucket, waiting when the file stream is saturated. */
  async add(row: PartitionedRow<T>): Promise<void> {
    const stream = this.streams[fnv1a(row.key) % this.streams.length]!;
    if (!stream.write(JSON.stringify(row) + "\n"))
      await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
  }

  /** Closes the bucket files; call once after the last {@link add}. */
  async finish(): Promise<void> {
    await Promise.all(
      this.streams.map(
        (stream) =>
          new Promise<void>((resolve, reject) =>
            stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
          ),
      ),
    );
  }

  /** Every group: its key and its rows in input order. */
  async *groups(): AsyncGenerator<{ key: string; rows: Array<PartitionedRow<T>> }> {
    for (let k = 0; k < this.streams.length; k++) {
      const groups = new Map<string, Array<PartitionedRow<T>>>();
      const lines = createInterface({ input: createReadStream(this.bucketFile(k)), crlfDelay: Infinity });
      for await (const text of lines) {
        if (!text) continue;
        const row = JSON.parse(text) as PartitionedRow<T>;
        const group = groups.get(row.key);
        if (group) group.push(row);
        else groups.set(row.key, [row]);
      }
      for (const [key, rows] of groups) yield { key, rows: rows.sort((a, b) => a.line - b.line) };
    }
  }

  /** Deletes the bucket files. */
  dispose(): void {
    for (const stream of this.streams) stream.destroy();
    rmSync(this.directory, { recursive: true, force: true });
  }

  private bucketFile(k: number): string {
    return join(this.directory, `bucket-${k}.jsonl`);
  }
}
