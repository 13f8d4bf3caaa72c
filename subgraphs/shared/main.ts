import { loadConfigOrExit } from "../../core/config";
import type { Logger } from "../../core/logger";
import { startSubgraph, type SubgraphDefinition } from "./subgraph";

/**
 * Entry point of a subgraph process: validates configuration, starts, and on SIGTERM or SIGINT
 * stops accepting requests, finishes open ones and closes the database connection.
 */
export async function runSubgraphProcess<TContext extends object>(
  definition: SubgraphDefinition<TContext>,
): Promise<void> {
  const config = loadConfigOrExit();
  if (!config.MONGODB_URI) {
    process.stderr.write(
      `${definition.name}: MONGODB_URI is not set. Start everything with \`npm start\`, or set MONGODB_URI.\n`,
    );
    process.exit(2);
  }
  const running = await startSubgraph(definition, { ...config, MONGODB_URI: config.MONGODB_URI });
  onShutdown(async () => running.stop());
}

/** Runs `stop` once on SIGTERM/SIGINT, then exits. */
export function onShutdown(stop: () => Promise<void>, logger?: Logger): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger?.info({ signal }, "shutting down");
    stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      });
  };
  process.on("SIGTERM", handler);
  process.on("SIGINT", handler);
}
