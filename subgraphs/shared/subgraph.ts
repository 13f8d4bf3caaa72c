import { setMetricsProcess } from "../../core/metrics";
import { flushTraces, startTracing } from "../../core/tracing";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import type { IncomingMessage, Server } from "node:http";
import type { GraphQLSchema } from "graphql";
import type { Db } from "mongodb";
import type { Config } from "../../core/config";
import { connectDatabase, type Database } from "../../core/database/connection";
import { JOB_SOCKET_TIMEOUT_MS } from "../../core/database/job-database";
import { configureByIdReads } from "../../core/database/by-id-reads";
import { createLogger, type Logger } from "../../core/logger";
import { ANONYMOUS, type Principal } from "../../core/auth/principal";
import {
  GATEWAY_ASSERTION_HEADER,
  InvalidTokenError,
  subgraphSecret,
  verifyGatewayAssertion,
} from "../../core/auth/tokens";
import { apolloOptions } from "./apollo-options";
import { bindPrincipal } from "./authorization";
import { ErrorCode } from "./errors";
import { deadlineBoundDb, deadlineFromRequest } from "./deadline";
import { close, createHttpServer, listen } from "./http-server";

/** Services every subgraph's request context is built from. */
export interface SubgraphServices {
  db: Db;
  logger: Logger;
}

/** What a subgraph declares; `startSubgraph` does the rest (database, HTTP, health, shutdown). */
export interface SubgraphDefinition<TContext extends object> {
  /** The name in supergraph.yaml. */
  name: "catalog" | "user-profile" | "personalization";
  /** Port from configuration. */
  port(config: Config): number;
  /** The federated schema (type-graphql resolvers plus reference resolvers). */
  schema(): Promise<GraphQLSchema>;
  /** A fresh context per request: DataLoaders live here, never in module scope. */
  context(services: SubgraphServices): TContext;
  /** Creates the collections' indexes; idempotent, run at start and again until it succeeds. */
  ensureIndexes(db: Db): Promise<void>;
  /** Extra Apollo Server plugins of this subgraph (e.g. per-step timings in `extensions`). */
  plugins?: Array<ApolloServerPlugin<TContext>>;
  /** Process counters served at `/metrics` (e.g. dropped plugin contributions). */
  metrics?: () => Record<string, unknown>;
  /**
   * Process-wide resources opened once per started subgraph, before it serves (e.g. user-profile's event
   * stream: its connections and consumer), and closed when it stops, before the database. `db` is the
   * handle every request context of this subgraph receives, so resources can be found by it.
   */
  open?(db: Db, config: Config, logger: Logger): Promise<{ close(): Promise<void> }>;
  /** Jobs the process runs once indexes exist and then every `everySeconds` (0 = once). Errors are logged, never fatal. */
  background?: BackgroundTask[];
}

/** A recurring in-process job, such as recomputing popularity from orders. */
export interface BackgroundTask {
  name: string;
  everySeconds(config: Config): number;
  run(db: Db, config: Config): Promise<unknown>;
  /** When true, `/ready` answers 503 until this task's first successful run (e.g. the search index a query needs). */
  gatesReadiness?: boolean;
}

/** A started subgraph. */
export interface RunningSubgraph<TContext extends object> {
  port: number;
  url: string;
  apollo: ApolloServer<TContext>;
  database: Database;
  http: Server;
  stop(): Promise<void>;
}

