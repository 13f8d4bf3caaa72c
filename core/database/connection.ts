import { databaseCommandSeconds } from "../metrics";
import { activeSpan, failSpan, SpanKind, startSpan, tracingEnabled, type Span } from "../tracing";
import { MongoClient, type CommandStartedEvent, type Db, type MongoClientOptions } from "mongodb";

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
  if (tracingEnabled()) traceCommands(client);
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

/**
 * Database command spans from the driver's command monitoring (its public API, the same events the
 * metrics use): a command issued inside a traced request or step becomes a client span, a child of the
 * span active when the driver emitted `commandStarted`. Commands with no active span (connection
 * handshakes, background polls) are not traced, as in OpenTelemetry's MongoDB instrumentation. The
 * command's filter and documents are never recorded (they carry shoppers' data).
 */
function traceCommands(client: MongoClient): void {
  const open = new Map<number, Span>();
  client.on("commandStarted", (event: CommandStartedEvent) => {
    if (!activeSpan()?.isRecording()) return;
    const target = event.command[event.commandName] as unknown;
    const collection =
      typeof target === "string"
        ? target
        : typeof event.command.collection === "string"
          ? (event.command.collection as string)
          : undefined;
    const span = startSpan(
      collection ? `${event.commandName} ${collection}` : event.commandName,
      {
        "db.system.name": "mongodb",
        "db.operation.name": event.commandName,
        "db.namespace": event.databaseName,
        "db.collection.name": collection,
        "server.address": event.address,
      },
      { kind: SpanKind.CLIENT },
    );
    if (span) open.set(event.requestId, span);
  });
  client.on("commandSucceeded", (event) => {
    const span = open.get(event.requestId);
    if (!span) return;
    open.delete(event.requestId);
    span.end();
  });
  client.on("commandFailed", (event) => {
    const span = open.get(event.requestId);
    if (!span) return;
    open.delete(event.requestId);
    failSpan(span, event.failure);
    span.end();
  });
}
