import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The command prefix of an npm script (e.g. `jobs` → node -r @swc-node/register jobs/command.ts jobs .job),
 * read from package.json so a caller spawns exactly what `npm run <script>` runs (paths relative to
 * the project root), minus npm's own process (the scale benchmark would count its memory).
 */
export function npmScriptCommand(projectRoot: string, script: string, nodePath = process.execPath): string[] {
  const scripts = (JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts ?? {};
  const line = scripts[script];
  if (!line) throw new Error(`package.json has no "${script}" script`);
  const [executable, ...args] = line.trim().split(/\s+/);
  if (executable !== "node") throw new Error(`the "${script}" script does not start with node: ${line}`);
  return [nodePath, ...args];
}
