import type { UserInput } from "./two-tower.model";

/** One past basket of a user: when (days, or basket positions when times are unknown) and which item indices. */
export interface TimelineBasket {
  time: number;
  items: ArrayLike<number>;
}

/** How histories are pooled. */
export interface HistoryPooling {
  /** A basket `halfLife` time units older than "now" weighs half as much. */
  halfLife: number;
  /** Most distinct history items kept (highest weight first). */
  maxItems: number;
  /** Most recent baskets considered. */
  maxBaskets: number;
}

/** Default pooling: half-life 30 days, 64 items, 50 baskets. */
export const DEFAULT_POOLING: HistoryPooling = { halfLife: 30, maxItems: 64, maxBaskets: 50 };

/** Number of numeric user features {@link buildUserState} emits. */
export const NUMERIC_USER_FEATURES = 4;

/**
 * The user-tower input at time `now` from the baskets before it (oldest first): recency-weighted distinct items
 * (weights sum to 1), the weighted mean of their text vectors, numeric features (log order count, log distinct
 * items, mean basket size, log days since the last basket) and the order-summary vector.
 */
export function buildUserState(
  baskets: readonly TimelineBasket[],
  now: number,
  pooling: HistoryPooling = DEFAULT_POOLING,
  itemText: ((item: number) => Float32Array | null) | null = null,
  textDims = 0,
  summary: Float32Array | null = null,
): UserInput {
  const weights = new Map<number, number>();
  let lines = 0;
  const from = Math.max(0, baskets.length - pooling.maxBaskets);
  for (let b = from; b < baskets.length; b += 1) {
    const basket = baskets[b]!;
    const w = Math.pow(0.5, Math.max(0, now - basket.time) / pooling.halfLife);
    for (let i = 0; i < basket.items.length; i += 1) {
      const item = basket.items[i]!;
      weights.set(item, (weights.get(item) ?? 0) + w);
    }
    lines += basket.items.length;
  }
  const kept = [...weights].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, pooling.maxItems);
  const sum = kept.reduce((total, [, w]) => total + w, 0);
  const historyItems = Int32Array.from(kept, ([item]) => item);
  const historyWeights = Float32Array.from(kept, ([, w]) => (sum > 0 ? w / sum : 0));
  let historyText: Float32Array | null = null;
  if (itemText && textDims > 0 && kept.length > 0) {
    historyText = new Float32Array(textDims);
    for (let h = 0; h < kept.length; h += 1) {
      const text = itemText(historyItems[h]!);
      if (!text) continue;
      for (let k = 0; k < textDims; k += 1) historyText[k]! += historyWeights[h]! * text[k]!;
    }
  }
  const last = baskets.length > 0 ? baskets[baskets.length - 1]!.time : now;
  const numeric = Float32Array.of(
    Math.log1p(baskets.length) / 4,
    Math.log1p(weights.size) / 5,
    baskets.length > 0 ? lines / baskets.length / 20 : 0,
    Math.log1p(Math.max(0, now - last)) / 5,
  );
  return { historyItems, historyWeights, historyText, numeric, summary };
}
