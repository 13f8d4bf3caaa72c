import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../paths";

const SOURCE_DIR = join(projectRoot, "tools", "ferretdb");
const SOURCE_FILES = ["go.mod", "go.sum", "main.go"];

/** Where the FerretDB wrapper binary for the current sources is cached (ignored by git). */
export function ferretDbBinaryPath(): string {
  const hash = createHash("sha256");
  for (const file of SOURCE_FILES) hash.update(readFileSync(join(SOURCE_DIR, file)));
  return join(projectRoot, ".cache", "bin", `ferretdb-${hash.digest("hex").slice(0, 12)}`);
}

/** True when a Go toolchain is on the PATH. */
export function goAvailable(): boolean {
  return spawnSync("go", ["version"], { stdio: "ignore" }).status === 0;
}

/**
 * Returns the path of the FerretDB wrapper binary, building it with Go first when it is missing.
 * The build prints each compiled package to stderr (the first build takes a few minutes), writes to a
 * temporary name and renames, so an interrupted build never leaves a broken binary behind.
 */
export async function ensureFerretDbBinary(
  log: (line: string) => void = (l) => process.stderr.write(l + "\n"),
): Promise<string> {
  const binary = ferretDbBinaryPath();
  if (existsSync(binary)) return binary;
  if (!goAvailable()) throw new Error("Go is not installed, so the embedded FerretDB cannot be built");
  mkdirSync(join(projectRoot, ".cache", "bin"), { recursive: true });
  const partial = `${binary}.partial-${process.pid}`;
  log(
    `Building the embedded database (FerretDB v1 wrapper in tools/ferretdb) into ${binary}; the first build takes a few minutes…`,
  );
  const started = Date.now();
  let compiled = 0;
  await new Promise<void>((resolve, reject) => {
    const child = spawn("go", ["build", "-v", "-o", partial, "."], {
      cwd: SOURCE_DIR,
      stdio: ["ignore", "inherit", "pipe"],
    });
    let tail = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      tail = (tail + chunk).slice(-4000);
      for (const line of chunk.split("\n")) {
        if (!line.trim()) continue;
        compiled += 1;
        if (compiled % 25 === 0) log(`  go build: ${compiled} packages compiled (latest ${line.trim()})`);
      }
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`go build failed (exit ${code}):\n${tail}`)),
    );
  });
  renameSync(partial, binary);
  log(`Built the embedded database in ${((Date.now() - started) / 1000).toFixed(1)} s (${compiled} packages).`);
  return binary;
}
