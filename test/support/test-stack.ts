import { loadConfig } from "../../core/config";
import { startStack, type Stack } from "../../bin/stack";
import { TEST_JWT_SECRET } from "./tokens";

/**
 * Starts the whole product (three subgraph processes and the gateway) on ephemeral ports against the
 * test database server, in its own database `databaseName`, seeded with the tiny demo data. It verifies
 * tokens made by test/support/tokens.ts.
 */
export async function startTestStack(
  databaseName: string,
  overrides: Record<string, string> = {},
  options: { supervise?: boolean } = {},
): Promise<Stack> {
  process.env.PROGRESS = "off";
  const env: Record<string, string> = {
    MONGODB_URI: process.env.MONGODB_URI!,
    MONGODB_DATABASE: databaseName,
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    SEED_SCALE: "tiny",
    STATISTICS_REFRESH_SECONDS: "0",
    PROGRESS: "off",
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    SUBGRAPH_SECRET: "test-subgraph-secret-for-the-test-stacks-only-0123456789",
    // Rate-limit counts in Redis are this stack's own: another run's, or a parallel file's, never mix in.
    REDIS_KEY_PREFIX: `test:${databaseName}:`,
    // The stack's DATA_DIR is the checkout's var/: a test's catalog changes must never retrain the models there.
    MODEL_REFRESH: "off",
    ...overrides,
  };
  return startStack(loadConfig(env), { ephemeralPorts: true, env, log: () => undefined, supervise: options.supervise });
}
