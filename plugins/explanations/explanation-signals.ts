import {
  MAX_EXPLAINED_ITEMS,
  REASONS_PER_ITEM,
  templateExplanation,
  type CarouselExplanationInput,
  type ExplanationSignal,
} from "./explanations.feature";
import type { ExplainableCarousel, ReasonedItem } from "../sdk/llm-hooks";

export type { ExplainableCarousel, ReasonedItem };

/**
 * Signals of a collection: the distinct reasons among the first `reasonsPerItem` of each of its first
 * `window` items; `count` is how many of those items it leads. `refs` lists each item's signal ids.
 */
export function collectionSignals(
  items: readonly ReasonedItem[],
  window: number,
  reasonsPerItem = 1,
): { total: number; signals: ExplanationSignal[]; refs: string[][] } {
  const top = items.slice(0, window);
  const byKey = new Map<string, ExplanationSignal>();
  const refs: string[][] = [];
  for (const item of top) {
    const ids: string[] = [];
    item.reasons.slice(0, reasonsPerItem).forEach((reason, position) => {
      const key = `${reason.dimension}\u0000${reason.text}`;
      let signal = byKey.get(key);
      if (!signal)
        byKey.set(
          key,
          (signal = { id: `s${byKey.size + 1}`, dimension: reason.dimension, text: reason.text, count: 0 }),
        );
      if (position === 0) signal.count += 1;
      if (!ids.includes(signal.id)) ids.push(signal.id);
    });
    refs.push(ids);
  }
  return { total: top.length, signals: [...byKey.values()], refs };
}

/**
 * The template explanation presentation shows (no claim without a signal; no signal = the subtitle or
 * title). Synchronous on purpose: the pipeline never calls a model; `Carousel.explanation` may replace it.
 */
export function explainCollection(
  title: string,
  subtitle: string | undefined,
  items: readonly ReasonedItem[],
  window: number,
): string {
  const { total, signals } = collectionSignals(items, window);
  if (signals.length === 0) return subtitle ?? title;
  return templateExplanation({ carousel: { title, dimension: null }, total, signals }).text;
}

/** The gateway's view of a carousel: the model input and which product each item ref stands for. */
export function carouselExplanationInput(
  carousel: ExplainableCarousel,
  window = MAX_EXPLAINED_ITEMS,
): { input: CarouselExplanationInput; products: string[] } {
  const { total, signals, refs } = collectionSignals(
    carousel.items,
    Math.min(window, MAX_EXPLAINED_ITEMS),
    REASONS_PER_ITEM,
  );
  const items = refs
    .map((signalIds, i) => ({ ref: `i${i + 1}`, signalIds }))
    .filter((item) => item.signalIds.length > 0);
  return {
    input: { carousel: { title: carousel.title, dimension: carousel.dimension }, total, signals, items },
    products: carousel.items.slice(0, total).map((item) => item.productId),
  };
}
