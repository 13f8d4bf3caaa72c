import { normalizeBackward, normalizeInPlace } from "../embeddings/vector-math";
import type { GradientSink, ItemInput, TwoTowerModel, UserInput } from "./two-tower.model";

/** Loss settings of one batch. */
export interface BatchLossOptions {
  /** Softmax temperature over cosine scores. */
  temperature: number;
  /** log of each positive's sampling probability (logQ correction, Yi et al. 2019), or null for none. */
  logQ: Float32Array | null;
}

/**
 * In-batch sampled softmax over one batch of (user, positive item) pairs: user i must pick its own item among
 * the batch's items; logit_ij = cos(u_i, v_j)/τ − log q_j; other rows holding the same item are masked.
 * Returns the mean loss and sends gradients to `sink` (when given).
 */
export function batchSoftmaxLoss(
  model: TwoTowerModel,
  users: readonly UserInput[],
  items: readonly ItemInput[],
  itemKeys: ArrayLike<number>,
  options: BatchLossOptions,
  sink: GradientSink | null,
): number {
  const n = users.length;
  const d = model.shape.dims;
  const U = new Float32Array(n * d);
  const V = new Float32Array(n * d);
  const normsU = new Float32Array(n);
  const normsV = new Float32Array(n);
  const raw = new Float32Array(d);
  for (let i = 0; i < n; i += 1) {
    model.userRaw(users[i]!, raw);
    U.set(raw, i * d);
    normsU[i] = normalizeInPlace(U, i * d, d);
    model.itemRaw(items[i]!, raw);
    V.set(raw, i * d);
    normsV[i] = normalizeInPlace(V, i * d, d);
  }
  const tau = options.temperature;
  const logits = new Float32Array(n);
  const gU = new Float32Array(n * d);
  const gV = new Float32Array(n * d);
  let loss = 0;
  for (let i = 0; i < n; i += 1) {
    let max = -Infinity;
    for (let j = 0; j < n; j += 1) {
      if (j !== i && itemKeys[j] === itemKeys[i]) {
        logits[j] = -Infinity;
        continue;
      }
      let s = 0;
      for (let k = 0; k < d; k += 1) s += U[i * d + k]! * V[j * d + k]!;
      const value = s / tau - (options.logQ ? options.logQ[j]! : 0);
      logits[j] = value;
      if (value > max) max = value;
    }
    let sum = 0;
    for (let j = 0; j < n; j += 1) if (logits[j] !== -Infinity) sum += Math.exp(logits[j]! - max);
    loss += -(logits[i]! - max - Math.log(sum));
    if (!sink) continue;
    for (let j = 0; j < n; j += 1) {
      if (logits[j] === -Infinity) continue;
      const g = (Math.exp(logits[j]! - max) / sum - (i === j ? 1 : 0)) / (n * tau);
      for (let k = 0; k < d; k += 1) {
        gU[i * d + k]! += g * V[j * d + k]!;
        gV[j * d + k]! += g * U[i * d + k]!;
      }
    }
  }
  if (sink) {
    const dx = new Float32Array(d);
    for (let i = 0; i < n; i += 1) {
      normalizeBackward(U, i * d, gU, i * d, normsU[i]!, dx, d);
      model.backwardUser(users[i]!, dx, sink);
      normalizeBackward(V, i * d, gV, i * d, normsV[i]!, dx, d);
      model.backwardItem(items[i]!, dx, sink);
    }
  }
  return loss / n;
}