/** Starts a subgraph on `port` (0 = free port) against `config`'s database. */
export async function startSubgraph<TContext extends object>(
  definition: SubgraphDefinition<TContext>,
  config: Config & { MONGODB_URI: string },
  port = definition.port(config),
): Promise<RunningSubgraph<TContext>> {
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  setMetricsProcess(definition.name);
  if (startTracing(definition.name, config)) logger.info("tracing: spans exported over OTLP/HTTP");
  const byIdReads = configureByIdReads(config.BY_ID_READS, config.FERRETDB_BACKEND);
  const database = connectDatabase({
    uri: config.MONGODB_URI,
    databaseName: config.MONGODB_DATABASE,
    timeoutMs: config.MONGODB_TIMEOUT_MS,
  });
  // One view of the database for requests and background tasks alike (per-database caches key on it);
  // reads in a request obey its deadline.
  const db = deadlineBoundDb(database.db);
  const shared = apolloOptions(config.NODE_ENV, logger);
  const apollo = new ApolloServer<TContext>({
    schema: await definition.schema(),
    ...shared,
    // No Apollo Studio here: inline tracing only costs time.
    plugins: [
      ...(shared.plugins ?? []),
      ApolloServerPluginInlineTraceDisabled(),
      ...(definition.plugins ?? []),
    ] as Array<ApolloServerPlugin<TContext>>,
  });
  await apollo.start();
  const opened = definition.open ? await definition.open(db, config, logger) : null;

  let indexed = false;
  /** Readiness-gating tasks whose first run has not succeeded yet. */
  const warmingUp = new Set(
    (definition.background ?? []).filter((task) => task.gatesReadiness).map((task) => task.name),
  );
  /** Background tasks whose first run has not ended yet (gating or not): `/ready` lists them, for operators and benchmarks. */
  const firstRunsPending = new Set((definition.background ?? []).map((task) => task.name));
  let retry: NodeJS.Timeout | undefined;
  const timers = new Map<string, NodeJS.Timeout>();
  const startBackground = (): void => {
    const firstRuns: Array<() => Promise<void>> = [];
    for (const task of definition.background ?? []) {
      const run = async (): Promise<void> => {
        try {
          logger.debug({ task: task.name, result: await task.run(db, config) }, "background task done");
          warmingUp.delete(task.name);
        } catch (error) {
          logger.warn({ task: task.name, err: error }, "background task failed");
        }
        firstRunsPending.delete(task.name);
        const seconds = task.everySeconds(config);
        if (seconds > 0) {
          const timer = setTimeout(() => void run(), seconds * 1000);
          timer.unref();
          timers.set(task.name, timer);
        }
      };
      firstRuns.push(run);
    }
    // The first runs go one after another: on FerretDB/SQLite, concurrent rebuilds contend for the one
    // write lock until reads time out. Later runs follow each task's own interval.
    void (async () => {
      for (const run of firstRuns) await run();
    })();
  };
  // Building an index scans its collection: minutes at the large seed on FerretDB, far past the serving
  // client's socket timeout (a timed-out attempt is retried and starts the work again). Index builds get
  // a client of their own with the jobs' timeout, closed once they are done.
  let indexing: Database | null = null;
  const ensureIndexes = async (): Promise<void> => {
    try {
      indexing ??= connectDatabase({
        uri: config.MONGODB_URI,
        databaseName: config.MONGODB_DATABASE,
        timeoutMs: config.MONGODB_TIMEOUT_MS,
        driver: { socketTimeoutMS: JOB_SOCKET_TIMEOUT_MS },
      });
      await definition.ensureIndexes(indexing.db);
      await indexing.close();
      indexing = null;
      indexed = true;
      logger.info("indexes ready");
      startBackground();
    } catch (error) {
      logger.warn({ err: error }, "could not create indexes yet; retrying");
      retry = setTimeout(() => void ensureIndexes(), 1000);
      retry.unref();
    }
  };
  await ensureIndexes();

  // Only the gateway may query a subgraph (its `_service` and `_entities` included): every request
  // carries the gateway's assertion of who it acts for, signed with SUBGRAPH_SECRET.
  const secret = subgraphSecret(config);
  const principals = new WeakMap<IncomingMessage, Principal>();
  const http = createHttpServer<TContext>({
    apollo,
    guard: async (request) => {
      try {
        principals.set(
          request,
          await verifyGatewayAssertion(secret, headerValue(request.headers[GATEWAY_ASSERTION_HEADER])),
        );
        return undefined;
      } catch (error) {
        if (!(error instanceof InvalidTokenError)) throw error;
        return { status: 401, errors: [{ message: error.message, extensions: { code: ErrorCode.UNAUTHENTICATED } }] };
      }
    },
    context: async (request) => bindPrincipal(definition.context({ db, logger }), principals.get(request) ?? ANONYMOUS),
    ...(definition.metrics ? { metrics: definition.metrics } : {}),
    // What the gateway says is left of the request's deadline, at most REQUEST_DEADLINE_MS.
    deadline: (request) => deadlineFromRequest(request, config.REQUEST_DEADLINE_MS),
    ready: async () => {
      const databaseUp = await database.ping();
      return {
        ready: databaseUp && indexed && warmingUp.size === 0,
        details: {
          database: databaseUp,
          indexes: indexed,
          warmingUp: [...warmingUp],
          backgroundFirstRuns: [...firstRunsPending],
        },
      };
    },
  });
  const boundPort = await listen(http, port, config.SUBGRAPH_HOST);
  logger.info(
    { port: boundPort, host: config.SUBGRAPH_HOST, byIdReads },
    `${definition.name} subgraph listening on http://${config.SUBGRAPH_HOST}:${boundPort}/graphql`,
  );
  return {
    port: boundPort,
    url: `http://127.0.0.1:${boundPort}/graphql`,
    apollo,
    database,
    http,
    async stop() {
      if (retry) clearTimeout(retry);
      await indexing?.close();
      for (const timer of timers.values()) clearTimeout(timer);
      await close(http);
      await apollo.stop();
      await opened?.close();
      await database.close();
      await flushTraces();
      logger.info("stopped");
    },
  };
}

/** A header's single value (the first, when repeated). */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
