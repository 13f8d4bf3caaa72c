import { defineCommand, parseCommandLine } from "../core/cli-args";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { projectRoot } from "../core/paths";

/** The parts of a V8 `.cpuprofile` this summary reads. */
interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  samples: number[];
  timeDeltas: number[];
}

/** Where busy time went in one profile (idle excluded): self time per function and per file or npm package. */
export interface ProfileSummary {
  file: string;
  totalMs: number;
  idleMs: number;
  topFunctions: Array<{ name: string; selfMs: number; share: number }>;
  topFiles: Array<{ file: string; selfMs: number; share: number }>;
}

function where(url: string): string {
  if (!url) return "(native)";
  const path = url.replace(/^file:\/\//, "");
  const nodeModules = path.lastIndexOf("node_modules/");
  if (nodeModules >= 0) {
    const rest = path.slice(nodeModules + "node_modules/".length).split("/");
    return `npm:${rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  return path.startsWith("/") ? relative(projectRoot, path) : path;
}

/** Summarizes one `.cpuprofile` (from `PROFILE_DIR=… npm run bench -- load`): self time by function and by file or package. */
export function summarizeProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    total += us;
    if (frame.functionName === "(idle)" || frame.functionName === "(program)") {
      idle += us;
      continue;
    }
    const place = where(frame.url);
    const name = `${frame.functionName || "(anonymous)"} ${place}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    files.set(place, (files.get(place) ?? 0) + us);
  }
  const busy = Math.max(1, total - idle);
  const rank = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    file,
    totalMs: Math.round(total / 1000),
    idleMs: Math.round(idle / 1000),
    topFunctions: rank(functions).map(([name, us]) => ({
      name,
      selfMs: Math.round(us / 1000),
      share: Math.round((us / busy) * 1000) / 1000,
    })),
    topFiles: rank(files).map(([name, us]) => ({
      file: name,
      selfMs: Math.round(us / 1000),
      share: Math.round((us / busy) * 1000) / 1000,
    })),
  };
}

/** `npm run profile -- FILE.cpuprofile …`: prints each profile's summary as JSON. */
if (require.main === module) {
  const args = parseCommandLine(
    defineCommand({
      command: "npm run profile --",
      summary: "Prints each CPU profile's summary as JSON (make them with PROFILE_DIR=DIR npm run bench -- load …).",
      options: {},
      positionals: "FILE.cpuprofile [FILE.cpuprofile …]",
    }),
  );
  if (!args) process.exit(0);
  const files = [...args.positionals];
  if (files.length === 0) {
    process.stderr.write("error: name at least one FILE.cpuprofile\n");
    process.exit(2);
  }
  process.stdout.write(
    `${JSON.stringify(
      files.map((file) => summarizeProfile(file)),
      null,
      2,
    )}\n`,
  );
}
