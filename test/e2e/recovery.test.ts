import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Stack } from "../../bin/stack";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../core/database/embedded-database";
import { graphql } from "../support/graphql-client";
import { startTestStack } from "../support/test-stack";

const dataDir = mkdtempSync(join(tmpdir(), "discovery-recovery-"));
let database: EmbeddedDatabase;
let stack: Stack;

beforeAll(async () => {
  database = await startEmbeddedDatabase({ dataDir });
  stack = await startTestStack("recovery", { MONGODB_URI: database.uri, MONGODB_TIMEOUT_MS: "1000" });
}, 180000);

afterAll(async () => {
  await stack?.stop();
  await database?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function readyStatus(port: number): Promise<number> {
  return (await fetch(`http://127.0.0.1:${port}/ready`)).status;
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test("when the database goes away, /ready turns false and queries get UNAVAILABLE; when it returns, everything recovers without a restart", async () => {
  // Merchants are read from the database on every request (popular products are served from read models
  // held in memory, and keep answering while the database is away).
  const query = "{ merchants(first: 3) { edges { node { id name } } } }";
  const before = await graphql<{ merchants: { edges: unknown[] } }>(stack.gatewayUrl, query);
  expect(before.errors).toBeUndefined();
  expect(before.data!.merchants.edges).toHaveLength(3);
  const catalog = stack.processes.find((p) => p.name === "catalog")!;
  const gateway = stack.processes.find((p) => p.name === "gateway")!;

  await database.stop();
  await eventually(async () => (await readyStatus(catalog.port)) === 503);
  expect(await readyStatus(gateway.port)).toBe(503);
  const during = await graphql(stack.gatewayUrl, query);
  expect(during.errors?.map((error) => error.extensions?.code)).toContain("UNAVAILABLE");
  expect(during.data?.merchants ?? null).toBeNull();

  database = await startEmbeddedDatabase({ dataDir, port: database.port });
  await eventually(async () => (await readyStatus(gateway.port)) === 200);
  const after = await graphql<{ merchants: { edges: unknown[] } }>(stack.gatewayUrl, query);
  expect(after.errors).toBeUndefined();
  expect(after.data).toEqual(before.data);
  expect(stack.processes.every((p) => p.child.exitCode === null)).toBe(true);
}, 120000);
