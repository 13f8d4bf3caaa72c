import { readFileSync } from "node:fs";
import { join } from "node:path";
import { nodeEntryArgs } from "./paths";

/**
 * The command prefix of an npm script (e.g. `jobs` → node -r @swc-node/register jobs/command.ts jobs .job),
 * read from package.json so a caller spawns exactly what `npm run <script>` runs (paths relative to
 * the project root), minus npm's own process (the scale benchmark would count its memory). In the compiled
 * build the entry is its `dist/…/*.js` file, run without a compiler.
 */
export function npmScriptCommand(projectRoot: string, script: string, nodePath = process.execPath): string[] {
  const scripts =
    (JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { scripts?: Record<string, string> })
      .scripts ?? {};
  const line = scripts[script];
  if (!line) throw new Error(`package.json has no "${script}" script`);
  const [executable, ...args] = line.trim().split(/\s+/);
  if (executable !== "node") throw new Error(`the "${script}" script does not start with node: ${line}`);
  // The script's entry file runs the way this process runs: compiled when compiled, else from sources.
  const entry = args.findIndex((arg) => arg.endsWith(".ts"));
  if (entry < 0) return [nodePath, ...args];
  return [
    nodePath,
    ...nodeEntryArgs(args[entry]!).map((arg) =>
      arg.startsWith(projectRoot) ? arg.slice(projectRoot.length + 1) : arg,
    ),
    ...args.slice(entry + 1),
  ];
}
