import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bumpCatalogVersion } from "../../../core/catalog/catalog-version";
import { tryAcquireLease } from "../../../core/database/lease";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { ProductDocument } from "../../../core/documents/product.document";
import { main as indexJob } from "../../../jobs/index.job";
import { seedDatabase } from "../../../jobs/seed/seed";
import { main as trainTextEncoder } from "../../../jobs/train/text-encoder.train";
import { latestVersion } from "../../../ml/embeddings/model-artifact";
import { measureCatalogDrift } from "../../../ml/model-refresh/catalog-drift";
import {
  ModelRefreshFollower,
  readModelRefreshStatus,
  type RefreshStep,
} from "../../../ml/model-refresh/model-refresh";
import { SEMANTIC_ID_MODELS_DIR } from "../../../ml/semantic-ids/semantic-id.artifact";
import { SEMANTIC_IDS_COLLECTION } from "../../../ml/semantic-ids/semantic-id.repository";
import { TEXT_ENCODER_MODELS_DIR } from "../../../ml/text-encoder/text-encoder.artifact";
import { useTestDatabase } from "../../support/test-database";

jest.setTimeout(240_000);

const test_ = useTestDatabase("model_refresh");
const dataDir = mkdtempSync(join(tmpdir(), "model-refresh-"));
const saved = {
  DATA_DIR: process.env.DATA_DIR,
  MONGODB_DATABASE: process.env.MONGODB_DATABASE,
  PROGRESS: process.env.PROGRESS,
  VECTOR_STORE: process.env.VECTOR_STORE,
};

/** Runs a refresh step in process (the catalog process spawns the same commands), quietly. */
async function runInProcess(step: RefreshStep): Promise<number> {
  const quiet = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
  const quietErr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    if (step.script === "train" && step.args[0] === "text-encoder") await trainTextEncoder(["--epochs", "2"]);
    else if (step.script === "jobs" && step.args[0] === "index") await indexJob([]);
    else throw new Error(`unexpected step ${step.name}`);
    return 0;
  } finally {
    quiet.mockRestore();
    quietErr.mockRestore();
  }
}

/** `count` copies of seeded products under new ids: a catalog change of that many products. */
async function addProducts(prefix: string, count: number): Promise<void> {
  const templates = await test_.db.collection<ProductDocument>(COLLECTIONS.products).find({}).limit(count).toArray();
  await test_.db
    .collection<ProductDocument>(COLLECTIONS.products)
    .insertMany(
      templates.map((product, index) => ({ ...product, _id: `${prefix}${index}`, name: `${product.name} ${prefix}` })),
    );
  await bumpCatalogVersion(test_.db);
}

beforeAll(async () => {
  Object.assign(process.env, {
    DATA_DIR: dataDir,
    MONGODB_DATABASE: test_.db.databaseName,
    PROGRESS: "off",
    VECTOR_STORE: "hnsw",
  });
  await seedDatabase(test_.db, { scale: "tiny", seed: 42 });
  await runInProcess({ name: "text encoder", script: "train", args: ["text-encoder"] });
  await runInProcess({ name: "index", script: "jobs", args: ["index"] });
});

afterAll(() => {
  for (const [key, value] of Object.entries(saved))
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  rmSync(dataDir, { recursive: true, force: true });
});

describe("models follow the catalog", () => {
  test("no drift on the catalog the models were built on; none without trained models", async () => {
    const drift = (await measureCatalogDrift(test_.db, dataDir))!;
    expect(drift.share).toBe(0);
    expect(drift.covered).toBe(drift.products);
    const empty = mkdtempSync(join(tmpdir(), "model-refresh-none-"));
    try {
      expect(await measureCatalogDrift(test_.db, empty)).toBeNull();
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test("a small change is below the threshold: no refresh, the same models", async () => {
    const steps: string[] = [];
    const follower = new ModelRefreshFollower({
      dataDir,
      threshold: 0.2,
      holder: "test",
      runStep: async (step) => (steps.push(step.name), 0),
      log: () => undefined,
    });
    const before = await measureCatalogDrift(test_.db, dataDir);
    await addProducts("p:test:small-", 20);
    const check = await follower.check(test_.db, before!.catalogVersion + 1);
    expect(check).toMatchObject({ skipped: expect.stringMatching(/below 0.2/) });
    expect((check as { drift: { share: number } }).drift.share).toBeCloseTo(20 / (before!.products + 20), 3);
    expect(steps).toEqual([]);
  });

  test("a substantial change retrains the encoder and rebuilds indexes and Semantic IDs in the background, with its status stored", async () => {
    const encoderBefore = latestVersion(join(dataDir, TEXT_ENCODER_MODELS_DIR));
    const codebooksBefore = latestVersion(join(dataDir, SEMANTIC_ID_MODELS_DIR));
    await addProducts("p:test:big-", 200);
    const lines: string[] = [];
    const follower = new ModelRefreshFollower({
      dataDir,
      threshold: 0.2,
      holder: "test",
      runStep: runInProcess,
      log: (line) => lines.push(line),
    });
    const drift = (await measureCatalogDrift(test_.db, dataDir))!;
    expect(drift.share).toBeGreaterThanOrEqual(0.2);
    const check = await follower.check(test_.db, drift.catalogVersion);
    expect(check).toMatchObject({ started: { share: drift.share } });
    // A second check while it runs starts nothing.
    expect(await follower.check(test_.db, drift.catalogVersion)).toMatchObject({ running: expect.any(String) });
    await follower.inProgress;
    const status = (await readModelRefreshStatus(test_.db))!;
    expect(status).toMatchObject({ state: "done", error: null, current: null });
    expect(status.steps.map((step) => [step.name, step.exitCode])).toEqual([
      ["text encoder", 0],
      ["vector indexes and Semantic IDs", 0],
    ]);
    expect(latestVersion(join(dataDir, TEXT_ENCODER_MODELS_DIR))).not.toBe(encoderBefore);
    expect(latestVersion(join(dataDir, SEMANTIC_ID_MODELS_DIR))).not.toBe(codebooksBefore);
    const after = (await measureCatalogDrift(test_.db, dataDir))!;
    expect(after.share).toBe(0);
    expect(await test_.db.collection(SEMANTIC_IDS_COLLECTION).countDocuments({})).toBe(after.products);
    expect(lines.some((line) => /model refresh: done/.test(line))).toBe(true);
    // The same catalog version again: nothing to do.
    expect(await follower.check(test_.db, drift.catalogVersion)).toEqual({ unchanged: drift.catalogVersion });
  });

  test("while another process holds the rebuild lease, a refresh is not started twice", async () => {
    const lease = (await tryAcquireLease(test_.db, `rebuild:${SEMANTIC_IDS_COLLECTION}`, 60_000, "other-replica"))!;
    try {
      await addProducts("p:test:third-", 300);
      const steps: string[] = [];
      const lines: string[] = [];
      const follower = new ModelRefreshFollower({
        dataDir,
        threshold: 0.2,
        holder: "test",
        runStep: async (step) => (steps.push(step.name), 0),
        log: (line) => lines.push(line),
      });
      const drift = (await measureCatalogDrift(test_.db, dataDir))!;
      expect(await follower.check(test_.db, drift.catalogVersion)).toMatchObject({ started: expect.any(Object) });
      await follower.inProgress;
      expect(steps).toEqual([]);
      expect(lines.some((line) => /other-replica.*holds the rebuild lease/.test(line))).toBe(true);
    } finally {
      await lease.release();
    }
  });
});
