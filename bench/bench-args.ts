import { writeFileSync } from "node:fs";

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
