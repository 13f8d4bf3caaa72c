import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient, type Db } from "mongodb";
import { signGatewayAssertion, GATEWAY_ASSERTION_HEADER } from "../../core/auth/tokens";
import { ARTIFACT_POINTERS_COLLECTION } from "../../core/artifacts/gridfs.artifact-store";
import { freePort } from "../../core/database/free-port";
import { COLLECTIONS } from "../../core/documents/collections";
import type { OrderDocument } from "../../core/documents/order.document";
import { nodeEntryArgs, projectRoot } from "../../core/paths";
import { main as indexJob } from "../../jobs/index.job";
import { seedDatabase } from "../../jobs/seed/seed";
import { main as trainRanker } from "../../jobs/train/ranker.train";
import { main as trainTextEncoder } from "../../jobs/train/text-encoder.train";
import { main as trainTwoTower } from "../../jobs/train/two-tower.train";
import { SUBGRAPH_ENTRY } from "../../subgraphs/all";
import { loadConfig } from "../../core/config";
import { personalizationSubgraph } from "../../subgraphs/personalization/personalization.subgraph";

jest.setTimeout(600_000);

/**
 * Two personalization replicas, each with a DATA_DIR of its own (no shared volume), on one database with
 * ARTIFACT_STORE=database: the training jobs publish into the database; both replicas fetch the models
 * and indexes, serve identical results, and move to a version published while they run.
 */
const DATABASE = `e2e_replica_artifacts_${process.pid}`;
const SECRET = "test-subgraph-secret-for-the-replica-artifacts-test-0123456789";
const jobDir = mkdtempSync(join(tmpdir(), "replica-artifacts-job-"));
const replicaDirs = [mkdtempSync(join(tmpdir(), "replica-a-")), mkdtempSync(join(tmpdir(), "replica-b-"))];
const saved = { ...process.env };

let client: MongoClient;
let db: Db;
let shopper: string;
const replicas: Array<{ child: ChildProcess; port: number; output: () => string }> = [];

/** Runs a job's `main` in this process, quietly, with the job's environment. */
async function job(run: (argv: string[]) => Promise<void>, argv: string[]): Promise<void> {
  const quiet = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
  const quietErr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    await run(argv);
  } finally {
    quiet.mockRestore();
    quietErr.mockRestore();
  }
}

async function startReplica(dataDir: string): Promise<void> {
  const port = await freePort();
  const child = spawn(process.execPath, nodeEntryArgs(SUBGRAPH_ENTRY.personalization), {
    cwd: projectRoot,
    env: {
      ...saved,
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      PROGRESS: "off",
      MONGODB_URI: process.env.MONGODB_URI!,
      MONGODB_DATABASE: DATABASE,
      DATA_DIR: dataDir,
      ARTIFACT_STORE: "database",
      ARTIFACT_POLL_SECONDS: "1",
      VECTOR_STORE: "hnsw",
      PERSONALIZATION_PORT: String(port),
      SUBGRAPH_SECRET: SECRET,
      // The statistics were built once before the replicas start (below): both load the same commit.
      STATISTICS_REFRESH_SECONDS: "3600",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let buffer = "";
  const keep = (chunk: Buffer) => (buffer = (buffer + chunk.toString()).slice(-20000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  replicas.push({ child, port, output: () => buffer });
}

async function waitReady(replica: (typeof replicas)[number]): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (replica.child.exitCode !== null) throw new Error(`replica exited:\n${replica.output()}`);
    const response = await fetch(`http://127.0.0.1:${replica.port}/ready`).catch(() => null);
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`replica not ready:\n${replica.output()}`);
}

/** HOME carousels for the shopper, asked of one replica directly, as the gateway would (signed assertion). */
async function home(port: number): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      [GATEWAY_ASSERTION_HEADER]: await signGatewayAssertion(SECRET, { role: "admin", subject: "test-admin" }),
    },
    body: JSON.stringify({
      query: `query ReplicaHome($u: ID) {
        carousels(userId: $u, surface: HOME, first: 4) {
          collectionId
          items(first: 10) { edges { node { product { id } score reasons { dimension score } } } }
        }
      }`,
      variables: { u: shopper },
    }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

/** The versions a replica reports in `discovery_artifact_version_info` with `state`. */
async function versions(port: number, state: "held" | "served"): Promise<Record<string, string>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^discovery_artifact_version_info\{([^}]*)\} 1$/.exec(line);
    if (!match || !match[1]!.includes(`state="${state}"`)) continue;
    const artifact = /artifact="([^"]+)"/.exec(match[1]!)![1]!;
    out[artifact] = /version="([^"]+)"/.exec(match[1]!)![1]!;
  }
  return out;
}

/**
 * HOME from both replicas, asked at once, until the two answers are equal (at most 10 tries). On a loaded
 * machine a plugin past its time budget drops its contribution in one replica's answer and not in the
 * other's; replicas serving different models never agree.
 */
async function sameOnBoth(): Promise<unknown> {
  let last: unknown[] = [];
  for (let attempt = 0; attempt < 10; attempt += 1) {
    last = await Promise.all(replicas.map((replica) => home(replica.port)));
    if (JSON.stringify(last[0]) === JSON.stringify(last[1])) return last[0];
  }
  expect(last[0]).toEqual(last[1]);
  return last[0];
}

async function pointers(): Promise<Record<string, string>> {
  const docs = await db.collection<{ _id: string; version: string }>(ARTIFACT_POINTERS_COLLECTION).find({}).toArray();
  return Object.fromEntries(docs.map((doc) => [doc._id, doc.version]));
}

