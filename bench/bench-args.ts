import { writeFileSync } from "node:fs";
import { UsageError } from "../jobs/command";

/** Parses `--name value` pairs (and bare `--flag`) of a benchmark command. */
export function parseBenchArgs(
  argv: string[],
  allowed: Record<string, "string" | "number" | "flag">,
  usage: string,
): Record<string, string | number | boolean> {
  const values: Record<string, string | number | boolean> = {};
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    const name = arg.replace(/^--/, "");
    const kind = allowed[name];
    if (!arg.startsWith("--") || !kind) throw new UsageError(`unknown argument ${arg}`, usage);
    if (kind === "flag") {
      values[name] = true;
      continue;
    }
    const raw = argv[(index += 1)];
    if (raw === undefined) throw new UsageError(`${arg} needs a value`, usage);
    if (kind === "number") {
      const value = Number(raw);
      if (!Number.isFinite(value) || value <= 0)
        throw new UsageError(`${arg} must be a positive number (got ${raw})`, usage);
      values[name] = value;
    } else values[name] = raw;
  }
  return values;
}

/** Prints the result as JSON on stdout and, with `out`, writes it to that file too. */
export function emitJson(result: unknown, out?: string | number | boolean): void {
  const json = JSON.stringify(result, null, 2);
  if (typeof out === "string") writeFileSync(out, json + "\n");
  process.stdout.write(json + "\n");
}

/** Resident set size of a process in bytes, from /proc (Linux); null elsewhere. */
export function rssOf(pid: number): number | null {
  try {
    const status = require("node:fs").readFileSync(`/proc/${pid}/status`, "utf8") as string;
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Percentile (0–100) of a list of numbers, nearest-rank: see bench/percentile.ts. */
export { percentile } from "./percentile";
