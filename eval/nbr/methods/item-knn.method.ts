import { ItemIndex } from "../item.index";
import type { Basket } from "../nbr-dataset.types";
import type { NbrMethod } from "../nbr-method.types";
import { selectTopK } from "../top-k.select";
import type { TrainingView } from "../training-view.types";

/** Item-KNN settings. */
export interface ItemKnnOptions {
  /** Most similar items kept per item (default 100). */
  readonly neighbours: number;
}

/**
 * Item-KNN: cosine similarity between items over history-basket co-occurrence,
 * sim(i,j) = co(i,j) / sqrt(n(i)·n(j)) with n = baskets containing the item, top `neighbours` kept per item.
 * A user's score for j is Σ over history items i of f_u(i)·sim(i,j), where f_u(i) is the number of the user's
 * baskets containing i and sim(i,i) = 1 (an item's cosine with itself), so repeat items keep their own weight.
 */
export class ItemKnnMethod implements NbrMethod {
  readonly name = "item-knn";
  private readonly options: ItemKnnOptions;
  private items = new ItemIndex();
  private neighbourOffsets = new Int32Array(1);
  private neighbourIds = new Int32Array(0);
  private neighbourSims = new Float64Array(0);
  private histories = new Map<string, readonly Basket[]>();
  private scores = new Float64Array(0);
  private touched = new Int32Array(0);

  constructor(options: Partial<ItemKnnOptions> = {}) {
    this.options = { neighbours: 100, ...options };
  }

  fit(view: TrainingView): void {
    const items = new ItemIndex();
    const basketOffsets: number[] = [0];
    const basketItems: number[] = [];
    for (const user of view.users) {
      for (const basket of user.history) {
        for (const item of basket.items) basketItems.push(items.intern(item));
        basketOffsets.push(basketItems.length);
      }
    }
    const n = items.size;
    // Item -> baskets postings (CSR).
    const itemOffsets = new Int32Array(n + 1);
    for (const id of basketItems) itemOffsets[id + 1] += 1;
    for (let i = 0; i < n; i += 1) itemOffsets[i + 1] += itemOffsets[i];
    const itemBaskets = new Int32Array(basketItems.length);
    const fill = itemOffsets.slice(0, n);
    for (let b = 0; b + 1 < basketOffsets.length; b += 1) {
      for (let p = basketOffsets[b]; p < basketOffsets[b + 1]; p += 1) itemBaskets[fill[basketItems[p]]++] = b;
    }
    const basketCount = (id: number) => itemOffsets[id + 1] - itemOffsets[id];

    // Per item: accumulate co-occurrence densely, keep the top neighbours by cosine.
    const co = new Float64Array(n);
    const seen = new Int32Array(n);
    const offsets = new Int32Array(n + 1);
    const ids: number[] = [];
    const sims: number[] = [];
    for (let i = 0; i < n; i += 1) {
      let seenCount = 0;
      for (let p = itemOffsets[i]; p < itemOffsets[i + 1]; p += 1) {
        const b = itemBaskets[p];
        for (let q = basketOffsets[b]; q < basketOffsets[b + 1]; q += 1) {
          const j = basketItems[q];
          if (j === i) continue;
          if (co[j] === 0) seen[seenCount++] = j;
          co[j] += 1;
        }
      }
      const ni = basketCount(i);
      for (let s = 0; s < seenCount; s += 1) {
        const j = seen[s];
        co[j] = co[j] / Math.sqrt(ni * basketCount(j));
      }
      for (const j of selectTopK(seen, seenCount, co, this.options.neighbours)) {
        ids.push(j);
        sims.push(co[j]);
      }
      offsets[i + 1] = ids.length;
      for (let s = 0; s < seenCount; s += 1) co[seen[s]] = 0;
    }
    this.items = items;
    this.neighbourOffsets = offsets;
    this.neighbourIds = Int32Array.from(ids);
    this.neighbourSims = Float64Array.from(sims);
    this.histories = new Map(view.users.map((user) => [user.userId, user.history]));
    this.scores = new Float64Array(n);
    this.touched = new Int32Array(n);
  }

  predict(userId: string, k: number): string[] {
    const history = this.histories.get(userId);
    if (!history) return [];
    const { scores, touched } = this;
    let touchedCount = 0;
    const add = (id: number, value: number) => {
      if (scores[id] === 0) touched[touchedCount++] = id;
      scores[id] += value;
    };
    for (const basket of history) {
      for (const item of basket.items) {
        const i = this.items.get(item);
        if (i === undefined) continue;
        add(i, 1);
        for (let p = this.neighbourOffsets[i]; p < this.neighbourOffsets[i + 1]; p += 1) {
          add(this.neighbourIds[p], this.neighbourSims[p]);
        }
      }
    }
    const top = selectTopK(touched, touchedCount, scores, k);
    for (let t = 0; t < touchedCount; t += 1) scores[touched[t]] = 0;
    return top.map((id) => this.items.name(id));
  }
}
