import { performance } from "node:perf_hooks";
import { toTrainingView } from "./leakage.guard";
import type { NbrDataset } from "./nbr-dataset.types";
import type { NbrMethod } from "./nbr-method.types";
import type { NbrResultRow } from "./nbr-report.types";
import { ScoreAverager, scoreRanking } from "./ranking.metrics";

/** A progress reporter as `core/progress` makes them. */
export interface EvalProgress {
  tick(n?: number): void;
  stop(): void;
}

/** Evaluation settings and hooks. */
export interface EvaluateOptions {
  /** Cut-offs to score, e.g. [10, 20]. */
  readonly ks: readonly number[];
  /** Starts a progress bar of `total` units (default: none). */
  readonly progress?: (label: string, total: number) => EvalProgress;
}

/** One method's averaged scores plus how long it took. */
export interface MethodEvaluation {
  readonly method: string;
  readonly rows: readonly NbrResultRow[];
  readonly fitSeconds: number;
  readonly predictSeconds: number;
}

const silent: EvalProgress = { tick() {}, stop() {} };

/**
 * Fits each method on the leakage-checked TrainingView (histories only), asks it for max(ks) items per user,
 * and scores them against the held-out targets, which never leave this function.
 */
export async function evaluateNbr(
  dataset: NbrDataset,
  methods: readonly NbrMethod[],
  options: EvaluateOptions,
): Promise<MethodEvaluation[]> {
  const ks = [...new Set(options.ks)].sort((a, b) => a - b);
  if (ks.length === 0 || ks.some((k) => !Number.isInteger(k) || k < 1)) {
    throw new RangeError(`ks must be positive integers, got ${options.ks.join(",")}`);
  }
  const maxK = ks[ks.length - 1];
  const view = toTrainingView(dataset);
  const startProgress = options.progress ?? (() => silent);
  const evaluations: MethodEvaluation[] = [];
  for (const method of methods) {
    const fitStart = performance.now();
    await method.fit(view);
    const fitSeconds = (performance.now() - fitStart) / 1000;
    const averagers = ks.map(() => new ScoreAverager());
    const bar = startProgress(method.name.padEnd(12), dataset.users.length);
    const predictStart = performance.now();
    try {
      for (const user of dataset.users) {
        const predictions = method.predict(user.userId, maxK);
        if (predictions.length > maxK) {
          throw new Error(
            `method ${method.name} returned ${predictions.length} items for user ${user.userId}, asked for ${maxK}`,
          );
        }
        const target = new Set(user.target.items);
        const historyItems = new Set<string>();
        for (const basket of user.history) for (const item of basket.items) historyItems.add(item);
        ks.forEach((k, i) => averagers[i].add(scoreRanking(predictions, target, historyItems, k)));
        bar.tick();
      }
    } finally {
      bar.stop();
    }
    const predictSeconds = (performance.now() - predictStart) / 1000;
    const rows = ks.map((k, i) => ({ method: method.name, k, ...averagers[i].mean() }));
    evaluations.push({ method: method.name, rows, fitSeconds, predictSeconds });
  }
  return evaluations;
}
