import { loadConfig } from "../../core/config";
import { startStack, type Stack } from "../../bin/stack";

/**
 * Starts the whole product (three subgraph processes and the gateway) on ephemeral ports against the
 * test database server, in its own database `databaseName`, seeded with the tiny demo data.
 */
export async function startTestStack(databaseName: string, overrides: Record<string, string> = {}): Promise<Stack> {
  process.env.PROGRESS = "off";
  const env: Record<string, string> = {
    MONGODB_URI: process.env.MONGODB_URI!,
    MONGODB_DATABASE: databaseName,
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    SEED_SCALE: "tiny",
    STATISTICS_REFRESH_SECONDS: "0",
    PROGRESS: "off",
    ...overrides,
  };
  return startStack(loadConfig(env), { ephemeralPorts: true, env, log: () => undefined });
}
