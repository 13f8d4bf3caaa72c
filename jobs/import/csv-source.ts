import { createReadStream, statSync } from "node:fs";
import { basename } from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { parse } from "csv-parse";
import { startProgress } from "../../core/progress";
import type { RejectionReport } from "./import-report";

/** A parsed CSV row with its 1-based line number (the line where the record ends). */
export interface CsvRow {
  line: number;
  record: Record<string, string>;
}

/** Marks a byte that is neither UTF-8 nor Windows-1252 (a private-use character; its row is rejected). */
export const UNDECODABLE = "\uE000";
/** Windows-1252 characters of bytes 0x80–0x9F (undefined ones are {@link UNDECODABLE}). */
const CP1252 =
  "\u20AC\uE000\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\uE000\u017D\uE000\uE000\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\uE000\u017E\u0178";

/**
 * Passes valid UTF-8 through and re-decodes each invalid byte as Windows-1252 (the usual culprit in
 * exported CSVs), calling `onRepair(line)` once per repaired line. Bytes with no Windows-1252 meaning
 * become {@link UNDECODABLE}, which the row check then rejects.
 */
export class Utf8Repair extends Transform {
  private carry = Buffer.alloc(0);
  private line = 1;
  private lastRepairedLine = 0;

  constructor(private readonly onRepair: (line: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const input = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = Buffer.alloc(0);
    callback(null, this.repair(input, false));
  }

  override _flush(callback: TransformCallback): void {
    callback(null, this.carry.length ? this.repair(this.carry, true) : Buffer.alloc(0));
  }

  private repair(input: Buffer, final: boolean): Buffer {
    const out: Buffer[] = [];
    let start = 0;
    let i = 0;
    while (i < input.length) {
      const byte = input[i]!;
      if (byte === 0x0a) this.line++;
      if (byte < 0x80) {
        i++;
        continue;
      }
      const length =
        byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
      if (length && i + length > input.length && !final) {
        out.push(input.subarray(start, i));
        this.carry = Buffer.from(input.subarray(i));
        return Buffer.concat(out);
      }
      let valid = length > 0 && i + length <= input.length;
      for (let k = 1; valid && k < length; k++) valid = (input[i + k]! & 0xc0) === 0x80;
      if (valid && length === 3)
        valid = !(byte === 0xe0 && input[i + 1]! < 0xa0) && !(byte === 0xed && input[i + 1]! > 0x9f);
      if (valid && length === 4)
        valid = !(byte === 0xf0 && input[i + 1]! < 0x90) && !(byte === 0xf4 && input[i + 1]! > 0x8f);
      if (valid) {
        i += length;
        continue;
      }
      out.push(input.subarray(start, i));
      out.push(Buffer.from(byte < 0xa0 ? CP1252[byte - 0x80]! : String.fromCharCode(byte), "utf8"));
      if (this.lastRepairedLine !== this.line) {
        this.lastRepairedLine = this.line;
        this.onRepair(this.line);
      }
      i++;
      start = i;
    }
    out.push(input.subarray(start));
    return Buffer.concat(out);
  }
}

/**
 * Streams a CSV file with a header row: constant memory, a progress bar by bytes. Malformed rows
 * (wrong column count, broken quotes) are reported and skipped; invalid UTF-8 is repaired as
 * Windows-1252 (reported as a warning), rows still holding undecodable bytes are rejected, and rows
 * whose text already holds U+FFFD (damaged upstream) are imported with a warning.
 */
export async function* readCsv(file: string, report: RejectionReport, label = basename(file)): AsyncGenerator<CsvRow> {
  const size = statSync(file).size;
  const progress = startProgress(`import ${label}`, size);
  const input = createReadStream(file);
  input.on("data", (chunk) => progress.tick(chunk.length));
  const repaired = input.pipe(
    new Utf8Repair((line) =>
      report.warn({ file: basename(file), line, field: "(row)", reason: "invalid UTF-8 repaired as Windows-1252" }),
    ),
  );
  const parser = repaired.pipe(
    parse({ columns: true, info: true, skip_records_with_error: true, bom: true, trim: true }),
  );
  parser.on("skip", (error: Error & { lines?: number; code?: string }) => {
    report.reject({
      file: basename(file),
      line: error.lines ?? 0,
      field: "(row)",
      reason: `malformed CSV: ${error.message}`,
    });
  });
  try {
    for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const bad = Object.entries(item.record).find(
        ([, value]) => typeof value === "string" && value.includes(UNDECODABLE),
      );
      if (bad) {
        report.reject({
          file: basename(file),
          line: item.info.lines,
          field: bad[0],
          reason: "invalid UTF-8: byte sequence that is neither UTF-8 nor Windows-1252",
          value: bad[1],
        });
        continue;
      }
      const damaged = Object.entries(item.record).find(
        ([, value]) => typeof value === "string" && value.includes("\uFFFD"),
      );
      if (damaged)
        report.warn({
          file: basename(file),
          line: item.info.lines,
          field: damaged[0],
          reason: "text holds U+FFFD replacement characters (damaged before export); imported as is",
          value: damaged[1],
        });
      yield { line: item.info.lines, record: item.record };
    }
  } finally {
    progress.stop();
  }
}

/** Parses a positive integer id field; undefined when invalid. */
export function positiveInteger(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,15}(\.0+)?$/.test(text.trim())) return undefined;
  const value = Number(text);
  return value > 0 && Number.isSafeInteger(value) ? value : undefined;
}

/** Parses a finite number; undefined when empty or invalid. */
export function finiteNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
