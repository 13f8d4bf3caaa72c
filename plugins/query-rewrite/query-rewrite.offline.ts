import type { Vertical } from "../../core/documents/vertical";
import {
  matchScore,
  type ContextCategory,
  type ContextItem,
  type NarrowedContext,
} from "../../core/llm/context-narrowing";
import { normalizeText } from "../../core/llm/input-hash";
import type { RewriteShopper } from "./rewrite-shopper";
import type { Interpretation, QueryRewriteOutput } from "./query-rewrite.schema";

interface Candidate {
  key: string;
  label: string;
  vertical: Vertical;
  categoryPath?: string[];
  brand?: string;
  rewrittenQuery: string;
  strength: number;
  items: ContextItem[];
}

/** The query as a search string: normalized words, at most 200 characters. */
function plainQuery(query: string, terms: string[]): string {
  const text = terms.length > 0 ? terms.join(" ") : normalizeText(query);
  return text.slice(0, 200) || "search";
}

function withTerm(query: string, name: string): string {
  const lower = normalizeText(name);
  return lower.includes(query) ? lower : `${query} ${lower}`.slice(0, 200);
}

/**
 * Deterministic interpretations from the narrowed catalog: one per matching brand, per aisle (or
 * restaurant cuisine) holding matching items, and per category whose name matches; confidences come
 * from match strength times the shopper's vertical, brand, aisle, cuisine and dietary affinities and price
 * sensitivity above neutral (dearer readings lose up to half their weight for the most price-sensitive shopper; the
 * neutral 0.5 an unknown shopper gets changes nothing), normalized
 * to sum to 1. No match gives one plain-search interpretation.
 */
