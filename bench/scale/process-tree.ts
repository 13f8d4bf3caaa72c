import { readdirSync, readFileSync } from "node:fs";

/** Memory of one live process, from /proc/<pid>/status (Linux). */
export interface ProcessMemory {
  pid: number;
  ppid: number;
  /** argv of the process (from /proc/<pid>/cmdline). */
  argv: string[];
  /** Resident set size now, kB. */
  rssKb: number;
  /** Peak resident set size so far ("high water mark"), kB. */
  hwmKb: number;
}

function readProcess(pid: number): ProcessMemory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8")
      .split("\0")
      .filter((part) => part.length > 0);
    return { pid, ppid: field("PPid"), argv, rssKb: field("VmRSS"), hwmKb: field("VmHWM") };
  } catch {
    return null; // exited between listing and reading, or not ours to read
  }
}

/**
 * The live process `root` and all its descendants (children found by PPid in /proc). Empty when
 * `root` has exited or /proc is missing (not Linux).
 */
export function processTree(root: number): ProcessMemory[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  const all = new Map<number, ProcessMemory>();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const process = readProcess(Number(entry));
    if (process) all.set(process.pid, process);
  }
  const children = new Map<number, number[]>();
  for (const process of all.values()) children.set(process.ppid, [...(children.get(process.ppid) ?? []), process.pid]);
  const tree: ProcessMemory[] = [];
  const pending = all.has(root) ? [root] : [];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    tree.push(all.get(pid)!);
    pending.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** True for the embedded database server (FerretDB, or mongod of mongodb-memory-server). */
export function isEmbeddedDatabase(argv: readonly string[]): boolean {
  const executable = (argv[0] ?? "").split("/").pop() ?? "";
  return executable.startsWith("ferretdb") || executable === "mongod";
}
