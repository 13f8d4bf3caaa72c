import { resolve } from "node:path";
import type { Config } from "../config";
import { connectDatabase, type Database } from "./connection";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded-database";
import { projectRoot } from "../paths";
import { readRunningDatabase } from "./running-database";
import { configureByIdReads } from "./by-id-reads";

/**
 * How long a job waits for one reply. Jobs scan whole collections, and on FerretDB one batch of a scan
 * over millions of documents (the large seed) can take minutes; a dead server still fails at once.
 */
export const JOB_SOCKET_TIMEOUT_MS = 30 * 60_000;

/** A database for a CLI job, and how to let go of it. */
export interface JobDatabase {
  database: Database;
  close(): Promise<void>;
}

/**
 * Configures how the job reads by key ({@link configureByIdReads}), and opens its database:
 * MONGODB_URI when set; else the embedded database of `npm start` when one is running on DATA_DIR (it
 * records its URI there); else starts the embedded FerretDB on DATA_DIR for the duration of the job.
 */
export async function openJobDatabase(config: Config, log: (line: string) => void): Promise<JobDatabase> {
  // Jobs read by id and by indexed keys as the subgraphs do (BY_ID_READS).
  configureByIdReads(config.BY_ID_READS, config.FERRETDB_BACKEND);
  const open = (uri: string): Database =>
    connectDatabase({
      uri,
      databaseName: config.MONGODB_DATABASE,
      timeoutMs: Math.max(config.MONGODB_TIMEOUT_MS, 10000),
      driver: { socketTimeoutMS: JOB_SOCKET_TIMEOUT_MS },
    });
  if (config.MONGODB_URI) {
    const database = open(config.MONGODB_URI);
    return { database, close: () => database.close() };
  }
  const dataDir = resolve(
    projectRoot,
    config.DATA_DIR,
    config.FERRETDB_BACKEND === "sqlite" ? "ferretdb" : "ferretdb-pg",
  );
  const recorded = readRunningDatabase(dataDir);
  if (recorded) {
    const probe = connectDatabase({ uri: recorded, databaseName: config.MONGODB_DATABASE, timeoutMs: 1000 });
    const up = await probe.ping();
    await probe.close();
    if (up) {
      // The probe's short timeouts suit a ping; the job's scans need the job's socket timeout.
      const running = open(recorded);
      return { database: running, close: () => running.close() };
    }
  }
  const embedded: EmbeddedDatabase = await startEmbeddedDatabase({
    dataDir,
    backend: config.FERRETDB_BACKEND,
    postgresUrl: config.FERRETDB_POSTGRESQL_URL,
    log,
  });
  log(`database: ${embedded.kind} on ${embedded.uri} (data in ${dataDir})`);
  const database = open(embedded.uri);
  return {
    database,
    async close() {
      await database.close();
      await embedded.stop();
    },
  };
}
