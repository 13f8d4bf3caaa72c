import { defineCommand, parseCommandLine } from "../core/cli-args";
import { loadConfigOrExit } from "../core/config";
import { createLogger } from "../core/logger";
import { startRouterCoprocessor } from "../gateway/router-coprocessor";
import { onShutdown } from "../subgraphs/shared/main";

const ARGS = defineCommand({
  command: "npm run router-coprocessor --",
  summary:
    "Serves the Apollo Router coprocessor (deploy/router/router.yaml): verifies bearer tokens as the gateway does and signs the subgraphs' x-gateway-assertion with SUBGRAPH_SECRET, on ROUTER_COPROCESSOR_HOST:ROUTER_COPROCESSOR_PORT.",
  options: {},
});

/** `npm run router-coprocessor`: the coprocessor a Router deployment needs in front of these subgraphs. */
async function main(): Promise<void> {
  if (!parseCommandLine(ARGS)) return;
  const config = loadConfigOrExit();
  const logger = createLogger("router-coprocessor", config.LOG_LEVEL);
  const running = await startRouterCoprocessor(config, config.ROUTER_COPROCESSOR_PORT, config.ROUTER_COPROCESSOR_HOST);
  logger.info({ url: running.url }, "router coprocessor listening");
  onShutdown(() => running.close());
}

void main();
