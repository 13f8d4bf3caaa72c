import type { ProductDocument } from "../../core/documents/product.document";
import type { CatalogData } from "../embeddings/catalog-data.reader";
import { productText } from "../text-encoder/catalog-text";
import type { TextEncoder } from "../text-encoder/text-encoder.model";
import { FeatureVocabulary } from "./item-features";
import type { TwoTowerExamples } from "./two-tower.trainer";
import type { ItemInput, UserInput } from "./two-tower.model";
import {
  buildUserState,
  DEFAULT_POOLING,
  NUMERIC_USER_FEATURES,
  type HistoryPooling,
  type TimelineBasket,
} from "./user-state.builder";

const DAY_MS = 86_400_000;

/** A held-out user: the state before the split and the first basket after it. */
export interface HoldoutUser {
  userId: string;
  state: UserInput;
  target: Set<number>;
  history: Set<number>;
}

/** Items, training examples and the time-based holdout built from the catalog and its orders. */
export interface CatalogTwoTowerDataset {
  itemIds: string[];
  vocabulary: FeatureVocabulary;
  items: ItemInput[];
  /** items × textDims, row-major (empty without an encoder). */
  itemText: Float32Array;
  textDims: number;
  examples: TwoTowerExamples;
  holdout: HoldoutUser[];
  /** Positives per item in the training period (popularity baseline, cold-start statistics). */
  trainCounts: Float64Array;
  splitAt: number;
}

/** Item inputs of `products` (id index i for products[i]) and their text vectors. */
export function buildItemInputs(
  products: readonly ProductDocument[],
  vocabulary: FeatureVocabulary,
  encoder: TextEncoder | null,
  categoryNames: ReadonlyMap<string, string>,
): { items: ItemInput[]; itemText: Float32Array; textDims: number } {
  const textDims = encoder?.shape.dims ?? 0;
  const itemText = new Float32Array(products.length * textDims);
  const items = products.map((product, index): ItemInput => {
    let text: Float32Array | null = null;
    if (encoder) {
      text = itemText.subarray(index * textDims, (index + 1) * textDims);
      text.set(encoder.encode(productText(product, categoryNames)));
    }
    return { index, features: vocabulary.encode(product), text };
  });
  return { items, itemText, textDims };
}

/**
 * Splits orders at the `holdoutShare` time quantile: orders before it train (one example per order line, the
 * user state made of that user's earlier orders), and each user's first order after it is their holdout target.
 */
export function buildCatalogDataset(
  data: CatalogData,
  encoder: TextEncoder | null,
  options: { holdoutShare?: number; pooling?: HistoryPooling } = {},
): CatalogTwoTowerDataset {
  const pooling = options.pooling ?? DEFAULT_POOLING;
  const itemIds = data.products.map((product) => product._id);
  const indexOf = new Map(itemIds.map((id, i) => [id, i]));
  const vocabulary = FeatureVocabulary.fromProducts(data.products);
  const { items, itemText, textDims } = buildItemInputs(data.products, vocabulary, encoder, data.categoryNames);
  const textOf = (item: number): Float32Array | null =>
    textDims > 0 ? itemText.subarray(item * textDims, (item + 1) * textDims) : null;
  const splitAt =
    data.orders.length > 0
      ? (data.orders[Math.floor(data.orders.length * (1 - (options.holdoutShare ?? 0.15)))]?.placedAt ?? Infinity)
      : Infinity;
  const timelines = new Map<string, Array<TimelineBasket & { at: number }>>();
  for (const order of data.orders) {
    const basket = Int32Array.from(order.productIds.map((id) => indexOf.get(id) ?? -1).filter((i) => i >= 0));
    if (basket.length === 0) continue;
    let timeline = timelines.get(order.userId);
    if (!timeline) timelines.set(order.userId, (timeline = []));
    timeline.push({ time: order.placedAt / DAY_MS, items: basket, at: order.placedAt });
  }
  const states: UserInput[] = [];
  const stateOf: number[] = [];
  const positives: number[] = [];
  const holdout: HoldoutUser[] = [];
  const trainCounts = new Float64Array(itemIds.length);
  for (const [userId, timeline] of [...timelines].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const summaryText = data.summaries.get(userId);
    const summary = encoder && summaryText ? encoder.encode(summaryText) : null;
    const before = timeline.filter((basket) => basket.at < splitAt);
    for (let o = 0; o < before.length; o += 1) {
      for (const item of before[o]!.items as Int32Array) trainCounts[item]! += 1;
      if (o === 0) continue;
      const state = buildUserState(before.slice(0, o), before[o]!.time, pooling, textOf, textDims, summary);
      states.push(state);
      for (const item of before[o]!.items as Int32Array) {
        stateOf.push(states.length - 1);
        positives.push(item);
      }
    }
    const target = timeline.find((basket) => basket.at >= splitAt);
    if (target && before.length > 0) {
      const history = new Set<number>();
      for (const basket of before) for (const item of basket.items as Int32Array) history.add(item);
      holdout.push({
        userId,
        state: buildUserState(before, target.time, pooling, textOf, textDims, summary),
        target: new Set(target.items as Int32Array),
        history,
      });
    }
  }
  return {
    itemIds,
    vocabulary,
    items,
    itemText,
    textDims,
    examples: { states, stateOf: Int32Array.from(stateOf), item: Int32Array.from(positives) },
    holdout,
    trainCounts,
    splitAt,
  };
}

/** Numeric user features the catalog dataset produces. */
export const CATALOG_NUMERIC_FEATURES = NUMERIC_USER_FEATURES;
