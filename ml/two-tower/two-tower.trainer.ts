import { RowAdagrad } from "../embeddings/vector-math";
import { SeededRandom } from "../../core/random";
import { batchSoftmaxLoss } from "./two-tower.batch";
import {
  tensorShape,
  TENSOR_NAMES,
  type GradientSink,
  type ItemInput,
  type TensorName,
  type TwoTowerModel,
  type UserInput,
} from "./two-tower.model";

/** Training examples: user states (one per user and moment) and (state, positive item) pairs. */
export interface TwoTowerExamples {
  states: UserInput[];
  /** Per example: index into `states`. */
  stateOf: Int32Array;
  /** Per example: the positive item's index in the item vocabulary. */
  item: Int32Array;
}

/** Settings of {@link trainTwoTower}. */
export interface TwoTowerTrainOptions {
  epochs: number;
  batchSize: number;
  temperature: number;
  learningRate: number;
  seed: number;
  /** Subtract log q(item) from in-batch logits (on by default). */
  logQCorrection: boolean;
  onProgress?: (seen: number, total: number) => void;
}

/** Defaults: 8 epochs, batches of 256, τ = 0.07, Adagrad 0.05, logQ on. */
export const DEFAULT_TWO_TOWER_TRAIN: TwoTowerTrainOptions = {
  epochs: 8,
  batchSize: 256,
  temperature: 0.07,
  learningRate: 0.05,
  seed: 17,
  logQCorrection: true,
};

/**
 * Sampling probability of each item as an in-batch negative = its share of the positives (exact counts over
 * the training examples; Yi et al. estimate it by streaming, which offline training does not need).
 */
export function itemLogFrequency(itemCount: number, positives: Int32Array): Float32Array {
  const counts = new Float64Array(itemCount);
  for (const item of positives) counts[item]! += 1;
  const out = new Float32Array(itemCount);
  const total = positives.length + itemCount * 1e-3;
  for (let i = 0; i < itemCount; i += 1) out[i] = Math.log((counts[i]! + 1e-3) / total);
  return out;
}

/** Trains `model` in place with in-batch sampled softmax (+ logQ correction); returns the mean loss of each epoch. */
export function trainTwoTower(
  model: TwoTowerModel,
  items: readonly ItemInput[],
  examples: TwoTowerExamples,
  options: TwoTowerTrainOptions = DEFAULT_TWO_TOWER_TRAIN,
): number[] {
  const random = new SeededRandom(options.seed);
  const optimizers = {} as Record<TensorName, RowAdagrad>;
  for (const name of TENSOR_NAMES) {
    const [rows, cols] = tensorShape(model.shape, name);
    optimizers[name] = new RowAdagrad(rows, cols, options.learningRate);
  }
  const sink: GradientSink = { add: (tensor, row, grad) => optimizers[tensor].step(model.tensors[tensor], row, grad) };
  const logFrequency = itemLogFrequency(items.length, examples.item);
  const order = new Uint32Array(examples.item.length).map((_, i) => i);
  const total = options.epochs * order.length;
  const losses: number[] = [];
  let seen = 0;
  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    random.shuffle(order);
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start + 2 <= order.length; start += options.batchSize) {
      const batch = order.subarray(start, Math.min(start + options.batchSize, order.length));
      const users = Array.from(batch, (e) => examples.states[examples.stateOf[e]!]!);
      const keys = Int32Array.from(batch, (e) => examples.item[e]!);
      const batchItems = Array.from(keys, (item) => items[item]!);
      const logQ = options.logQCorrection ? Float32Array.from(keys, (item) => logFrequency[item]!) : null;
      lossSum += batchSoftmaxLoss(model, users, batchItems, keys, { temperature: options.temperature, logQ }, sink);
      batches += 1;
      seen += batch.length;
      options.onProgress?.(seen, total);
    }
    losses.push(batches > 0 ? lossSum / batches : 0);
  }
  return losses;
}
