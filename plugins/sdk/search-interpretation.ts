import type { ProductDocument } from "../../core/documents/product.document";
import type { Vertical } from "../../core/documents/vertical";
import { normalizeText } from "../../core/llm/input-hash";

/**
 * One reading of a search query: what the host's search filters, boosts and judges relevance by. A
 * plugin's `interpretQuery` hook produces them (validated by the host); without one, search has the one
 * {@link literalInterpretation}.
 */
export interface SearchInterpretation {
  /** Short human label, 1–80 characters. */
  label: string;
  /** Probability in [0, 1] that the shopper meant this reading. */
  confidence: number;
  vertical?: Vertical;
  /** Category ids, root first (a reading of a category). */
  categoryPath?: string[];
  /** A catalog brand. */
  brand?: string;
  /** Dietary tags every matching product carries. */
  dietary?: string[];
  /** The unambiguous query search runs for this reading, 1–200 characters. */
  rewrittenQuery: string;
}

/** Interpretations searched besides the query itself. */
export const MAX_SEARCHED_INTERPRETATIONS = 3;
/** Interpretations below this confidence are not searched. */
export const MIN_SEARCHED_CONFIDENCE = 0.1;

/** The query read as itself: what search uses when no plugin interprets queries. */
export function literalInterpretation(query: string): SearchInterpretation {
  return { label: `Search: ${query}`.slice(0, 80), confidence: 1, rewrittenQuery: query };
}

/** True when `product` fits the interpretation's vertical and category (the filters). */
export function fitsInterpretation(product: ProductDocument, interpretation: SearchInterpretation): boolean {
  if (interpretation.vertical && product.vertical !== interpretation.vertical) return false;
  const leaf = interpretation.categoryPath?.[interpretation.categoryPath.length - 1];
  return !leaf || product.categoryPath.includes(leaf);
}

/** Brand and dietary matches of `product` for the interpretation (the boosts), 0–2. */
export function boostsOf(product: ProductDocument, interpretation: SearchInterpretation): number {
  let boosts = 0;
  if (interpretation.brand && product.brand && normalizeText(product.brand) === normalizeText(interpretation.brand))
    boosts += 1;
  if (interpretation.dietary?.length && interpretation.dietary.every((tag) => product.tags.includes(tag))) boosts += 1;
  return boosts;
}

/** The interpretations search runs: the most confident few, distinct rewritten queries. */
export function searchedInterpretations(interpretations: readonly SearchInterpretation[]): SearchInterpretation[] {
  const seen = new Set<string>();
  return interpretations
    .filter((interpretation) => interpretation.confidence >= MIN_SEARCHED_CONFIDENCE)
    .filter((interpretation) => {
      const key = `${normalizeText(interpretation.rewrittenQuery)}|${interpretation.categoryPath?.join(">") ?? ""}|${interpretation.brand ?? ""}`;
      return !seen.has(key) && seen.add(key);
    })
    .slice(0, MAX_SEARCHED_INTERPRETATIONS);
}
