import type { Surface } from "../../core/personalization/surface";
import { calibrate } from "./platt.calibration";
import type { LoadedRanker } from "./ranker.artifact";
import { FEATURE_NAMES, writeFeatures, type ItemFeatureView, type UserFeatureView } from "./ranker.features";
import { RANKER_TASKS, type RankerTask } from "./ranker-tasks";

/** Calibrated probabilities of one candidate. */
export type TaskProbabilities = Record<RankerTask, number>;

/** Scores candidates with a loaded artifact: features, one forward pass each, per-task Platt calibration. */
export function scoreCandidates(
  ranker: LoadedRanker,
  user: UserFeatureView,
  items: readonly ItemFeatureView[],
  surface: Surface,
  at: Date,
): TaskProbabilities[] {
  const D = FEATURE_NAMES.length;
  const x = new Float32Array(items.length * D);
  items.forEach((item, row) => writeFeatures(x, row, user, item, surface, at));
  const cache = ranker.model.createCache();
  const calibration = ranker.artifact.calibration;
  const out: TaskProbabilities[] = [];
  for (let row = 0; row < items.length; row += 1) {
    const p = ranker.model.forward(x, row, cache);
    const probabilities = {} as TaskProbabilities;
    RANKER_TASKS.forEach((task, k) => (probabilities[task] = calibrate(p[k]!, calibration[k]!)));
    out.push(probabilities);
  }
  return out;
}

/** Probability of buying the item now or within the horizon: 1 − (1 − in-session)(1 − delayed). */
export function purchaseProbability(p: TaskProbabilities): number {
  return 1 - (1 - p.conversion) * (1 - p.delayedConversion);
}
