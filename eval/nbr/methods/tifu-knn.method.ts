import { ItemIndex } from "../item.index";
import type { Basket } from "../nbr-dataset.types";
import type { NbrMethod } from "../nbr-method.types";
import { selectTopK } from "../top-k.select";
import type { TrainingView } from "../training-view.types";

/** TIFU-KNN hyperparameters (names as in Hu et al., SIGIR 2020). */
export interface TifuKnnOptions {
  /** m: number of groups the history is split into. */
  readonly groupSize: number;
  /** r_b: time decay between baskets. */
  readonly withinDecay: number;
  /** r_g: time decay between groups. */
  readonly groupDecay: number;
  /** k: number of nearest neighbour users. */
  readonly neighbours: number;
  /** alpha: weight of the user's own vector; 1 - alpha goes to the neighbours' mean vector. */
  readonly alpha: number;
  /** Neighbour distance: euclidean (the authors' code, sklearn NearestNeighbors default) or cosine. */
  readonly similarity: "euclidean" | "cosine";
  /**
   * Exponent of r_b: `history` counts baskets back from the last history basket (r_b^(n-i)), as the authors'
   * code does; `group` counts back from the last basket of each group (r_b^(|g|-j)), as the paper's formula.
   */
  readonly withinDecayScope: "history" | "group";
}

/**
 * Ta-Feng settings from the authors: k=300, r_b=0.9, r_g=0.7, alpha=0.7, m=7 (HaojiHu/TIFUKNN README run
 * command for TaFeng; the same values in the Reality Check scripts and Cornac's tifuknn_tafeng example).
 */
export const TIFU_KNN_TAFENG_DEFAULTS: TifuKnnOptions = {
  groupSize: 7,
  withinDecay: 0.9,
  groupDecay: 0.7,
  neighbours: 300,
  alpha: 0.7,
  similarity: "euclidean",
  withinDecayScope: "history",
};

/** A sparse vector: item ids ascending, with their values. */
export interface SparseVector {
  readonly ids: Int32Array;
  readonly values: Float64Array;
}

/**
 * The TIFU user vector of one history (oldest basket first). Baskets are binary item vectors weighted by r_b;
 * the history is split into m groups as the authors' code does (first groups floor(n/m) baskets, the last
 * n mod m groups one more; one basket per group when n < m); each group vector is the mean of its weighted
 * baskets; the user vector is Σ_g r_g^(m-1-g)·v_g divided by the number of groups.
 */
export function tifuUserVector(history: readonly (readonly number[])[], options: TifuKnnOptions): SparseVector {
  const n = history.length;
  const m = options.groupSize;
  const sizes: number[] = [];
  if (n < m) {
    for (let g = 0; g < n; g += 1) sizes.push(1);
  } else {
    const base = Math.floor(n / m);
    const extra = n % m;
    for (let g = 0; g < m; g += 1) sizes.push(g < m - extra ? base : base + 1);
  }
  const vector = new Map<number, number>();
  let start = 0;
  sizes.forEach((size, g) => {
    const groupWeight = Math.pow(options.groupDecay, m - 1 - g) / sizes.length / size;
    for (let j = 0; j < size; j += 1) {
      const position = start + j;
      const exponent = options.withinDecayScope === "history" ? n - 1 - position : size - 1 - j;
      const weight = groupWeight * Math.pow(options.withinDecay, exponent);
      for (const item of history[position]) vector.set(item, (vector.get(item) ?? 0) + weight);
    }
    start += size;
  });
  const ids = Int32Array.from([...vector.keys()].sort((a, b) => a - b));
  const values = Float64Array.from(ids, (id) => vector.get(id) ?? 0);
  return { ids, values };
}

