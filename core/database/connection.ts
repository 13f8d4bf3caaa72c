import { databaseCommandSeconds } from "../metrics";
import { MongoClient, type Db, type MongoClientOptions } from "mongodb";

/** Options of {@link connectDatabase}. */
export interface DatabaseOptions {
  uri: string;
  databaseName: string;
  /** How long an operation waits for a reachable server before failing. */
  timeoutMs: number;
  /** Extra driver options (tests turn on command monitoring here). */
  driver?: MongoClientOptions;
}

/** A connected database handle; the driver reconnects by itself when the server returns. */
export interface Database {
  client: MongoClient;
  db: Db;
  /** True when the server answers a ping within the timeout. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Connects lazily: the client is created at once and connects on first use, so a process can start
 * while the database is still down and become ready when it comes up.
 */
export function connectDatabase(options: DatabaseOptions): Database {
  const client = new MongoClient(options.uri, {
    serverSelectionTimeoutMS: options.timeoutMs,
    connectTimeoutMS: options.timeoutMs,
    socketTimeoutMS: Math.max(options.timeoutMs * 15, 30000),
    retryWrites: false,
    // Command events feed discovery_db_command_duration_seconds (core/metrics.ts).
    monitorCommands: true,
    ...options.driver,
  });
  client.on("commandSucceeded", (event) =>
    databaseCommandSeconds.observe({ command: event.commandName, outcome: "ok" }, event.duration / 1000),
  );
  client.on("commandFailed", (event) =>
    databaseCommandSeconds.observe({ command: event.commandName, outcome: "failed" }, event.duration / 1000),
  );
  const db = client.db(options.databaseName);
  return {
    client,
    db,
    async ping() {
      try {
        await db.command({ ping: 1 });
        return true;
      } catch {
        return false;
      }
    },
    close: () => client.close(),
  };
}
