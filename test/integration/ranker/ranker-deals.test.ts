import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient, type Db } from "mongodb";
import { main as dealsJob } from "../../../jobs/deals.job";
import { UsageError } from "../../../core/cli-args";
import { seedDatabase } from "../../../jobs/seed/seed";
import { RANKER_MODELS_DIR, saveArtifact } from "../../../ml/ranker/ranker.artifact";
import { buildRankerDataset, type RankerDataset } from "../../../jobs/ranker/ranker-dataset.builder";
import { sampleUsers } from "../../../ml/user-sample";
import { DEFAULT_EXPERIMENT, runRankerExperiment, type ExperimentResult } from "../../../ml/ranker/ranker.experiment";
import { RANKER_TASKS } from "../../../ml/ranker/ranker-tasks";
import { DEALS_COLLECTION, DealsRepository } from "../../../subgraphs/personalization/services/deals.repository";

jest.setTimeout(120_000);

const name = `test_ranker_${process.pid}_${Date.now().toString(36)}`;
const dataDir = mkdtempSync(join(tmpdir(), "ranker-data-"));
let client: MongoClient;
let db: Db;
let dataset: RankerDataset;
let result: ExperimentResult;
const env = {
  DATA_DIR: process.env.DATA_DIR,
  MONGODB_DATABASE: process.env.MONGODB_DATABASE,
  PROGRESS: process.env.PROGRESS,
};

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!);
  db = client.db(name);
  await seedDatabase(db, { scale: "tiny", seed: 5 });
  dataset = await buildRankerDataset(db, { horizonDays: 14 });
  result = runRankerExperiment(
    dataset,
    {
      ...DEFAULT_EXPERIMENT,
      experts: 2,
      expertUnits: 8,
      towerUnits: 4,
      train: { ...DEFAULT_EXPERIMENT.train, epochs: 2 },
    },
    "it-v1",
  );
  saveArtifact(join(dataDir, RANKER_MODELS_DIR), result.artifact);
  Object.assign(process.env, { DATA_DIR: dataDir, MONGODB_DATABASE: name, PROGRESS: "off" });
});

afterAll(async () => {
  for (const [key, value] of Object.entries(env))
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  await db.dropDatabase();
  await client.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test("labeled impressions come from the simulator's events in time order, with all four tasks", () => {
  expect(dataset.rows).toBeGreaterThan(500);
  for (let row = 1; row < dataset.rows; row += 1) expect(dataset.at[row]!).toBeGreaterThanOrEqual(dataset.at[row - 1]!);
  for (let k = 0; k < RANKER_TASKS.length; k += 1) {
    let positives = 0;
    for (let row = 0; row < dataset.rows; row += 1) positives += dataset.y[row * RANKER_TASKS.length + k]!;
    expect(positives).toBeGreaterThan(0);
  }
});

test("a shopper sample keeps the examples of the sampled shoppers only, the same ones each time", async () => {
  const sample = await sampleUsers(db, 5);
  expect(sample?.size).toBe(5);
  expect(await sampleUsers(db, 5)).toEqual(sample);
  expect(await sampleUsers(db, 1000)).toBeNull();
  const sampled = await buildRankerDataset(db, { horizonDays: 14, maxUsers: 5 });
  expect(sampled.rows).toBeGreaterThan(0);
  expect(sampled.rows).toBeLessThan(dataset.rows / 2);
  expect((await buildRankerDataset(db, { horizonDays: 14, maxUsers: 1000 })).x).toEqual(dataset.x);
});

test("the run reports AUC and log-loss of mmoe, single-task and popularity per task on a later test period", () => {
  expect(result.metrics).toHaveLength(3 * RANKER_TASKS.length);
  expect(new Set(result.metrics.map((m) => `${m.task}/${m.model}`)).size).toBe(12);
  expect(result.split.train[1]).toBeLessThanOrEqual(result.split.test[0]);
  expect(dataset.at[result.split.validation[1] - 1]!).toBeLessThan(result.split.splitAt - 14 * 86_400_000 + 1);
  const conversion = result.metrics.find((m) => m.task === "conversion" && m.model === "mmoe")!;
  expect(conversion.auc).toBeGreaterThan(0.6);
  expect(conversion.logloss).toBeGreaterThan(0);
});

test("the deals job stays within budget, explains every deal, and personalization reads them", async () => {
  const out = join(dataDir, "deals.json");
  await dealsJob(["--budget", "40", "--per-shopper", "2", "--now", "2025-07-01T00:00:00Z", "--out", out]);
  const report = JSON.parse(require("node:fs").readFileSync(out, "utf8")) as {
    budget: number;
    spent: number;
    allocations: { userId: string; productId: string; explanation: string; cost: number }[];
    expectedIncrementalValue: number;
  };
  expect(report.budget).toBe(40);
  expect(report.spent).toBeLessThanOrEqual(40);
  expect(report.allocations.length).toBeGreaterThan(0);
  expect(report.allocations.reduce((sum, a) => sum + a.cost, 0)).toBeCloseTo(report.spent, 6);
  for (const allocation of report.allocations) expect(allocation.explanation).toMatch(/predicted purchase/);
  const stored = await db.collection(DEALS_COLLECTION).countDocuments();
  expect(stored).toBe(report.allocations.length);
  const first = report.allocations[0]!;
  const deals = await new DealsRepository(db).active(first.userId, new Date("2025-07-02T00:00:00Z"), [first.productId]);
  expect(deals.get(first.productId)?.reason).toBe(first.explanation);
});

test("infeasible constraints give a clear error and leave the stored deals untouched", async () => {
  const before = await db.collection(DEALS_COLLECTION).find({}).sort({ _id: 1 }).toArray();
  expect(before.length).toBeGreaterThan(0);
  await expect(
    dealsJob(["--budget", "40", "--min-allocations", "100000", "--now", "2025-07-01T00:00:00Z"]),
  ).rejects.toThrow(UsageError);
  await expect(dealsJob(["--budget", "0", "--min-allocations", "1", "--now", "2025-07-01T00:00:00Z"])).rejects.toThrow(
    /infeasible: a budget of 0/,
  );
  await expect(dealsJob(["--budget", "-3"])).rejects.toThrow(/--budget needs a number/);
  const after = await db.collection(DEALS_COLLECTION).find({}).sort({ _id: 1 }).toArray();
  expect(after).toEqual(before);
});