/**
 * TIFU-KNN (Hu et al., SIGIR 2020): temporal item-frequency user vectors; the prediction is
 * alpha·own + (1-alpha)·mean of the k nearest other users' vectors, and the top items are recommended.
 * Vectors are sparse; neighbours are found exactly with an item → user inverted index (for euclidean, users
 * sharing no item are ranked by their norm alone, so none is missed). Neighbour search runs in `predict`.
 */
export class TifuKnnMethod implements NbrMethod {
  readonly name = "tifu-knn";
  readonly options: TifuKnnOptions;
  private items = new ItemIndex();
  private userIndex = new Map<string, number>();
  private userIds: string[] = [];
  private userOffsets = new Int32Array(1);
  private userItems = new Int32Array(0);
  private userValues = new Float64Array(0);
  private norms2 = new Float64Array(0);
  private byNorm = new Int32Array(0);
  private itemOffsets = new Int32Array(1);
  private postingUsers = new Int32Array(0);
  private postingValues = new Float64Array(0);
  // Scratch buffers reused across predict calls.
  private dots = new Float64Array(0);
  private isCandidate = new Uint8Array(0);
  private candidates = new Int32Array(0);
  private closeness = new Float64Array(0);
  private itemScores = new Float64Array(0);
  private touchedItems = new Int32Array(0);

