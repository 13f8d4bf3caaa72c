import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  clearRunningDatabase,
  readRunningDatabase,
  writeRunningDatabase,
} from "../../../core/database/running-database";

test("npm start records its database's URI even where no data folder exists yet (FerretDB on PostgreSQL keeps none), and clears it", () => {
  const root = mkdtempSync(join(tmpdir(), "running-database-"));
  try {
    const dataDir = join(root, "var", "ferretdb-pg");
    expect(readRunningDatabase(dataDir)).toBeNull();
    writeRunningDatabase(dataDir, "mongodb://127.0.0.1:27017/?directConnection=true");
    expect(readRunningDatabase(dataDir)).toBe("mongodb://127.0.0.1:27017/?directConnection=true");
    clearRunningDatabase(dataDir);
    expect(readRunningDatabase(dataDir)).toBeNull();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
