import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Where `npm start` leaves the URI of the embedded database it runs (beside its data), so jobs use that
 * server instead of starting a second one on the same files.
 */
function uriFile(dataDir: string): string {
  return join(dataDir, "running.uri");
}

/** Records that a server for `dataDir` listens at `uri` (creating `dataDir`: on PostgreSQL nothing else does). */
export function writeRunningDatabase(dataDir: string, uri: string): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(uriFile(dataDir), `${uri}\n`);
}

/** The URI recorded for `dataDir`, or null (the server may still be gone: ping before use). */
export function readRunningDatabase(dataDir: string): string | null {
  const file = uriFile(dataDir);
  return existsSync(file) ? readFileSync(file, "utf8").trim() || null : null;
}

/** Forgets the record (on stop). */
export function clearRunningDatabase(dataDir: string): void {
  rmSync(uriFile(dataDir), { force: true });
}