  constructor(options: Partial<TifuKnnOptions> = {}) {
    this.options = { ...TIFU_KNN_TAFENG_DEFAULTS, ...options };
    const { groupSize, neighbours, alpha, withinDecay, groupDecay } = this.options;
    if (!Number.isInteger(groupSize) || groupSize < 1)
      throw new RangeError(`groupSize must be a positive integer, got ${groupSize}`);
    if (!Number.isInteger(neighbours) || neighbours < 1)
      throw new RangeError(`neighbours must be a positive integer, got ${neighbours}`);
    for (const [name, value] of Object.entries({ alpha, withinDecay, groupDecay })) {
      if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${value}`);
    }
  }

  fit(view: TrainingView): void {
    const items = new ItemIndex();
    const userCount = view.users.length;
    const offsets = new Int32Array(userCount + 1);
    const ids: number[] = [];
    const values: number[] = [];
    const userIndex = new Map<string, number>();
    view.users.forEach((user, u) => {
      userIndex.set(user.userId, u);
      const vector = tifuUserVector(toIds(user.history, items), this.options);
      for (let p = 0; p < vector.ids.length; p += 1) {
        ids.push(vector.ids[p]);
        values.push(vector.values[p]);
      }
      offsets[u + 1] = ids.length;
    });
    const userItems = Int32Array.from(ids);
    const userValues = Float64Array.from(values);
    const norms2 = new Float64Array(userCount);
    for (let u = 0; u < userCount; u += 1) {
      for (let p = offsets[u]; p < offsets[u + 1]; p += 1) norms2[u] += userValues[p] * userValues[p];
    }
    // Item -> (user, value) postings.
    const itemCount = items.size;
    const itemOffsets = new Int32Array(itemCount + 1);
    for (const id of userItems) itemOffsets[id + 1] += 1;
    for (let i = 0; i < itemCount; i += 1) itemOffsets[i + 1] += itemOffsets[i];
    const postingUsers = new Int32Array(userItems.length);
    const postingValues = new Float64Array(userItems.length);
    const fill = itemOffsets.slice(0, itemCount);
    for (let u = 0; u < userCount; u += 1) {
      for (let p = offsets[u]; p < offsets[u + 1]; p += 1) {
        const at = fill[userItems[p]]++;
        postingUsers[at] = u;
        postingValues[at] = userValues[p];
      }
    }
    this.items = items;
    this.userIndex = userIndex;
    this.userIds = view.users.map((user) => user.userId);
    this.userOffsets = offsets;
    this.userItems = userItems;
    this.userValues = userValues;
    this.norms2 = norms2;
    this.byNorm = Int32Array.from({ length: userCount }, (_, u) => u).sort((a, b) => norms2[a] - norms2[b] || a - b);
    this.itemOffsets = itemOffsets;
    this.postingUsers = postingUsers;
    this.postingValues = postingValues;
    this.dots = new Float64Array(userCount);
    this.isCandidate = new Uint8Array(userCount);
    this.candidates = new Int32Array(userCount);
    this.closeness = new Float64Array(userCount);
    this.itemScores = new Float64Array(itemCount);
    this.touchedItems = new Int32Array(itemCount);
  }

  /** The ids of the k nearest other users of `userId`, nearest first (for tests and inspection). */
  neighboursOf(userId: string): string[] {
    const u = this.userIndex.get(userId);
    return u === undefined ? [] : this.nearest(u).map((v) => this.userIds[v]);
  }

  predict(userId: string, k: number): string[] {
    const u = this.userIndex.get(userId);
    if (u === undefined) return [];
    const neighbours = this.nearest(u);
    const { alpha } = this.options;
    const scores = this.itemScores;
    const touched = this.touchedItems;
    let touchedCount = 0;
    const add = (item: number, value: number) => {
      if (scores[item] === 0) touched[touchedCount++] = item;
      scores[item] += value;
    };
    for (let p = this.userOffsets[u]; p < this.userOffsets[u + 1]; p += 1)
      add(this.userItems[p], alpha * this.userValues[p]);
    if (neighbours.length > 0) {
      const share = (1 - alpha) / neighbours.length;
      for (const v of neighbours) {
        for (let p = this.userOffsets[v]; p < this.userOffsets[v + 1]; p += 1)
          add(this.userItems[p], share * this.userValues[p]);
      }
    }
    const top = selectTopK(touched, touchedCount, scores, k);
    for (let t = 0; t < touchedCount; t += 1) scores[touched[t]] = 0;
    return top.map((id) => this.items.name(id));
  }

  private nearest(u: number): number[] {
    const { dots, isCandidate, candidates, closeness, norms2 } = this;
    let count = 0;
    for (let p = this.userOffsets[u]; p < this.userOffsets[u + 1]; p += 1) {
      const item = this.userItems[p];
      const value = this.userValues[p];
      for (let q = this.itemOffsets[item]; q < this.itemOffsets[item + 1]; q += 1) {
        const v = this.postingUsers[q];
        if (v === u) continue;
        if (isCandidate[v] === 0) {
          isCandidate[v] = 1;
          candidates[count++] = v;
        }
        dots[v] += value * this.postingValues[q];
      }
    }
    const k = this.options.neighbours;
    let result: number[];
    if (this.options.similarity === "cosine") {
      const nu = Math.sqrt(norms2[u]);
      for (let c = 0; c < count; c += 1) {
        const v = candidates[c];
        closeness[v] = dots[v] / (nu * Math.sqrt(norms2[v]));
      }
      result = selectTopK(candidates, count, closeness, k);
    } else {
      // Users sharing no item with u are at distance² = |u|² + |v|²: the smallest-norm ones are the only
      // ones that can be among the k nearest, so add the first k of them in norm order.
      let added = 0;
      for (let r = 0; r < this.byNorm.length && added < k; r += 1) {
        const v = this.byNorm[r];
        if (v === u || isCandidate[v] === 1) continue;
        candidates[count++] = v;
        added += 1;
      }
      for (let c = 0; c < count; c += 1) {
        const v = candidates[c];
        closeness[v] = -Math.max(0, norms2[u] + norms2[v] - 2 * dots[v]);
      }
      result = selectTopK(candidates, count, closeness, k, true);
    }
    for (let c = 0; c < count; c += 1) {
      const v = candidates[c];
      dots[v] = 0;
      isCandidate[v] = 0;
      closeness[v] = 0;
    }
    return result;
  }
}

function toIds(history: readonly Basket[], items: ItemIndex): number[][] {
  return history.map((basket) => basket.items.map((item) => items.intern(item)));
}
