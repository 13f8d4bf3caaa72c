import type { Vertical } from "../documents/vertical";
import { normalizeText } from "./input-hash";
import { estimateTokens } from "./token-estimate";

/** A category node as prompts see it. */
export interface ContextCategory {
  id: string;
  name: string;
  vertical: Vertical;
  parentId: string | null;
  /** Ancestor ids from the root down to and including this one. */
  path: string[];
  depth: number;
}

/** A candidate product or restaurant dish as prompts see it. */
export interface ContextItem {
  id: string;
  name: string;
  brand?: string;
  vertical: Vertical;
  categoryId: string;
  categoryPath: string[];
  tags: string[];
  merchantId?: string;
  cuisines?: string[];
  /** Semantic ID codes joined by "-", when the catalog has them. */
  semanticId?: string;
  /** List price, when known (the offline rewrite weighs readings by price for price-sensitive shoppers). */
  price?: number;
}

/** The relevant slice of the catalog for one query. */
export interface NarrowedContext {
  query: string;
  /** Query words used for matching (normalized, stop words removed). */
  terms: string[];
  /** Selected subtrees: matched categories, their ancestors and (room permitting) children, in tree order. */
  categories: ContextCategory[];
  /** Categories whose name or items matched, best first. */
  matchedCategoryIds: string[];
  /** At most `maxItems` candidates, diversified across categories. */
  items: ContextItem[];
  /** Brands of the candidates and brands matching the query, deduplicated. */
  brands: string[];
}

/** Limits of {@link narrowContext}. */
export interface NarrowingOptions {
  maxItems?: number;
  maxCategories?: number;
  /** Semantic ID codes that make a prefix (default 2). */
  semanticPrefixLength?: number;
}

const STOP_WORDS = new Set([
  "a",
  "an",
  "and",
  "the",
  "of",
  "for",
  "with",
  "in",
  "on",
  "to",
  "or",
  "me",
  "my",
  "i",
  "some",
  "please",
]);

const termsMemo = new Map<string, string[]>();
const TERMS_MEMO_SIZE = 50_000;

/** Words of a text: normalized (accents folded), split on non-alphanumerics, stop words dropped. Memoized (catalog names repeat). */
export function termsOf(text: string): string[] {
  const known = termsMemo.get(text);
  if (known) return known;
  const terms = normalizeText(text)
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 2 && !STOP_WORDS.has(word));
  if (termsMemo.size >= TERMS_MEMO_SIZE) termsMemo.clear();
  termsMemo.set(text, terms);
  return terms;
}

const stemMemo = new Map<string, string>();

function stem(word: string): string {
  let stemmed = stemMemo.get(word);
  if (stemmed === undefined) {
    if (stemMemo.size >= TERMS_MEMO_SIZE) stemMemo.clear();
    stemMemo.set(word, (stemmed = stemOnce(word)));
  }
  return stemmed;
}