export function offlineQueryRewrite(context: NarrowedContext, shopper: RewriteShopper): QueryRewriteOutput {
  const query = plainQuery(context.query, context.terms);
  const byId = new Map<string, ContextCategory>(context.categories.map((category) => [category.id, category]));
  const candidates = new Map<string, Candidate>();
  const add = (candidate: Candidate): void => {
    const existing = candidates.get(candidate.key);
    if (!existing || existing.strength < candidate.strength) candidates.set(candidate.key, candidate);
  };

  for (const brand of context.brands) {
    const score = matchScore(context.terms, brand);
    if (score === 0) continue;
    const items = context.items.filter((item) => item.brand && normalizeText(item.brand) === normalizeText(brand));
    const vertical = mostCommon(items.map((item) => item.vertical)) ?? "GROCERY";
    add({
      key: `brand:${normalizeText(brand)}`,
      label: `${brand} (brand)`,
      vertical,
      brand,
      rewrittenQuery: normalizeText(brand),
      strength: score * (0.7 + 0.3 * Math.min(1, items.length / 3)),
      items,
    });
  }

  const groups = new Map<string, ContextItem[]>();
  for (const item of context.items) {
    const score = Math.max(matchScore(context.terms, item.name), matchScore(context.terms, item.brand ?? ""));
    if (score === 0) continue;
    const key =
      item.vertical === "RESTAURANT" ? `restaurant:${item.cuisines?.[0] ?? "dishes"}` : `aisle:${item.categoryId}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  for (const [key, items] of groups) {
    const first = items[0]!;
    const mean = items.reduce((sum, item) => sum + matchScore(context.terms, item.name), 0) / items.length;
    const strength = Math.max(mean, 0.5) * (0.6 + 0.4 * Math.min(1, items.length / 4));
    const categoryPath = first.categoryPath.filter((id) => byId.has(id));
    if (first.vertical === "RESTAURANT") {
      const cuisine = first.cuisines?.[0];
      add({
        key,
        label: cuisine ? `Restaurant dishes (${cuisine})` : "Restaurant dishes",
        vertical: "RESTAURANT",
        categoryPath: categoryPath.length > 0 ? categoryPath : undefined,
        rewrittenQuery: cuisine ? `${query} ${normalizeText(cuisine)}` : query,
        strength,
        items,
      });
    } else {
      const aisle = byId.get(first.categoryId);
      const label = aisle?.name ?? first.categoryId;
      add({
        key,
        label,
        vertical: first.vertical,
        categoryPath: categoryPath.length > 0 ? categoryPath : undefined,
        rewrittenQuery: withTerm(query, label),
        strength,
        items,
      });
    }
  }

  for (const id of context.matchedCategoryIds) {
    const category = byId.get(id);
    if (!category) continue;
    const score = matchScore(context.terms, category.name);
    if (score === 0 || [...candidates.values()].some((candidate) => candidate.categoryPath?.at(-1) === id)) continue;
    add({
      key: `category:${id}`,
      label: category.name,
      vertical: category.vertical,
      categoryPath: category.path.filter((ancestor) => byId.has(ancestor)),
      rewrittenQuery: normalizeText(category.name),
      strength: score * 0.9,
      items: [],
    });
  }

  if (candidates.size === 0)
    return { interpretations: [{ label: `Search: ${query}`.slice(0, 80), confidence: 1, rewrittenQuery: query }] };

  // A price-sensitive shopper leans to the cheaper readings: each reading's median item price against the dearest reading's.
  const medians = new Map(
    [...candidates.values()].map((candidate) => [
      candidate.key,
      median(candidate.items.flatMap((item) => (typeof item.price === "number" ? [item.price] : []))),
    ]),
  );
  const dearest = Math.max(0, ...[...medians.values()].filter((value): value is number => value !== undefined));
  // Only sensitivity above the neutral 0.5 (what an unknown or anonymous shopper gets) leans a reading cheaper.
  const sensitivity = shopper.priceSensitivity ?? NEUTRAL_PRICE_SENSITIVITY;
  const leanToCheaper = Math.max(0, (sensitivity - NEUTRAL_PRICE_SENSITIVITY) / (1 - NEUTRAL_PRICE_SENSITIVITY));
  const weighted = [...candidates.values()].map((candidate) => {
    let weight = candidate.strength * (0.25 + (shopper.verticalAffinity[candidate.vertical] ?? 0));
    const price = medians.get(candidate.key);
    if (leanToCheaper > 0 && price !== undefined && dearest > 0) weight *= 1 - 0.5 * leanToCheaper * (price / dearest);
    if (candidate.brand) weight *= 1 + 2 * (shopper.brandAffinity[candidate.brand] ?? 0);
    // An aisle or category reading gains from the shopper's share in that aisle (its leaf, not the vertical root).
    const aisle = candidate.categoryPath?.at(-1);
    if (!candidate.brand && aisle && candidate.categoryPath!.length > 1)
      weight *= 1 + (shopper.categoryAffinity?.[aisle] ?? 0);
    const cuisines = new Set(candidate.items.flatMap((item) => item.cuisines ?? []));
    for (const cuisine of cuisines) weight *= 1 + (shopper.cuisineAffinity[cuisine] ?? 0);
    const dietary = shopper.dietary.filter((tag) => candidate.items.some((item) => item.tags.includes(tag)));
    if (shopper.dietary.length > 0 && candidate.items.length > 0 && dietary.length === 0) weight *= 0.6;
    return { candidate, weight, dietary };
  });
  weighted.sort((a, b) => b.weight - a.weight || a.candidate.key.localeCompare(b.candidate.key));
  const top = weighted.slice(0, 5);
  const total = top.reduce((sum, entry) => sum + entry.weight, 0);
  const interpretations: Interpretation[] = top.map(({ candidate, weight, dietary }) => ({
    label: candidate.label.slice(0, 80),
    confidence: Math.round((total > 0 ? weight / total : 1 / top.length) * 1000) / 1000,
    vertical: candidate.vertical,
    ...(candidate.categoryPath ? { categoryPath: candidate.categoryPath } : {}),
    ...(candidate.brand ? { brand: candidate.brand } : {}),
    ...(dietary.length > 0 ? { dietary } : {}),
    rewrittenQuery:
      dietary.length > 0 ? `${dietary.join(" ")} ${candidate.rewrittenQuery}`.slice(0, 200) : candidate.rewrittenQuery,
  }));
  return { interpretations };
}

function mostCommon<T>(values: T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** The price sensitivity of a shopper the product knows nothing about (the blended attributes' default). */
const NEUTRAL_PRICE_SENSITIVITY = 0.5;

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
