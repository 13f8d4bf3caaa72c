import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../core/database/embedded-database";

/**
 * Starts one real FerretDB (SQLite backend, temporary directory) for the whole test run, unless
 * MONGODB_URI points at a server already. Test files isolate themselves by database name.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) return;
  const dataDir = mkdtempSync(join(tmpdir(), "discovery-test-db-"));
  const database = await startEmbeddedDatabase({ dataDir });
  process.env.MONGODB_URI = database.uri;
  process.env.TEST_DATABASE_DIR = dataDir;
  (globalThis as { __testDatabase?: EmbeddedDatabase }).__testDatabase = database;
}
