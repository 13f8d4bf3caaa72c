import { dot, normalizeInPlace } from "../embeddings/vector-math";
import { SeededRandom } from "../../core/random";

/** Sizes of a {@link TwoTowerModel}. */
export interface TwoTowerShape {
  /** Embedding dimensions of both towers. */
  dims: number;
  /** Items with an id embedding (the training vocabulary). */
  items: number;
  /** Content features (category, brand, price bucket, tag, … tokens) with an embedding. */
  features: number;
  /** Length of the text-encoder vectors fed to both towers (0: no text). */
  textDims: number;
  /** Numeric user features. */
  numeric: number;
}

/** The learned tensors, by name. Tables are row-major: row r of a `rows × cols` tensor starts at r × cols. */
export const TENSOR_NAMES = [
  "itemId",
  "feature",
  "itemText",
  "history",
  "historyText",
  "numeric",
  "summaryText",
  "userBias",
] as const;
export type TensorName = (typeof TENSOR_NAMES)[number];

/** What the item tower reads for one item. */
export interface ItemInput {
  /** Index in the id vocabulary, or -1 for an item the model was not trained on (content only). */
  index: number;
  /** Content feature indices. */
  features: ArrayLike<number>;
  /** Text-encoder vector of the item's text (`textDims` long), or null. */
  text: Float32Array | null;
}

/** What the user tower reads for one user at one moment. */
export interface UserInput {
  /** Item indices of the pooled history, most relevant first. */
  historyItems: Int32Array;
  /** Recency weights of `historyItems`, summing to 1 (empty history: both empty). */
  historyWeights: Float32Array;
  /** Weighted mean of the history items' text vectors (`textDims` long), or null. */
  historyText: Float32Array | null;
  /** Numeric features (`numeric` long). */
  numeric: Float32Array;
  /** Text-encoder vector of the user's order summary, or null. */
  summary: Float32Array | null;
}

/** Receives parameter gradients, one row at a time (an optimizer step, or an accumulator in tests). */
export interface GradientSink {
  add(tensor: TensorName, row: number, grad: Float32Array): void;
}

/**
 * Two-tower retrieval model (Yi et al., RecSys 2019), linear towers with L2-normalized outputs:
 * item = norm(E[id] + mean F[features] + W_t·text); user = norm(Σ w_h H[h] + W_ht·historyText + W_n·numeric + W_s·summary + b).
 * Scores are dot products of the unit vectors (cosine).
 */
export class TwoTowerModel {
  constructor(
    readonly shape: TwoTowerShape,
    readonly tensors: Record<TensorName, Float32Array>,
  ) {
    for (const name of TENSOR_NAMES) {
      const [rows, cols] = tensorShape(shape, name);
      if (tensors[name]?.length !== rows * cols)
        throw new Error(`two-tower tensor ${name} has ${tensors[name]?.length} values, expected ${rows * cols}`);
    }
  }

  /** A fresh model from `seed`: id tables start small so content dominates for rarely seen items. */
  static initialize(shape: TwoTowerShape, seed = 17): TwoTowerModel {
    const random = new SeededRandom(seed);
    const tensors = {} as Record<TensorName, Float32Array>;
    const scales: Record<TensorName, number> = {
      itemId: 0.02,
      feature: 0.1,
      itemText: 0.1,
      history: 0.1,
      historyText: 0.1,
      numeric: 0.05,
      summaryText: 0.05,
      userBias: 0.01,
    };
    for (const name of TENSOR_NAMES) {
      const [rows, cols] = tensorShape(shape, name);
      const values = new Float32Array(rows * cols);
      for (let i = 0; i < values.length; i += 1) values[i] = random.normal() * scales[name];
      tensors[name] = values;
    }
    return new TwoTowerModel(shape, tensors);
  }

  /** Item tower before normalization into `out`. */
  itemRaw(item: ItemInput, out: Float32Array): Float32Array {
    const d = this.shape.dims;
    out.fill(0);
    const { itemId, feature, itemText } = this.tensors;
    if (item.index >= 0 && item.index < this.shape.items)
      for (let k = 0; k < d; k += 1) out[k] = itemId[item.index * d + k]!;
    const nf = item.features.length;
    for (let f = 0; f < nf; f += 1) {
      const base = item.features[f]! * d;
      for (let k = 0; k < d; k += 1) out[k]! += feature[base + k]! / nf;
    }
    if (item.text && this.shape.textDims > 0) addMatVec(itemText, d, this.shape.textDims, item.text, out);
    return out;
  }

