import { createReadStream } from "node:fs";
import { parse } from "csv-parse";

/** Options for streaming a headed CSV file. */
export interface CsvRowsOptions<C extends string> {
  /** Columns that must be present in the header; rows are returned as values in this order. */
  readonly columns: readonly C[];
  /** Called with the number of bytes read since the previous call (for progress bars). */
  readonly onBytes?: (bytes: number) => void;
}

/** Streams a headed CSV file and yields, per data row, the required columns' values in `columns` order. */
export async function* readCsvRows<C extends string>(
  path: string,
  options: CsvRowsOptions<C>,
): AsyncGenerator<string[], void, undefined> {
  const input = createReadStream(path);
  if (options.onBytes) {
    const onBytes = options.onBytes;
    input.on("data", (chunk) => onBytes(chunk.length));
  }
  const parser = input.pipe(parse({ skip_empty_lines: true, trim: true }));
  input.on("error", (error) => parser.destroy(error));
  let positions: number[] | undefined;
  for await (const record of parser as AsyncIterable<string[]>) {
    if (!positions) {
      const header = record.map((name) => name.replace(/^\uFEFF/, ""));
      positions = options.columns.map((column) => {
        const at = header.indexOf(column);
        if (at < 0) throw new Error(`${path}: missing column "${column}" (header: ${header.join(",")})`);
        return at;
      });
      continue;
    }
    const row = new Array<string>(positions.length);
    for (let i = 0; i < positions.length; i += 1) row[i] = record[positions[i]] ?? "";
    yield row;
  }
  if (!positions) throw new Error(`${path}: empty file, expected a header with ${options.columns.join(",")}`);
}
