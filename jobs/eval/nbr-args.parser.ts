import { existsSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { missingFiles, NBR_FORMATS } from "../../eval/nbr/dataset.loader";
import { nbrMethodNames } from "../../eval/nbr/method.registry";
import type { NbrFormat } from "../../eval/nbr/nbr-dataset.types";

/** Thrown for bad command-line arguments; the CLI prints it with the usage and exits with code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Validated arguments of `eval nbr`. */
export interface NbrArgs {
  readonly format: NbrFormat;
  readonly data: string;
  readonly out: string;
  readonly methods: readonly string[];
  readonly ks: readonly number[];
  /** `test`: predict each user's target basket; `validation`: hold out each user's last history basket instead (targets unseen). */
  readonly split: "test" | "validation";
}

/** One-line usage of `eval nbr`. */
export function nbrUsage(): string {
  return (
    `usage: eval nbr --format ${NBR_FORMATS.join("|")} --data DIR --out FILE.json [--methods a,b] [--k 10,20] [--split test|validation]` +
    `  (split validation scores each user's last history basket and never reads a target, for choosing defaults; methods: ${nbrMethodNames().join(",")}; default all; k default 10,20)`
  );
}

/** Parses and checks `eval nbr` arguments (after the `nbr` word); throws `UsageError` naming the problem. */
export function parseNbrArgs(argv: readonly string[]): NbrArgs {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        format: { type: "string" },
        data: { type: "string" },
        out: { type: "string" },
        methods: { type: "string" },
        k: { type: "string" },
        split: { type: "string" },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0]);
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === "string" ? value.trim() : undefined;
  };

  const format = text("format");
  if (!format) throw new UsageError("missing --format");
  if (!(NBR_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown --format "${format}" (expected ${NBR_FORMATS.join(" or ")})`);
  }
  const data = text("data");
  if (!data) throw new UsageError("missing --data");
  if (!existsSync(data) || !statSync(data).isDirectory()) throw new UsageError(`--data "${data}" is not a folder`);
  const missing = missingFiles(format as NbrFormat, data);
  if (missing.length > 0)
    throw new UsageError(`--data "${data}" lacks ${missing.join(", ")} needed by --format ${format}`);
  const out = text("out");
  if (!out) throw new UsageError("missing --out");
  if (!/\.json$/i.test(out) || out.length <= 5) throw new UsageError(`--out "${out}" must be a FILE.json path`);

  const known = nbrMethodNames();
  const methodsText = text("methods");
  const methods = methodsText === undefined ? known : methodsText.split(",").map((m) => m.trim());
  if (methods.length === 0 || methods.some((m) => m === ""))
    throw new UsageError(`--methods "${methodsText}" has an empty name`);
  const unknown = methods.filter((m) => !known.includes(m));
  if (unknown.length > 0)
    throw new UsageError(`unknown method ${unknown.map((m) => `"${m}"`).join(", ")} (known: ${known.join(", ")})`);
  if (new Set(methods).size !== methods.length) throw new UsageError(`--methods "${methodsText}" lists a method twice`);

  const kText = text("k") ?? "10,20";
  const ks = kText.split(",").map((part) => part.trim());
  if (ks.some((part) => !/^[1-9][0-9]{0,3}$/.test(part)))
    throw new UsageError(`--k "${kText}" must be positive integers (at most 9999), comma-separated`);
  const kNumbers = [...new Set(ks.map(Number))].sort((a, b) => a - b);

  const split = text("split") ?? "test";
  if (split !== "test" && split !== "validation") throw new UsageError(`--split "${split}" must be test or validation`);

  return { format: format as NbrFormat, data, out, methods, ks: kNumbers, split };
}
