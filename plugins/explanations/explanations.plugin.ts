import { explanationsFeature, templateExplanation, type ExplanationInput, type ExplanationSignal } from "../../core/llm/features/explanations.feature";
import { defineLlmFeature } from "../sdk/define-llm-feature";

/** Explanations as a registered LLM feature (presentation calls {@link explainCollection}). */
export const explanationsPlugin = defineLlmFeature({
  name: "explanations",
  description: "Short reasons for carousels and items, grounded in the pipeline's reasons; templates on the request path.",
  features: [explanationsFeature],
});

/** The reasons an explanation may rest on: each item's leading reason. */
export interface ReasonedItem {
  reasons: { dimension: string; text: string }[];
}

/** Signals of a collection: distinct leading reasons of its first `window` items, with counts. */
export function collectionSignals(items: readonly ReasonedItem[], window: number): { total: number; signals: ExplanationSignal[] } {
  const top = items.slice(0, window);
  const counts = new Map<string, ExplanationSignal>();
  for (const item of top) {
    const lead = item.reasons[0];
    if (!lead) continue;
    const key = `${lead.dimension}\u0000${lead.text}`;
    const signal = counts.get(key) ?? { id: `s${counts.size + 1}`, dimension: lead.dimension, text: lead.text, count: 0 };
    signal.count += 1;
    counts.set(key, signal);
  }
  return { total: top.length, signals: [...counts.values()] };
}

/**
 * The explanation presentation shows: the template over the collection's signals (no claim without a
 * signal; no signal = the subtitle or title). Synchronous on purpose: the request path never calls a model.
 */
export function explainCollection(title: string, subtitle: string | undefined, items: readonly ReasonedItem[], window: number): string {
  const { total, signals } = collectionSignals(items, window);
  if (signals.length === 0) return subtitle ?? title;
  const input: ExplanationInput = { subject: { kind: "carousel", title }, total, signals };
  return templateExplanation(input).explanation;
}
