import { loadConfigOrExit } from "../core/config";
import { onShutdown } from "../subgraphs/shared/main";
import { CompositionError } from "./compose";
import { startGateway } from "./gateway";

/** Gateway process entry: composes supergraph.yaml and serves it; composition errors exit with status 1. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  try {
    const gateway = await startGateway(config);
    onShutdown(() => gateway.stop());
  } catch (error) {
    if (error instanceof CompositionError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

void main();
