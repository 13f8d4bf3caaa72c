import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { subgraphUrl, type Config } from "../core/config";
import { connectDatabase } from "../core/database/connection";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../core/database/embedded-database";
import { freePort } from "../core/database/free-port";
import { clearRunningDatabase, writeRunningDatabase } from "../core/database/running-database";
import { COLLECTIONS } from "../core/documents/collections";
import { nodeEntryArgs, projectRoot } from "../core/paths";
import { SUBGRAPH_ENTRY } from "../subgraphs/all";
import { generateMissingCollections, trainMissingModels } from "./train-missing-models";

/** A process of the stack and where it answers. */
export interface StackProcess {
  name: string;
  port: number;
  child: ChildProcess;
  /** The last lines it printed, for diagnosing a failed start. */
  output(): string;
}

/** The whole product: database, three subgraphs and the gateway. */
export interface Stack {
  gatewayUrl: string;
  mongodbUri: string;
  /** The embedded database, when this stack started one. */
  database?: EmbeddedDatabase;
  processes: StackProcess[];
  stop(): Promise<void>;
}

/** Options of {@link startStack}. */
export interface StackOptions {
  /** Pick free ports for every process instead of the configured ones (tests). */
  ephemeralPorts?: boolean;
  /** Forward the processes' logs to this process's stdout (npm start) instead of buffering them (tests). */
  inheritOutput?: boolean;
  log?: (line: string) => void;
  /** Extra environment for the child processes. */
  env?: Record<string, string>;
  /** Train the models DATA_DIR lacks before starting the services, unless TRAIN_ON_START=off (npm start). */
  trainMissingModels?: boolean;
  /**
   * Generate the LLM collections (offline provider) when the database never had any, after the seed and
   * the models (npm start unless TRAIN_ON_START=off, and the load bench).
   */
  generateCollections?: boolean;
  /**
   * Once started, restart any of the four processes, and the embedded database, when it exits on its
   * own, after a backoff (0.25 s, doubling while it keeps crashing within a minute of its start, at most
   * 30 s), logging each restart (npm start).
   */
  supervise?: boolean;
}

const SUBGRAPH_NAMES = ["catalog", "user-profile", "personalization"] as const;

/** Wait before restarting a process that exited after running a minute or more. */
const FIRST_BACKOFF_MS = 250;

/**
 * Starts the product: the embedded database unless MONGODB_URI is set, the demo seed when the
 * database is empty (SEED_SCALE), the missing models and generated collections when asked, each subgraph as its own process, then the gateway, and waits
 * until every process reports ready. Stops everything it started when any step fails.
 */
