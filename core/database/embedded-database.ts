import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { ensureFerretDbBinary, goAvailable } from "./ferretdb-binary";
import { freePort } from "./free-port";
import { preparePostgresqlForFerretDb } from "./postgresql-for-ferretdb";

/** A database server started by this process. */
export interface EmbeddedDatabase {
  /** Connection string for the official driver. */
  uri: string;
  /** Which server runs: FerretDB (SQLite or PostgreSQL backend) or mongodb-memory-server. */
  kind: "ferretdb-sqlite" | "ferretdb-postgresql" | "mongodb-memory-server";
  port: number;
  /** Stops the server and waits for it to exit. Data on disk is kept. */
  stop(): Promise<void>;
  /**
   * FerretDB only: the server's current process, and a way to start it again on the same port and data
   * after it exited (clients reconnect by themselves). `respawn` returns the new process at once;
   * `listening` settles when it accepts connections.
   */
  process?(): ChildProcess;
  respawn?(): { child: ChildProcess; listening: Promise<void> };
}

/** The PostgreSQL database FerretDB uses when no URL is given (created on first use). */
export const DEFAULT_POSTGRESQL_URL = "postgres://postgres@127.0.0.1:5432/ferretdb";

/** Options of {@link startEmbeddedDatabase}. */
export interface EmbeddedDatabaseOptions {
  /** Directory for the SQLite files (created if missing). */
  dataDir: string;
  /** Port to listen on; a free one when omitted. */
  port?: number;
  /**
   * `sqlite` (default) or `postgresql` with {@link postgresUrl}: that database is created if missing and
   * prepared so equality reads use indexes ({@link preparePostgresqlForFerretDb}).
   */
  backend?: "sqlite" | "postgresql";
  postgresUrl?: string;
  log?: (line: string) => void;
}

/**
 * Starts the embedded MongoDB-compatible server: FerretDB built from tools/ferretdb (built on demand),
 * or, when Go is missing, mongodb-memory-server (needs internet to download mongod the first time).
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  if (goAvailable()) return startFerretDb(await ensureFerretDbBinary(log), options, log);
  log("Go is not installed: falling back to mongodb-memory-server (downloads mongod on first use).");
  return startMemoryServer(options);
}

async function startFerretDb(
  binary: string,
  options: EmbeddedDatabaseOptions,
  log: (line: string) => void,
): Promise<EmbeddedDatabase> {
  const port = options.port ?? (await freePort());
  const backend = options.backend ?? "sqlite";
  const args = ["-listen-addr", `127.0.0.1:${port}`, "-handler", backend];
  if (backend === "sqlite") {
    mkdirSync(options.dataDir, { recursive: true });
    args.push("-sqlite-dir", options.dataDir);
  } else {
    const postgresUrl = options.postgresUrl ?? DEFAULT_POSTGRESQL_URL;
    const prepared = await preparePostgresqlForFerretDb(postgresUrl, log);
    if (prepared.createdDatabase || prepared.createdTwins > 0)
      log(
        `postgresql: ${prepared.createdDatabase ? "created the database; " : ""}${prepared.createdTwins} GIN twin indexes created on ${prepared.tables} FerretDB tables`,
      );
    args.push("-postgresql-url", postgresUrl);
  }
  let child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  await waitForListening(child, port);
  return {
    uri: `mongodb://127.0.0.1:${port}/?directConnection=true`,
    kind: backend === "sqlite" ? "ferretdb-sqlite" : "ferretdb-postgresql",
    port,
    stop: () => stopChild(child),
    process: () => child,
    respawn() {
      child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
      const listening = waitForListening(child, port);
      listening.catch(() => undefined);
      return { child, listening };
    },
  };
}

function waitForListening(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("ferretdb listening on")) {
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.once("error", reject);
    child.once("exit", (code) =>
      reject(new Error(`FerretDB exited (code ${code}) before listening on ${port}:\n${output}`)),
    );
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

async function startMemoryServer(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const { MongoMemoryServer } = await import("mongodb-memory-server-core");
  mkdirSync(options.dataDir, { recursive: true });
  const server = await MongoMemoryServer.create({ instance: { port: options.port, dbPath: options.dataDir } });
  const uri = server.getUri();
  return {
    uri: uri.includes("?") ? uri : `${uri}?directConnection=true`,
    kind: "mongodb-memory-server",
    port: Number(new URL(uri).port),
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}
