import DataLoader from "dataloader";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../../../core/logger";
import { MmoeModel } from "../../../ml/ranker/mmoe.model";
import {
  ARTIFACT_FORMAT,
  encodeParameters,
  loadArtifact,
  loadLatestArtifact,
  saveArtifact,
  type RankerArtifact,
} from "../../../ml/ranker/ranker.artifact";
import { FEATURE_NAMES, FEATURE_VERSION, SURFACE_COLUMNS } from "../../../ml/ranker/ranker.features";
import { RANKER_TASKS } from "../../../ml/ranker/ranker-tasks";
import { healthinessDimension } from "../../../plugins/healthiness/healthiness.dimension";
import type { CollectionProposal } from "../../../plugins/sdk/candidate";
import { fixtureAttributes, fixtureCatalog, fixtureServices } from "../../../plugins/sdk/testkit";
import type { PipelineDeps, PipelineReads } from "../../../subgraphs/personalization/pipeline/pipeline.types";
import { RANKER_REASON, retrieveAndRank } from "../../../subgraphs/personalization/pipeline/retrieve-rank.step";
import { Timings } from "../../../subgraphs/personalization/pipeline/timings";
import { ArtifactRankerService, type RankerService } from "../../../subgraphs/personalization/services/ranker.service";
import { SURFACE_CONFIGURATION } from "../../../subgraphs/personalization/surfaces";

const directory = mkdtempSync(join(tmpdir(), "ranker-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function artifact(version: string, seed = 3): RankerArtifact {
  const model = new MmoeModel({
    inputs: FEATURE_NAMES.length,
    experts: 2,
    expertUnits: 6,
    towerUnits: 3,
    tasks: RANKER_TASKS.length,
    gateInputs: [...SURFACE_COLUMNS],
  }).initialize(seed, [0.2, 0.3, 0.3, 0.05]);
  return {
    format: ARTIFACT_FORMAT,
    version,
    createdAt: "2025-01-01T00:00:00Z",
    featureVersion: FEATURE_VERSION,
    features: [...FEATURE_NAMES],
    tasks: [...RANKER_TASKS],
    shape: model.shape,
    parameters: encodeParameters(model.parameters),
    calibration: RANKER_TASKS.map(() => ({ a: 1.1, b: -0.2 })),
    metrics: [{ task: "click", model: "mmoe", auc: 0.7, logloss: 0.5 }],
    training: {},
  };
}

test("an artifact round-trips: same parameters, same predictions; LATEST picks the newest save", () => {
  const saved = artifact("v1");
  saveArtifact(directory, saved);
  saveArtifact(directory, artifact("v2", 4));
  const latest = loadLatestArtifact(directory)!;
  expect(latest.artifact.version).toBe("v2");
  const first = loadArtifact(join(directory, "v1", "model.json"));
  const original = new MmoeModel(saved.shape).initialize(3, [0.2, 0.3, 0.3, 0.05]);
  expect(Array.from(first.model.parameters)).toEqual(Array.from(original.parameters));
  const x = Float32Array.from(FEATURE_NAMES, (_, i) => (i % 3) / 3);
  expect(Array.from(first.model.predict(x, 1))).toEqual(Array.from(original.predict(x, 1)));
});

test("a missing directory means no model; a corrupt or stale artifact is refused with the reason", () => {
  expect(loadLatestArtifact(join(directory, "nothing-here"))).toBeNull();
  const bad = join(directory, "bad");
  mkdirSync(join(bad, "v9"), { recursive: true });
  writeFileSync(join(bad, "LATEST"), "v9\n");
  writeFileSync(join(bad, "v9", "model.json"), JSON.stringify({ ...artifact("v9"), features: ["old"] }));
  expect(() => loadLatestArtifact(bad)).toThrow(/feature layout/);
  const service = new ArtifactRankerService(bad);
  expect(service.version()).toBeNull();
  expect(service.unavailableReason()).toMatch(/feature layout/);
});

const products = fixtureCatalog();
function deps(ranker: RankerService | null): PipelineDeps & { ranker: RankerService | null } {
  return {
    reads: {} as PipelineReads,
    logger: createLogger("test", "silent"),
    plugins: [healthinessDimension],
    surfaces: SURFACE_CONFIGURATION,
    services: fixtureServices(products, {
      popularity: Object.fromEntries(products.map((p, i) => [p._id, 1 - i / 30])),
    }),
    loaders: {
      product: new DataLoader(async (ids) => ids.map(() => null)),
      category: new DataLoader(async (ids) => ids.map(() => null)),
    },
    timings: new Timings(),
    ranker,
  };
}
const popular: CollectionProposal = {
  id: "pipeline.popular",
  title: "Popular",
  dimension: "",
  relevance: 1,
  params: { source: "popular", limit: 12 },
};

test("without a model the step ranks by the dimension blend and flags the fallback", async () => {
  const d = deps(null);
  const [ranked] = await retrieveAndRank(d, fixtureAttributes({ weights: { healthiness: 1 } }), [popular], 1);
  expect(d.timings.steps["ranker.fallback"]).toBe(1);
  expect(ranked!.items.length).toBeGreaterThan(0);
  for (const item of ranked!.items) expect(item.reasons.map((r) => r.dimension)).not.toContain(RANKER_REASON);
  const scores = ranked!.items.map((item) => item.score);
  expect([...scores].sort((a, b) => b - a)).toEqual(scores);
});

test("with a model every item is scored by value to consumer and explained by the ranker first", async () => {
  const d = deps(new ArtifactRankerService(directory));
  const attributes = fixtureAttributes({ weights: { healthiness: 1 }, priceSensitivity: 0.8 });
  const [ranked] = await retrieveAndRank(d, attributes, [popular], 1);
  expect(d.timings.steps["ranker.fallback"]).toBeUndefined();
  const [blendOnly] = await retrieveAndRank(deps(null), attributes, [popular], 1);
  expect(ranked!.items).toHaveLength(blendOnly!.items.length);
  for (const item of ranked!.items) {
    expect(item.reasons[0]!.dimension).toBe(RANKER_REASON);
    expect(item.score).toBeGreaterThanOrEqual(0);
    expect(item.score).toBeLessThanOrEqual(1);
  }
  const scores = ranked!.items.map((item) => item.score);
  expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  expect(scores).not.toEqual(blendOnly!.items.map((item) => item.score));
});