/** Polls until both replicas serve `expected` versions of the models (after asking each for HOME once). */
async function untilServed(expected: Record<string, string>): Promise<void> {
  const deadline = Date.now() + 120_000;
  let last: Array<Record<string, string>> = [];
  while (Date.now() < deadline) {
    await Promise.all(replicas.map((replica) => home(replica.port)));
    last = await Promise.all(replicas.map((replica) => versions(replica.port, "served")));
    if (last.every((served) => Object.entries(expected).every(([name, version]) => served[name] === version))) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`replicas serve ${JSON.stringify(last)}, expected ${JSON.stringify(expected)}`);
}

beforeAll(async () => {
  client = await MongoClient.connect(process.env.MONGODB_URI!);
  db = client.db(DATABASE);
  await db.dropDatabase();
  await seedDatabase(db, { scale: "tiny", seed: 42 });
  const orders = await db.collection<OrderDocument>(COLLECTIONS.orders).find({}).toArray();
  const counts = new Map<string, number>();
  for (const order of orders) counts.set(order.userId, (counts.get(order.userId) ?? 0) + 1);
  shopper = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  Object.assign(process.env, {
    DATA_DIR: jobDir,
    MONGODB_DATABASE: DATABASE,
    ARTIFACT_STORE: "database",
    VECTOR_STORE: "hnsw",
    PROGRESS: "off",
  });
  await job(trainTextEncoder, ["--epochs", "2"]);
  await job(trainTwoTower, ["--epochs", "2", "--dims", "32"]);
  await job(indexJob, []);
  await job(trainRanker, ["--epochs", "1"]);
  // Popularity, co-purchase and the knowledge graph, committed once, as a job would.
  const statistics = loadConfig({ ...process.env, STATISTICS_REFRESH_SECONDS: "3600" });
  for (const name of ["popularity", "co-purchase", "knowledge-graph"])
    await personalizationSubgraph.background!.find((task) => task.name === name)!.run(db, statistics);
});

afterAll(async () => {
  await Promise.all(
    replicas.map(
      (replica) =>
        new Promise<void>((resolve) => {
          if (replica.child.exitCode !== null) return resolve();
          replica.child.once("exit", () => resolve());
          replica.child.kill("SIGTERM");
        }),
    ),
  );
  process.env = saved;
  await db?.dropDatabase();
  await client?.close();
  for (const dir of [jobDir, ...replicaDirs]) rmSync(dir, { recursive: true, force: true });
});

test("the jobs publish every model and index folder to the database", async () => {
  const published = await pointers();
  expect(Object.keys(published).sort()).toEqual([
    "models/ranker",
    "models/semantic-ids",
    "models/text-encoder",
    "models/two-tower",
    "vectors/hnsw/items-text",
    "vectors/hnsw/items-two-tower",
  ]);
  // Each is the version the job left in its own DATA_DIR.
  expect(published["models/two-tower"]).toBe(
    readFileSync(join(jobDir, "models", "two-tower", "LATEST"), "utf8").trim(),
  );
});

test("two replicas with empty DATA_DIRs fetch the published versions and serve the same results", async () => {
  for (const dir of replicaDirs) await startReplica(dir);
  await Promise.all(replicas.map(waitReady));
  const published = await pointers();
  for (const dir of replicaDirs) {
    expect(readFileSync(join(dir, "models", "two-tower", "LATEST"), "utf8").trim()).toBe(published["models/two-tower"]);
    expect(existsSync(join(dir, "vectors", "hnsw", "items-two-tower", "manifest.json"))).toBe(true);
  }
  await untilServed({
    "models/two-tower": published["models/two-tower"]!,
    "models/text-encoder": published["models/text-encoder"]!,
    "models/semantic-ids": published["models/semantic-ids"]!,
    "models/ranker": published["models/ranker"]!,
  });
  const served = await sameOnBoth();
  // The served list uses the models: the trained ranker scored the items.
  expect(JSON.stringify(served)).toContain('"dimension":"ranker"');
});

test("a version published while the replicas run reaches both, which then serve the same results again", async () => {
  const before = await pointers();
  // Version names carry the second they were made in.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await job(trainTwoTower, ["--epochs", "3", "--dims", "32"]);
  await job(indexJob, []);
  await job(trainRanker, ["--epochs", "2"]);
  const after = await pointers();
  for (const name of ["models/two-tower", "models/semantic-ids", "models/ranker", "vectors/hnsw/items-two-tower"])
    expect(after[name]).not.toBe(before[name]);
  await untilServed({
    "models/two-tower": after["models/two-tower"]!,
    "models/semantic-ids": after["models/semantic-ids"]!,
    "models/ranker": after["models/ranker"]!,
  });
  for (const [index, dir] of replicaDirs.entries()) {
    expect(readFileSync(join(dir, "models", "ranker", "LATEST"), "utf8").trim()).toBe(after["models/ranker"]);
    expect(readFileSync(join(dir, "vectors", "hnsw", "items-two-tower.version"), "utf8").trim()).toBe(
      after["vectors/hnsw/items-two-tower"],
    );
    expect(await versions(replicas[index]!.port, "held")).toMatchObject({
      "models/two-tower": after["models/two-tower"],
      "vectors/hnsw/items-two-tower": after["vectors/hnsw/items-two-tower"],
    });
  }
  expect(JSON.stringify(await sameOnBoth())).toContain('"dimension":"ranker"');
});
