import { resolve } from "node:path";
import { loadConfigOrExit } from "../core/config";
import { projectRoot } from "../core/paths";
import { MmoeModel } from "../ml/ranker/mmoe.model";
import {
  ARTIFACT_FORMAT,
  encodeParameters,
  loadLatestArtifact,
  RANKER_MODELS_DIR,
  type LoadedRanker,
} from "../ml/ranker/ranker.artifact";
import {
  FEATURE_NAMES,
  FEATURE_VERSION,
  priceRatio,
  userFeatureView,
  type ItemFeatureView,
} from "../ml/ranker/ranker.features";
import { purchaseProbability, scoreCandidates } from "../ml/ranker/ranker.scorer";
import { RANKER_TASKS } from "../ml/ranker/ranker-tasks";
import { SeededRandom } from "../core/random";
import { shopperValue, valueToConsumer } from "../ml/ranker/value-to-consumer";
import { fixtureAttributes, fixtureProduct } from "../plugins/sdk/testkit";
import { VALUE_TO_CONSUMER_WEIGHTS } from "../subgraphs/personalization/surfaces";
import { defineCommand, JSON_FILE } from "../core/cli-args";
import { emitJson } from "./bench-args";
import { percentile } from "./percentile";

const ARGS = defineCommand({
  command: "npm run bench -- ranker",
  summary: "Latency of scoring and ordering N candidates (features, MMoE, calibration, value to consumer), as JSON.",
  options: {
    candidates: { type: "int", min: 1, max: 1_000_000, default: 500, help: "candidates scored per iteration" },
    iterations: { type: "int", min: 1, max: 1_000_000, default: 300, help: "iterations timed" },
    out: { type: "string", value: "FILE.json", pattern: JSON_FILE, help: "also write the report here" },
  },
});
export const USAGE = ARGS.usage;

/** `npm run bench -- ranker`: latency of scoring and ordering N candidates (features, MMoE, calibration, value to consumer). */
export async function main(argv: string[]): Promise<void> {
  const args = ARGS.parse(argv);
  const { candidates, iterations } = args;
  const config = loadConfigOrExit();
  let ranker: LoadedRanker | null = loadLatestArtifact(resolve(projectRoot, config.DATA_DIR, RANKER_MODELS_DIR));
  const trained = ranker !== null;
  if (!ranker) {
    const model = new MmoeModel({
      inputs: FEATURE_NAMES.length,
      experts: 4,
      expertUnits: 24,
      towerUnits: 12,
      tasks: RANKER_TASKS.length,
    }).initialize(1);
    ranker = {
      model,
      artifact: {
        format: ARTIFACT_FORMAT,
        version: "untrained",
        createdAt: "",
        featureVersion: FEATURE_VERSION,
        features: [...FEATURE_NAMES],
        tasks: [...RANKER_TASKS],
        shape: model.shape,
        parameters: encodeParameters(model.parameters),
        calibration: RANKER_TASKS.map(() => ({ a: 1, b: 0 })),
        metrics: [],
        training: {},
      },
    };
  }
  const random = new SeededRandom(9);
  const now = new Date("2025-06-01T12:00:00Z");
  const items: ItemFeatureView[] = Array.from({ length: candidates }, (_, i) => ({
    product: fixtureProduct(`p${i}`, {
      categoryId: `c${i % 40}`,
      categoryPath: [`d${i % 8}`, `c${i % 40}`],
      brand: `b${i % 60}`,
      price: 1 + random.next() * 20,
    }),
    medians: { pack: 8 },
    popularity: random.next(),
  }));
  const attributes = fixtureAttributes({
    coldStart: false,
    priceSensitivity: 0.6,
    purchases: items.slice(0, 80).map((item, i) => ({
      productId: item.product._id,
      count: 1 + (i % 7),
      lastPurchasedAt: new Date(now.getTime() - i * 86_400_000),
      reorderIntervalDays: 7,
    })),
    categoryAffinity: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`c${i}`, random.next() / 10])),
    brandAffinity: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`b${i}`, random.next() / 20])),
  });
  const weights = VALUE_TO_CONSUMER_WEIGHTS.HOME;
  const times: number[] = [];
  for (let iteration = 0; iteration < iterations + 20; iteration += 1) {
    const started = performance.now();
    const view = userFeatureView(attributes);
    const scores = scoreCandidates(ranker, view, items, "HOME", now);
    const purchase = scores.map(purchaseProbability);
    const max = Math.max(...purchase);
    const final = items.map((item, i) =>
      valueToConsumer(weights, {
        conversion: purchase[i]! / max,
        value: shopperValue({
          priceRatio: priceRatio(item.product, item.medians),
          price: item.product.price,
          deal: null,
          multipack: false,
          bulkPreference: 1,
          priceSensitivity: 0.6,
        }),
        source: 0.5,
        dimensions: 0.5,
      }),
    );
    final.map((score, i) => [score, i] as const).sort((a, b) => b[0] - a[0]);
    if (iteration >= 20) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => Math.round(percentile(times, p) * 1000) / 1000;
  emitJson(
    {
      bench: "ranker",
      model: ranker.artifact.version,
      trained,
      parameters: ranker.model.size,
      candidates,
      iterations,
      ms: { p50: at(50), p90: at(90), p99: at(99), max: at(100) },
    },
    args.out,
  );
}
