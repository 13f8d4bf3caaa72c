import "reflect-metadata";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { loadConfig } from "../../core/config";
import { startSubgraph, type RunningSubgraph, type SubgraphDefinition } from "../../subgraphs/shared/subgraph";

jest.setTimeout(60_000);

const databaseName = `test_readiness_${process.pid}_${Date.now().toString(36)}`;

/** A subgraph whose one warm-up task finishes only when the test releases it. */
function definitionWithWarmUp(gatesReadiness: boolean, warmUp: Promise<void>): SubgraphDefinition<object> {
  return {
    name: "catalog",
    port: () => 0,
    schema: async () =>
      buildSubgraphSchema({
        typeDefs: parse(`type Query { "Answers yes." ping: String }`),
        resolvers: { Query: { ping: () => "yes" } },
      }),
    context: () => ({}),
    ensureIndexes: async () => {},
    background: [{ name: "warm-up", everySeconds: () => 0, run: () => warmUp, gatesReadiness }],
  };
}

async function readyStatus(
  subgraph: RunningSubgraph<object>,
): Promise<{ status: number; body: { details: { warmingUp: string[]; backgroundFirstRuns: string[] } } }> {
  const response = await fetch(subgraph.url.replace(/\/graphql$/, "/ready"));
  return {
    status: response.status,
    body: (await response.json()) as { details: { warmingUp: string[]; backgroundFirstRuns: string[] } },
  };
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const config = {
  ...loadConfig({ ...process.env, MONGODB_DATABASE: databaseName, LOG_LEVEL: "silent" }),
  MONGODB_URI: process.env.MONGODB_URI!,
};

test("a readiness-gating background task keeps /ready at 503 until its first run succeeds", async () => {
  let release!: () => void;
  const subgraph = await startSubgraph(
    definitionWithWarmUp(true, new Promise<void>((resolve) => (release = resolve))),
    config,
    0,
  );
  try {
    const before = await readyStatus(subgraph);
    expect(before.status).toBe(503);
    expect(before.body.details.warmingUp).toEqual(["warm-up"]);
    release();
    await eventually(async () => (await readyStatus(subgraph)).status === 200);
  } finally {
    await subgraph.stop();
  }
});

test("a background task that does not gate readiness leaves /ready at 200 while it runs, listed until its first run ends", async () => {
  let release!: () => void;
  const subgraph = await startSubgraph(
    definitionWithWarmUp(false, new Promise<void>((resolve) => (release = resolve))),
    config,
    0,
  );
  try {
    await eventually(async () => (await readyStatus(subgraph)).status === 200);
    expect((await readyStatus(subgraph)).body.details.backgroundFirstRuns).toEqual(["warm-up"]);
    release();
    await eventually(async () => (await readyStatus(subgraph)).body.details.backgroundFirstRuns.length === 0);
  } finally {
    await subgraph.stop();
  }
});
