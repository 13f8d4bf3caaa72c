import { rmSync } from "node:fs";
import type { EmbeddedDatabase } from "../../core/database/embedded-database";

/** Stops the database that global-setup started and removes its files. */
export default async function globalTeardown(): Promise<void> {
  const database = (globalThis as { __testDatabase?: EmbeddedDatabase }).__testDatabase;
  if (!database) return;
  await database.stop();
  if (process.env.TEST_DATABASE_DIR) rmSync(process.env.TEST_DATABASE_DIR, { recursive: true, force: true });
}
