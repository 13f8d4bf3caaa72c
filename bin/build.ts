import { defineCommand, parseCommandLine } from "../core/cli-args";
import { spawn } from "node:child_process";
import { cpSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { projectRoot } from "../core/paths";

/** The source folders the compiled build holds (tests, benchmarks and tools stay development-only). */
const SOURCE_FOLDERS = ["core", "gateway", "subgraphs", "plugins", "ml", "eval", "jobs", "bin"];
const OUT_DIR = join(projectRoot, "dist");

/** Files under `folder` that are not TypeScript (data files read at run time by path), relative to the root. */
function assets(folder: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) found.push(...assets(path));
    else if (!name.endsWith(".ts")) found.push(relative(projectRoot, path));
  }
  return found;
}

function sizeOf(path: string): { files: number; bytes: number } {
  if (!statSync(path).isDirectory()) return { files: 1, bytes: statSync(path).size };
  return readdirSync(path)
    .map((name) => sizeOf(join(path, name)))
    .reduce((a, b) => ({ files: a.files + b.files, bytes: a.bytes + b.bytes }), { files: 0, bytes: 0 });
}

/**
 * `npm run build`: compiles the product to `dist/` with TypeScript (decorator metadata included, as
 * type-graphql needs) and copies the data files the code reads by path, so production processes run
 * `node dist/…` with no compiler at run time (`npm run start:dist`).
 */
async function main(): Promise<void> {
  const started = Date.now();
  rmSync(OUT_DIR, { recursive: true, force: true });
  process.stderr.write("build: compiling with tsc -p tsconfig.build.json…\n");
  const code = await new Promise<number>((resolveRun) => {
    const child = spawn(
      process.execPath,
      [require.resolve("typescript/bin/tsc"), "-p", join(projectRoot, "tsconfig.build.json")],
      { cwd: projectRoot, stdio: "inherit" },
    );
    child.once("exit", (exitCode) => resolveRun(exitCode ?? 1));
  });
  if (code !== 0) {
    process.stderr.write(`build: tsc failed (exit code ${code}); dist/ is incomplete\n`);
    process.exit(code);
  }
  const copied = SOURCE_FOLDERS.flatMap((folder) => assets(join(projectRoot, folder)));
  for (const file of copied) cpSync(join(projectRoot, file), join(OUT_DIR, file), { recursive: false, force: true });
  const { files, bytes } = sizeOf(OUT_DIR);
  process.stderr.write(
    `build: dist/ holds ${files} files (${(bytes / 1e6).toFixed(1)} MB, ${copied.length} data files copied) in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      "run it with `npm run start:dist`\n",
  );
}

if (
  parseCommandLine(
    defineCommand({
      command: "npm run build",
      summary: "Compiles the product to dist/; run it with npm run start:dist.",
      options: {},
    }),
  )
)
  void main();