  /** Unit item embedding. */
  embedItem(item: ItemInput, out: Float32Array = new Float32Array(this.shape.dims)): Float32Array {
    this.itemRaw(item, out);
    normalizeInPlace(out);
    return out;
  }

  /** User tower before normalization into `out`. */
  userRaw(user: UserInput, out: Float32Array): Float32Array {
    const d = this.shape.dims;
    const { history, historyText, numeric, summaryText, userBias } = this.tensors;
    out.set(userBias);
    for (let h = 0; h < user.historyItems.length; h += 1) {
      const base = user.historyItems[h]! * d;
      const w = user.historyWeights[h]!;
      for (let k = 0; k < d; k += 1) out[k]! += w * history[base + k]!;
    }
    if (user.historyText && this.shape.textDims > 0)
      addMatVec(historyText, d, this.shape.textDims, user.historyText, out);
    if (this.shape.numeric > 0) addMatVec(numeric, d, this.shape.numeric, user.numeric, out);
    if (user.summary && this.shape.textDims > 0) addMatVec(summaryText, d, this.shape.textDims, user.summary, out);
    return out;
  }

  /** Unit user embedding. */
  embedUser(user: UserInput, out: Float32Array = new Float32Array(this.shape.dims)): Float32Array {
    this.userRaw(user, out);
    normalizeInPlace(out);
    return out;
  }

  /** Sends dL/d(raw item vector) = `grad` to the item tower's parameters. */
  backwardItem(item: ItemInput, grad: Float32Array, sink: GradientSink): void {
    const d = this.shape.dims;
    if (item.index >= 0 && item.index < this.shape.items) sink.add("itemId", item.index, grad);
    const nf = item.features.length;
    if (nf > 0) {
      const scaled = new Float32Array(d);
      for (let k = 0; k < d; k += 1) scaled[k] = grad[k]! / nf;
      for (let f = 0; f < nf; f += 1) sink.add("feature", item.features[f]!, scaled);
    }
    if (item.text && this.shape.textDims > 0) outerRows(grad, item.text, "itemText", sink);
  }

  /** Sends dL/d(raw user vector) = `grad` to the user tower's parameters. */
  backwardUser(user: UserInput, grad: Float32Array, sink: GradientSink): void {
    const d = this.shape.dims;
    sink.add("userBias", 0, grad);
    const scaled = new Float32Array(d);
    for (let h = 0; h < user.historyItems.length; h += 1) {
      const w = user.historyWeights[h]!;
      for (let k = 0; k < d; k += 1) scaled[k] = grad[k]! * w;
      sink.add("history", user.historyItems[h]!, scaled);
    }
    if (user.historyText && this.shape.textDims > 0) outerRows(grad, user.historyText, "historyText", sink);
    if (this.shape.numeric > 0) outerRows(grad, user.numeric, "numeric", sink);
    if (user.summary && this.shape.textDims > 0) outerRows(grad, user.summary, "summaryText", sink);
  }

  /** Cosine score of a user and an item embedding. */
  static score(user: Float32Array, item: Float32Array): number {
    return dot(user, 0, item, 0, user.length);
  }
}

/** [rows, cols] of a tensor. */
export function tensorShape(shape: TwoTowerShape, name: TensorName): [number, number] {
  switch (name) {
    case "itemId":
    case "history":
      return [shape.items, shape.dims];
    case "feature":
      return [shape.features, shape.dims];
    case "itemText":
    case "historyText":
    case "summaryText":
      return [shape.dims, shape.textDims];
    case "numeric":
      return [shape.dims, shape.numeric];
    case "userBias":
      return [1, shape.dims];
  }
}

function addMatVec(matrix: Float32Array, rows: number, cols: number, vector: Float32Array, out: Float32Array): void {
  for (let r = 0; r < rows; r += 1) out[r]! += dot(matrix, r * cols, vector, 0, cols);
}

function outerRows(grad: Float32Array, input: Float32Array, tensor: TensorName, sink: GradientSink): void {
  const row = new Float32Array(input.length);
  for (let r = 0; r < grad.length; r += 1) {
    const g = grad[r]!;
    if (g === 0) continue;
    for (let c = 0; c < input.length; c += 1) row[c] = g * input[c]!;
    sink.add(tensor, r, row);
  }
}
