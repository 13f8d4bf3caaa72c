import { createServer } from "node:http";
import { loadConfigOrExit } from "../core/config";
import { createLogger } from "../core/logger";
import { metricsRegistry, setMetricsProcess } from "../core/metrics";
import { openJobDatabase } from "../core/database/job-database";
import { openEventStream } from "../subgraphs/user-profile/event-stream/open-event-stream";
import { onShutdown } from "../subgraphs/shared/main";
import { defineCommand, UsageError } from "../core/cli-args";

const ARGS = defineCommand({
  command: "npm run jobs -- event-consumer",
  summary:
    "A dedicated consumer of the event stream (EVENT_STREAM=redis): applies its share of the partitions until SIGTERM.",
  options: {
    port: { type: "int", min: 0, max: 65535, help: "serve /metrics, /health and /ready on this port (default none)" },
  },
});

export const USAGE = ARGS.usage;

/**
 * `npm run jobs -- event-consumer`: a dedicated consumer of the event stream (docs/operations.md, Event
 * stream). It takes a fair share of the partitions next to the other consumers (user-profile processes
 * with EVENT_STREAM_CONSUMER=on, or more of these) and applies them until SIGTERM, when it finishes the
 * batch in hand and releases its partitions. With `--port`, it serves its Prometheus metrics at
 * `/metrics`, `/health` (the process runs) and `/ready` (the database and Redis answer).
 */
export async function main(argv: string[]): Promise<void> {
  const port = ARGS.parse(argv).port ?? null;
  const config = loadConfigOrExit();
  if (config.EVENT_STREAM === "inline")
    throw new UsageError("EVENT_STREAM is inline: there is no stream to consume (set EVENT_STREAM=redis)", USAGE);
  const logger = createLogger("event-consumer", config.LOG_LEVEL);
  setMetricsProcess("event-consumer");
  const { database, close } = await openJobDatabase(config, (line) => void process.stderr.write(`${line}\n`));
  const stream = (await openEventStream(database.db, config, logger, { consume: true }))!;
  const server =
    port === null
      ? null
      : createServer((request, response) => {
          const path = new URL(request.url ?? "/", "http://localhost").pathname;
          if (path === "/health") return void response.writeHead(200).end("ok\n");
          if (path === "/ready")
            return void Promise.all([database.ping(), stream.ping()]).then(([databaseUp, redisUp]) =>
              response
                .writeHead(databaseUp && redisUp ? 200 : 503, { "content-type": "application/json" })
                .end(
                  JSON.stringify({ ready: databaseUp && redisUp, details: { database: databaseUp, redis: redisUp } }),
                ),
            );
          if (path !== "/metrics") return void response.writeHead(404).end();
          void metricsRegistry.metrics().then((text) => {
            response.setHeader("content-type", metricsRegistry.contentType);
            response.end(text);
          });
        });
  if (server) await new Promise<void>((resolve) => server.listen(port!, config.SUBGRAPH_HOST, () => resolve()));
  process.stderr.write(
    `event consumer ${stream.consumer?.owner} running` +
      (server
        ? ` (http://${config.SUBGRAPH_HOST}:${(server.address() as { port: number }).port}/metrics, /health, /ready)`
        : "") +
      "\n",
  );
  await new Promise<void>((resolve) => {
    onShutdown(async () => {
      await stream.close();
      server?.close();
      await close();
      resolve();
    }, logger);
  });
}