export async function startStack(config: Config, options: StackOptions = {}): Promise<Stack> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const started: StackProcess[] = [];
  let database: EmbeddedDatabase | undefined;
  let stopping = false;
  const stopAll = async (): Promise<void> => {
    stopping = true;
    // The gateway first (it holds connections to the subgraphs), then the subgraphs together.
    const gateway = started.filter((entry) => entry.name === "gateway");
    await Promise.all(gateway.map((entry) => stopProcess(entry.child)));
    await Promise.all(started.filter((entry) => entry.name !== "gateway").map((entry) => stopProcess(entry.child)));
    await database?.stop();
  };
  try {
    let mongodbUri = config.MONGODB_URI;
    if (!mongodbUri) {
      const dataDir = resolve(
        projectRoot,
        config.DATA_DIR,
        config.FERRETDB_BACKEND === "sqlite" ? "ferretdb" : "ferretdb-pg",
      );
      database = await startEmbeddedDatabase({
        dataDir,
        port: options.ephemeralPorts || config.FERRETDB_PORT === 0 ? undefined : config.FERRETDB_PORT,
        backend: config.FERRETDB_BACKEND,
        postgresUrl: config.FERRETDB_POSTGRESQL_URL,
        log,
      });
      mongodbUri = database.uri;
      writeRunningDatabase(dataDir, database.uri);
      const stopDatabase = database.stop;
      database.stop = async () => {
        clearRunningDatabase(dataDir);
        await stopDatabase();
      };
      log(
        `database: ${database.kind} on ${database.uri}${database.kind === "ferretdb-sqlite" ? ` (data in ${dataDir})` : ""}`,
      );
    }
    await seedIfEmpty({ ...config, MONGODB_URI: mongodbUri }, log);
    if (options.trainMissingModels && config.TRAIN_ON_START === "on") await trainMissingModels(config, mongodbUri, log);
    if (options.generateCollections && config.SEED_SCALE !== "none")
      await generateMissingCollections(config, mongodbUri, log);

    const ports = {
      catalog: options.ephemeralPorts ? await freePort() : config.CATALOG_PORT,
      "user-profile": options.ephemeralPorts ? await freePort() : config.USER_PROFILE_PORT,
      personalization: options.ephemeralPorts ? await freePort() : config.PERSONALIZATION_PORT,
      gateway: options.ephemeralPorts ? await freePort() : config.GATEWAY_PORT,
    };
    const env: Record<string, string> = {
      ...options.env,
      // The gateway and the subgraphs share a secret; unset, one is made for this start only.
      SUBGRAPH_SECRET: config.SUBGRAPH_SECRET ?? randomBytes(32).toString("base64url"),
      MONGODB_URI: mongodbUri,
      CATALOG_PORT: String(ports.catalog),
      USER_PROFILE_PORT: String(ports["user-profile"]),
      PERSONALIZATION_PORT: String(ports.personalization),
      GATEWAY_PORT: String(ports.gateway),
    };
    const childConfig = {
      ...config,
      CATALOG_PORT: ports.catalog,
      USER_PROFILE_PORT: ports["user-profile"],
      PERSONALIZATION_PORT: ports.personalization,
    };
    for (const name of SUBGRAPH_NAMES)
      started.push(spawnProcess(name, SUBGRAPH_ENTRY[name], ports[name], env, options.inheritOutput ?? false));
    await Promise.all(
      SUBGRAPH_NAMES.map((name, index) =>
        waitReady(started[index]!, subgraphUrl(childConfig, name).replace(/\/graphql$/, "/ready")),
      ),
    );
    const gateway = spawnProcess("gateway", "gateway/index.ts", ports.gateway, env, options.inheritOutput ?? false);
    started.push(gateway);
    await waitReady(gateway, `http://127.0.0.1:${ports.gateway}/ready`);
    if (options.supervise) {
      if (database) superviseDatabase(database, () => stopping, log);
      const entries: Array<[StackProcess, string]> = [
        ...SUBGRAPH_NAMES.map((name, index) => [started[index]!, SUBGRAPH_ENTRY[name]] as [StackProcess, string]),
        [gateway, "gateway/index.ts"],
      ];
      for (const [entry, file] of entries)
        supervise(
          entry,
          () => spawnProcess(entry.name, file, entry.port, env, options.inheritOutput ?? false).child,
          () => stopping,
          log,
        );
    }
    return {
      gatewayUrl: `http://127.0.0.1:${ports.gateway}/graphql`,
      mongodbUri,
      database,
      processes: started,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Seeds the demo data at SEED_SCALE when the catalog is empty. */
async function seedIfEmpty(config: Config & { MONGODB_URI: string }, log: (line: string) => void): Promise<void> {
  if (config.SEED_SCALE === "none") return;
  const database = connectDatabase({
    uri: config.MONGODB_URI,
    databaseName: config.MONGODB_DATABASE,
    timeoutMs: 10000,
  });
  try {
    // One document answers "empty?"; FerretDB v1 counts by scanning (minutes at the large seed).
    if (await database.db.collection(COLLECTIONS.products).findOne({}, { projection: { _id: 1 } })) return;
    log(`seeding the empty database with the "${config.SEED_SCALE}" demo data…`);
    const { seedDatabase } = await import("../jobs/seed/seed");
    const summary = await seedDatabase(database.db, { scale: config.SEED_SCALE, log });
    log(`seeded: ${JSON.stringify(summary)}`);
  } finally {
    await database.close();
  }
}

/**
 * Restarts the embedded FerretDB whenever it exits while the stack is not stopping, on the same port and
 * data, with the backoff of {@link supervise}; the services' drivers reconnect by themselves (their
 * requests meanwhile are UNAVAILABLE). A mongodb-memory-server fallback is not supervised.
 */
export function superviseDatabase(
  database: EmbeddedDatabase,
  stopping: () => boolean,
  log: (line: string) => void,
): void {
  const current = database.process?.();
  const respawn = database.respawn;
  if (!current || !respawn) return;
  const entry: StackProcess = { name: "database", port: database.port, child: current, output: () => "" };
  supervise(
    entry,
    () => {
      const { child, listening } = respawn();
      listening.then(
        () => log(`database listening again on port ${database.port}`),
        () => undefined,
      );
      return child;
    },
    stopping,
    log,
  );
}

/**
 * Restarts `entry`'s process whenever it exits while the stack is not stopping: after 0.25 s, doubling
 * while it keeps exiting within a minute of its start (at most 30 s), so a single crash costs little
 * and a crash loop backs off within a few restarts. `entry.child` is the current process.
 */
function supervise(
  entry: StackProcess,
  respawn: () => ChildProcess,
  stopping: () => boolean,
  log: (line: string) => void,
): void {
  let backoffMs = FIRST_BACKOFF_MS;
  let startedAt = Date.now();
  const watch = (child: ChildProcess): void => {
    child.once("exit", (code, signal) => {
      if (stopping()) return;
      backoffMs = Date.now() - startedAt > 60_000 ? FIRST_BACKOFF_MS : backoffMs;
      log(`${entry.name} exited (${signal ?? `code ${code}`}); restarting in ${backoffMs / 1000} s`);
      setTimeout(() => {
        if (stopping()) return;
        startedAt = Date.now();
        entry.child = respawn();
        log(`${entry.name} restarted (pid ${entry.child.pid})`);
        watch(entry.child);
      }, backoffMs).unref();
      backoffMs = Math.min(backoffMs * 2, 30_000);
    });
  };
  watch(entry.child);
}

/**
 * With `PROFILE_DIR` set (e.g. `PROFILE_DIR=var/profiles npm run bench -- load …`), every process writes a V8
 * CPU profile there when it stops (`--cpu-prof`; open it in Chrome DevTools or summarize it with `npm run profile`).
 */
function profileArgs(): string[] {
  const dir = process.env.PROFILE_DIR;
  return dir ? ["--cpu-prof", `--cpu-prof-dir=${resolve(projectRoot, dir)}`] : [];
}

function spawnProcess(
  name: string,
  entry: string,
  port: number,
  env: Record<string, string>,
  inherit: boolean,
): StackProcess {
  const child = spawn(process.execPath, [...profileArgs(), ...nodeEntryArgs(entry)], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: inherit ? ["ignore", "inherit", "inherit"] : ["ignore", "pipe", "pipe"],
  });
  let buffer = "";
  const keep = (chunk: Buffer) => (buffer = (buffer + chunk.toString()).slice(-20000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { name, port, child, output: () => buffer };
}

/**
 * Polls a /ready URL until it answers 200; fails if the process exits or after `timeoutMs` (generous: at
 * the large seed the catalog's first search-index build takes minutes).
 */
async function waitReady(entry: StackProcess, url: string, timeoutMs = 900_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (entry.child.exitCode !== null)
      throw new Error(`${entry.name} exited with code ${entry.child.exitCode} while starting:\n${entry.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
  throw new Error(`${entry.name} was not ready at ${url} after ${timeoutMs} ms:\n${entry.output()}`);
}

/** Sends SIGTERM and waits for the exit (SIGKILL after 10 s). */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill("SIGTERM");
  });
}
