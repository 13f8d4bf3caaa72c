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

/** CPU time (user + system) a process has used so far, in ms; null when it cannot be read (not Linux, or gone). */
export function cpuMsOf(pid: number): number | null {
  try {
    const stat = require("node:fs").readFileSync(`/proc/${pid}/stat`, "utf8") as string;
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Linux's USER_HZ (`getconf CLK_TCK`), 100 on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Percentile (0–100) of a list of numbers, nearest-rank: see bench/percentile.ts. */
export { percentile } from "./percentile";
