import { defineCommand, parseCommandLine } from "../core/cli-args";
import { loadConfigOrExit } from "../core/config";
import { onShutdown } from "../subgraphs/shared/main";
import { signUserToken } from "../core/auth/tokens";
import type { Config } from "../core/config";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../core/paths";
import { STOREFRONT_DIST, STOREFRONT_SERVER_ENTRY } from "../gateway/storefront";
import { startStack } from "./stack";

/**
 * Builds the storefront (web/) once, when web/dist or its server renderer (web/dist-server) has no
 * build yet; `npm run build:web` rebuilds both.
 */
function buildStorefrontIfMissing(): boolean {
  if (existsSync(join(STOREFRONT_DIST, "index.html")) && existsSync(STOREFRONT_SERVER_ENTRY)) return true;
  process.stderr.write("Building the storefront (web/ → web/dist and web/dist-server, first start only)…\n");
  const built = spawnSync("npm", ["run", "-s", "build:web"], {
    cwd: projectRoot,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (built.status !== 0)
    process.stderr.write("The storefront build failed; the API still starts (run `npm run build:web` to see why).\n");
  return built.status === 0;
}

/** The shopper `npm start` prints a token for (the first the demo seed simulates). */
const DEMO_SHOPPER = "u:sim:00001";

/** A 24-hour token for the demo shopper, unless tokens come from an identity provider (AUTH_JWKS_URL). */
async function demoShopperToken(config: Config): Promise<{ userId: string; token: string } | null> {
  if (config.AUTH_JWKS_URL) return null;
  return { userId: DEMO_SHOPPER, token: await signUserToken(config, { subject: DEMO_SHOPPER }) };
}

/** `npm start`: the whole product on embedded defaults, until Ctrl-C. */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfigOrExit();
  const storefront = buildStorefrontIfMissing();
  const stack = await startStack(config, {
    inheritOutput: true,
    trainMissingModels: true,
    generateCollections: config.TRAIN_ON_START === "on",
    supervise: true,
  });
  onShutdown(() => stack.stop());
  const demo = await demoShopperToken(config);
  process.stderr.write(
    `\nDiscovery supergraph ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
      (storefront
        ? `  storefront:      ${stack.gatewayUrl.replace("127.0.0.1", "localhost").replace(/\/graphql$/, "/")}\n`
        : "") +
      `  gateway:         ${stack.gatewayUrl.replace("127.0.0.1", "localhost")}  (Apollo Sandbox in development)\n` +
      stack.processes
        .filter((p) => p.name !== "gateway")
        .map((p) => `  ${(p.name + ":").padEnd(16)} http://localhost:${p.port}/graphql\n`)
        .join("") +
      `  database:        ${stack.mongodbUri}\n` +
      (config.EVENT_STREAM === "redis"
        ? `  event stream:    Redis Streams at ${config.REDIS_URL} (${config.EVENT_STREAM_PARTITIONS} partitions; user-profile ${config.EVENT_STREAM_CONSUMER === "on" ? "appends and consumes" : "appends only: run `npm run jobs -- event-consumer`"})\n`
        : "") +
      (demo
        ? `\nA token for the demo shopper ${demo.userId} (in Sandbox: Headers → Authorization: Bearer <token>; more with \`npm run token -- --user ID\`):\n  ${demo.token}\n`
        : "") +
      `Press Ctrl-C to stop.\n`,
  );
}

if (
  parseCommandLine(
    defineCommand({
      command: "npm start",
      summary: "The whole product on embedded defaults; settings are environment variables (docs/configuration.md).",
      options: {},
    }),
  )
)
  main().catch((error: unknown) => {
    process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
