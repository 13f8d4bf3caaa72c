import { AdamOptimizer } from "./adam.optimizer";
import type { MmoeModel } from "./mmoe.model";
import { logLoss } from "./ranker.metrics";
import { SeededRandom } from "../../core/random";

/** Rows of a design matrix with their labels. */
export interface LabeledRows {
  /** Row-major features, `rows × inputs`. */
  x: Float32Array;
  /** Row-major 0/1 labels, `rows × labelColumns`. */
  y: Uint8Array;
  rows: number;
  labelColumns: number;
}

/** Training settings; defaults fit the `small` seed in well under a minute per model on 2 cores. */
export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  weightDecay: number;
  seed: number;
  /** Which label column each model task learns (default 0..tasks−1). */
  taskColumns?: number[];
  /** Keeps the parameters of the epoch with the lowest validation log-loss (summed over tasks). */
  validation?: LabeledRows;
  /** Called after every batch with the examples seen so far. */
  onBatch?: (seen: number) => void;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 6,
  batchSize: 256,
  learningRate: 0.003,
  weightDecay: 1e-5,
  seed: 7,
};

/** What training did. */
export interface TrainSummary {
  epochs: number;
  bestEpoch: number;
  validationLoss: number[];
}

/** Mini-batch Adam on the summed binary cross-entropy of the tasks; deterministic for a seed. */
export function trainMmoe(model: MmoeModel, data: LabeledRows, options: TrainOptions): TrainSummary {
  const K = model.shape.tasks;
  const columns = options.taskColumns ?? Array.from({ length: K }, (_, k) => k);
  const random = new SeededRandom(options.seed);
  const optimizer = new AdamOptimizer(model.size, options.learningRate, options.weightDecay);
  const grad = new Float32Array(model.size);
  const cache = model.createCache();
  const dLogit = new Float64Array(K);
  const order = Uint32Array.from({ length: data.rows }, (_, i) => i);
  const validationLoss: number[] = [];
  let best = Number.POSITIVE_INFINITY;
  let bestEpoch = -1;
  let bestParameters: Float32Array | null = null;
  let seen = 0;
  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    random.shuffle(order);
    for (let start = 0; start < data.rows; start += options.batchSize) {
      const end = Math.min(data.rows, start + options.batchSize);
      grad.fill(0);
      const scale = 1 / (end - start);
      for (let i = start; i < end; i += 1) {
        const row = order[i]!;
        const p = model.forward(data.x, row, cache);
        for (let k = 0; k < K; k += 1) dLogit[k] = (p[k]! - data.y[row * data.labelColumns + columns[k]!]!) * scale;
        model.backward(cache, dLogit, grad);
      }
      optimizer.update(model.parameters, grad);
      seen += end - start;
      options.onBatch?.(seen);
    }
    if (options.validation) {
      const loss = validationLogLoss(model, options.validation, columns);
      validationLoss.push(loss);
      if (loss < best) {
        best = loss;
        bestEpoch = epoch;
        bestParameters = Float32Array.from(model.parameters);
      }
    }
  }
  if (bestParameters) model.parameters.set(bestParameters);
  return { epochs: options.epochs, bestEpoch: bestParameters ? bestEpoch : options.epochs - 1, validationLoss };
}

/** Summed per-task log-loss of the model on `data`. */
export function validationLogLoss(model: MmoeModel, data: LabeledRows, columns: number[]): number {
  const K = model.shape.tasks;
  const predictions = model.predict(data.x, data.rows);
  let total = 0;
  for (let k = 0; k < K; k += 1) {
    const p = new Float32Array(data.rows);
    const y = new Uint8Array(data.rows);
    for (let row = 0; row < data.rows; row += 1) {
      p[row] = predictions[row * K + k]!;
      y[row] = data.y[row * data.labelColumns + columns[k]!]!;
    }
    total += logLoss(p, y);
  }
  return total;
}
