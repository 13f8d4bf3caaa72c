import { normalizeBackward } from "../embeddings/vector-math";
import { SeededRandom } from "../../core/random";
import { RowAdagrad } from "../embeddings/vector-math";
import type { TextEncoder } from "./text-encoder.model";
import type { TextPair } from "./text-pair.types";

/** Settings of {@link trainTextEncoder}. */
export interface TextEncoderTrainOptions {
  epochs: number;
  batchSize: number;
  /** Softmax temperature over cosine similarities. */
  temperature: number;
  learningRate: number;
  seed: number;
  /** Called after every batch with pairs seen so far and the total. */
  onProgress?: (seen: number, total: number) => void;
}

/** Defaults: 3 epochs, batches of 128, τ = 0.05, Adagrad rate 0.2. */
export const DEFAULT_TEXT_TRAIN: TextEncoderTrainOptions = {
  epochs: 3,
  batchSize: 128,
  temperature: 0.05,
  learningRate: 0.2,
  seed: 7,
};

/**
 * Trains `encoder` in place with a symmetric in-batch softmax (InfoNCE) over `pairs`: each anchor must pick
 * its positive among the batch's positives and vice versa; same-key positives are masked. Returns mean loss per epoch.
 */
export function trainTextEncoder(
  encoder: TextEncoder,
  pairs: readonly TextPair[],
  options: TextEncoderTrainOptions = DEFAULT_TEXT_TRAIN,
): number[] {
  const d = encoder.shape.dims;
  const random = new SeededRandom(options.seed);
  const optimizer = new RowAdagrad(encoder.shape.buckets, d, options.learningRate);
  const anchorIds = pairs.map((pair) => encoder.features(pair.anchor));
  const positiveIds = pairs.map((pair) => encoder.features(pair.positive));
  const order = new Uint32Array(pairs.length).map((_, i) => i);
  const B = options.batchSize;
  const A = new Float32Array(B * d);
  const P = new Float32Array(B * d);
  const normsA = new Float32Array(B);
  const normsP = new Float32Array(B);
  const logits = new Float32Array(B * B);
  const gradA = new Float32Array(B * d);
  const gradP = new Float32Array(B * d);
  const scratch = new Float32Array(d);
  const dx = new Float32Array(d);
  const losses: number[] = [];
  const total = options.epochs * pairs.length;
  let seen = 0;
  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    random.shuffle(order);
    let lossSum = 0;
    let lossCount = 0;
    for (let start = 0; start + 2 <= pairs.length; start += B) {
      const n = Math.min(B, pairs.length - start);
      const batch = order.subarray(start, start + n);
      for (let r = 0; r < n; r += 1) {
        const index = batch[r]!;
        normsA[r] = encoder.encodeFeatures(anchorIds[index]!, scratch).norm;
        A.set(scratch, r * d);
        normsP[r] = encoder.encodeFeatures(positiveIds[index]!, scratch).norm;
        P.set(scratch, r * d);
      }
      for (let i = 0; i < n; i += 1) {
        for (let j = 0; j < n; j += 1) {
          let s = 0;
          for (let k = 0; k < d; k += 1) s += A[i * d + k]! * P[j * d + k]!;
          logits[i * n + j] = s / options.temperature;
        }
      }
      const masked = (i: number, j: number): boolean => i !== j && pairs[batch[i]!]!.key === pairs[batch[j]!]!.key;
      gradA.fill(0, 0, n * d);
      gradP.fill(0, 0, n * d);
      // Two directions: rows (anchor → positives) and columns (positive → anchors), each averaged over n.
      for (let direction = 0; direction < 2; direction += 1) {
        for (let i = 0; i < n; i += 1) {
          let max = -Infinity;
          for (let j = 0; j < n; j += 1) {
            if (masked(i, j)) continue;
            const value = direction === 0 ? logits[i * n + j]! : logits[j * n + i]!;
            if (value > max) max = value;
          }
          let sum = 0;
          for (let j = 0; j < n; j += 1)
            if (!masked(i, j)) sum += Math.exp((direction === 0 ? logits[i * n + j]! : logits[j * n + i]!) - max);
          lossSum += -((direction === 0 ? logits[i * n + i]! : logits[i * n + i]!) - max - Math.log(sum));
          lossCount += 1;
          for (let j = 0; j < n; j += 1) {
            if (masked(i, j)) continue;
            const logit = direction === 0 ? logits[i * n + j]! : logits[j * n + i]!;
            const g = (Math.exp(logit - max) / sum - (i === j ? 1 : 0)) / (2 * n * options.temperature);
            if (g === 0) continue;
            const [row, col] = direction === 0 ? [i, j] : [j, i];
            for (let k = 0; k < d; k += 1) {
              gradA[row * d + k]! += g * P[col * d + k]!;
              gradP[col * d + k]! += g * A[row * d + k]!;
            }
          }
        }
      }
      for (let r = 0; r < n; r += 1) {
        const index = batch[r]!;
        applyRowGradients(encoder, optimizer, anchorIds[index]!, A, gradA, r, normsA[r]!, dx);
        applyRowGradients(encoder, optimizer, positiveIds[index]!, P, gradP, r, normsP[r]!, dx);
      }
      seen += n;
      options.onProgress?.(seen, total);
    }
    losses.push(lossCount > 0 ? lossSum / lossCount : 0);
  }
  return losses;
}

function applyRowGradients(
  encoder: TextEncoder,
  optimizer: RowAdagrad,
  ids: Int32Array,
  outputs: Float32Array,
  grads: Float32Array,
  row: number,
  norm: number,
  dx: Float32Array,
): void {
  const total = encoder.totalWeight(ids);
  if (ids.length === 0 || norm === 0 || total <= 0) return;
  const d = encoder.shape.dims;
  normalizeBackward(outputs, row * d, grads, row * d, norm, dx, d);
  for (let k = 0; k < d; k += 1) dx[k]! /= total;
  const scaled = new Float32Array(d);
  for (let k = 0; k < ids.length; k += 1) {
    const weight = encoder.weightOf(ids[k]!);
    if (weight === 0) continue;
    for (let i = 0; i < d; i += 1) scaled[i] = dx[i]! * weight;
    optimizer.step(encoder.table, ids[k]!, scaled);
  }
}