function stemOnce(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith("es") && /(s|x|z|ch|sh|o)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

/** True when query term `term` matches `word` (equal after stemming, or a prefix of 3+ letters). */
function termMatches(term: string, word: string): boolean {
  if (term === word) return true;
  const a = stem(term);
  const b = stem(word);
  return a === b || (a.length >= 3 && b.startsWith(a));
}

/** Share of `terms` found among the words of `text`, in [0, 1]. */
export function matchScore(terms: string[], text: string): number {
  if (terms.length === 0) return 0;
  const words = termsOf(text);
  let hits = 0;
  for (const term of terms) if (words.some((word) => termMatches(term, word))) hits += 1;
  return hits / terms.length;
}

/**
 * Hierarchical RAG: narrows the category tree (vertical → department → aisle) and the candidate items
 * to what matches `query` lexically (category names, item names and brands), plus items sharing a
 * Semantic-ID prefix with a match. Without any match, the top two levels of the tree are returned.
 */
export function narrowContext(
  query: string,
  categories: ContextCategory[],
  candidates: ContextItem[],
  options: NarrowingOptions = {},
): NarrowedContext {
  const maxItems = options.maxItems ?? 30;
  const maxCategories = options.maxCategories ?? 40;
  const terms = termsOf(query);
  const byId = new Map(categories.map((category) => [category.id, category]));

  const categoryScores = new Map<string, number>();
  for (const category of categories) {
    const score = matchScore(terms, category.name);
    if (score > 0) categoryScores.set(category.id, score * 1.5);
  }
  const scoredItems = candidates
    .map((item) => ({ item, score: Math.max(matchScore(terms, item.name), matchScore(terms, item.brand ?? "") * 1.2) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.item.name.localeCompare(b.item.name));

  // Round-robin across leaf categories so one aisle cannot take every slot.
  const groups = new Map<string, typeof scoredItems>();
  for (const entry of scoredItems) {
    const group = groups.get(entry.item.categoryId) ?? [];
    group.push(entry);
    groups.set(entry.item.categoryId, group);
  }
  const items: ContextItem[] = [];
  const queues = [...groups.values()];
  for (let round = 0; items.length < maxItems && queues.some((queue) => queue.length > round); round += 1) {
    for (const queue of queues) if (queue[round] && items.length < maxItems) items.push(queue[round]!.item);
  }

  // Items sharing a Semantic-ID prefix with a lexical match fill the remaining slots.
  const prefixLength = options.semanticPrefixLength ?? 2;
  const prefixes = new Set(
    items
      .map((item) => item.semanticId?.split("-").slice(0, prefixLength).join("-"))
      .filter((prefix): prefix is string => Boolean(prefix)),
  );
  if (prefixes.size > 0) {
    const chosen = new Set(items.map((item) => item.id));
    for (const item of candidates) {
      if (items.length >= maxItems) break;
      const prefix = item.semanticId?.split("-").slice(0, prefixLength).join("-");
      if (prefix && prefixes.has(prefix) && !chosen.has(item.id)) {
        items.push(item);
        chosen.add(item.id);
      }
    }
  }

  for (const { item, score } of scoredItems) {
    if (!items.includes(item)) continue;
    categoryScores.set(item.categoryId, Math.max(categoryScores.get(item.categoryId) ?? 0, score));
  }
  const matchedCategoryIds = [...categoryScores]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([id]) => id)
    .filter((id) => byId.has(id));

  const selected = new Set<string>();
  if (matchedCategoryIds.length === 0) {
    for (const category of categories)
      if (category.depth <= 1 && selected.size < maxCategories) selected.add(category.id);
  } else {
    for (const id of matchedCategoryIds) {
      const path = byId.get(id)!.path;
      if (selected.size + path.filter((ancestor) => !selected.has(ancestor)).length > maxCategories) continue;
      for (const ancestor of path) if (byId.has(ancestor)) selected.add(ancestor);
    }
    // Children of matched categories, while there is room (a matched department shows its aisles).
    for (const category of categories) {
      if (selected.size >= maxCategories) break;
      if (category.parentId && categoryScores.has(category.parentId) && selected.has(category.parentId))
        selected.add(category.id);
    }
  }
  const chosen = categories
    .filter((category) => selected.has(category.id))
    .map((category) => ({ category, key: pathName(category, byId) }));
  chosen.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const brandSet = new Map<string, string>();
  for (const item of items) if (item.brand) brandSet.set(normalizeText(item.brand), item.brand);
  return {
    query,
    terms,
    categories: chosen.map((entry) => entry.category),
    matchedCategoryIds: matchedCategoryIds.filter((id) => selected.has(id)),
    items,
    brands: [...brandSet.values()].sort(),
  };
}

/** "Grocery › Pantry › Pasta Sauce" for a category. */
export function pathName(category: ContextCategory, byId: Map<string, ContextCategory>): string {
  return category.path.map((id) => byId.get(id)?.name ?? id).join(" › ");
}

function renderCategories(categories: ContextCategory[], allCategories: ContextCategory[]): string {
  const byId = new Map(allCategories.map((category) => [category.id, category]));
  return [
    "Categories (id | vertical | path):",
    ...categories.map((category) => `${category.id} | ${category.vertical} | ${pathName(category, byId)}`),
  ].join("\n");
}

/** How a prompt cites an item: `[12-201-7-0]`, its Semantic ID in brackets, or its product id when it has none. */
export function itemReference(item: Pick<ContextItem, "id" | "semanticId">): string {
  return item.semanticId ? `[${item.semanticId}]` : item.id;
}

/**
 * Maps the item references an answer cites ({@link itemReference}: a Semantic ID, with or without its
 * brackets, or the product id of an item listed without one) back to product ids, over the items the
 * prompt listed. Anything else (an unknown or invented code, a product id the prompt cited by its Semantic
 * ID, a code of a product the prompt did not list) resolves to null: the caller drops and counts it.
 */
export function itemReferenceResolver(
  items: ReadonlyArray<Pick<ContextItem, "id" | "semanticId">>,
): (reference: string) => string | null {
  const bySemanticId = new Map<string, string>();
  const plainIds = new Set<string>();
  for (const item of items) {
    if (item.semanticId) bySemanticId.set(item.semanticId, item.id);
    else plainIds.add(item.id);
  }
  return (reference) => {
    const text = reference.trim();
    const code = /^\[?(\d{1,4}(?:-\d{1,4}){1,4})\]?$/.exec(text)?.[1];
    if (code !== undefined) return bySemanticId.get(code) ?? null;
    return plainIds.has(text) ? text : null;
  };
}

/** Header of the item list: says what a reference is, so a model cites and generalizes over the codes. */
const ITEMS_HEADER =
  "Candidate items (ref | name | brand | category id | tags). ref is the item's Semantic ID in brackets: hierarchical codes, coarse to fine, so items sharing leading codes are alike (an item without one is cited by its id). Cite items only by their ref as listed:";

function renderItems(items: ContextItem[]): string {
  return [
    ITEMS_HEADER,
    ...items.map(
      (item) =>
        `${itemReference(item)} | ${item.name} | ${item.brand ?? "-"} | ${item.categoryId} | ${item.tags.join(",") || "-"}`,
    ),
  ].join("\n");
}

/** Prompt text of a category list and item list (one line each). */
export function renderCatalogBlock(
  categories: ContextCategory[],
  items: ContextItem[],
  allCategories: ContextCategory[] = categories,
): string {
  return `${renderCategories(categories, allCategories)}\n${renderItems(items)}`;
}

/** Token estimate of the whole tree, computed once per tree (the tree is reloaded as a new array). */
const wholeTreeTokens = new WeakMap<ContextCategory[], number>();

/** Estimated prompt tokens of the narrowed context against a naive prompt (whole tree, every candidate). */
export interface PromptTokenReport {
  narrowedTokens: number;
  naiveTokens: number;
  /** naive / narrowed. */
  reduction: number;
  narrowedCategories: number;
  naiveCategories: number;
  narrowedItems: number;
  naiveItems: number;
}

/** Compares the prompt size of `narrowed` with the whole tree and all `candidates` (estimate: chars / 4). */
export function promptTokenReport(
  narrowed: NarrowedContext,
  categories: ContextCategory[],
  candidates: ContextItem[],
): PromptTokenReport {
  const narrowedTokens = estimateTokens(renderCatalogBlock(narrowed.categories, narrowed.items, categories));
  let treeTokens = wholeTreeTokens.get(categories);
  if (treeTokens === undefined)
    wholeTreeTokens.set(categories, (treeTokens = estimateTokens(`${renderCategories(categories, categories)}\n`)));
  const naiveTokens = treeTokens + estimateTokens(renderItems(candidates));
  return {
    narrowedTokens,
    naiveTokens,
    reduction: narrowedTokens === 0 ? 0 : Math.round((naiveTokens / narrowedTokens) * 100) / 100,
    narrowedCategories: narrowed.categories.length,
    naiveCategories: categories.length,
    narrowedItems: narrowed.items.length,
    naiveItems: candidates.length,
  };
}
