import { loadConfigOrExit } from "../core/config";
import { onShutdown } from "../subgraphs/shared/main";
import { startStack } from "./stack";

/** `npm start`: the whole product on embedded defaults, until Ctrl-C. */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfigOrExit();
  const stack = await startStack(config, { inheritOutput: true, trainMissingModels: true });
  onShutdown(() => stack.stop());
  process.stderr.write(
    `\nDiscovery supergraph ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
      `  gateway:         ${stack.gatewayUrl.replace("127.0.0.1", "localhost")}  (Apollo Sandbox in development)\n` +
      stack.processes.filter((p) => p.name !== "gateway").map((p) => `  ${(p.name + ":").padEnd(16)} http://localhost:${p.port}/graphql\n`).join("") +
      `  database:        ${stack.mongodbUri}\n` +
      `Press Ctrl-C to stop.\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
