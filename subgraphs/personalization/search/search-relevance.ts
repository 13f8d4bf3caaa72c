import type { ProductDocument } from "../../catalog/read-model";
import { terms } from "../../../core/text/search-terms";
import {
  boostsOf,
  fitsInterpretation,
  searchedInterpretations,
  type SearchInterpretation as Interpretation,
} from "../../../plugins/sdk/search-interpretation";
import type { CatalogService, ScoredId, TextSearchService } from "../../../plugins/sdk/services";

/**
 * Text relevance of a product to a search, 0–1 from the product's own text (plus at most 0.1 from the rewrite's readings): the share of the query's
 * words found in it (the last word, the head of an English noun phrase, counts double), where they were found
 * (name or brand over category names and tags; a spelling one or two letters off or a prefix counts less),
 * and whether the product is the thing asked for (the query's head word heads the product's name or names its
 * category: "Organic Bananas" for "banana") rather than something flavoured or made with it ("Banana Chips").
 * A product missing some of the words counts less. Interpretations of the query rewrite count the same way when
 * they match better (what "oj" stands for), discounted, and a product in a reading's category and brand gains by
 * how far that reading leads the others. Nothing here reads purchases: it decides what is relevant; personalization only
 * reorders it.
 */

/** Below this relevance a product does not match the search and is dropped. */
export const RELEVANCE_FLOOR = 0.45;
/** Relevance of a product found only by the semantic side (no word of the query in it), at the top of that list. */
export const SEMANTIC_ONLY_RELEVANCE = 0.5;
/** Semantic-only products are kept only within this share of the best cosine of the query, and only when no product matches by words. */
const SEMANTIC_BAND = 0.85;
/**
 * Nor below this cosine. On the tiny seed's text encoder the nearest products of a query with a real answer
 * score 0.52–0.65 ("cozy fall candles", "candle"), those of "ragu" (no sauce of that name) 0.28–0.33.
 */
export const SEMANTIC_FLOOR = 0.5;
/** An interpretation's match counts this much of a match of the shopper's own words. */
const INTERPRETATION_DISCOUNT = 0.9;
/** Largest gain of a product in the category (and brand) of a reading of the rewrite, for a reading that leads the others by everything (confidence 1). */
const READING_GAIN = 0.1;
/** A product missing some of the query's words counts this share of its word match. */
const PARTIAL = 0.6;
/** Largest gain of a product in the aisle where the search's best matches concentrate (pseudo-relevance feedback). */
const AISLE_GAIN = 0.1;
/** Relevant products, in retrieval order, whose aisles make the aisle prior. */
const FEEDBACK_DEPTH = 10;
/** Largest loss of a product for its position in the retrieval (BM25 and fusion order break ties of relevance). */
const RANK_LOSS = 0.05;

/** How a query word was found in a product. */
const FIELD_WEIGHT = { name: 1, brand: 1, fuzzy: 0.8, prefix: 0.75, category: 0.6, tags: 0.6 } as const;

/** Why a product is relevant: every word of the query, some of them, an interpretation's words, or only its meaning (semantic). */
export type MatchKind = "words" | "partial" | "interpretation" | "semantic";

/** A relevance judgement. */
export interface Relevance {
  score: number;
  kind: MatchKind | null;
  /** The interpretation's rewritten query, when that is what matched. */
  via?: string;
}

/** A product's text as the judge reads it: term lists by field. */
interface ProductTerms {
  name: string[];
  head: string | null;
  brand: string[];
  /** Words of the product's own (leaf) category, its kind ("fresh fruits", "frozen pizza"). */
  leaf: string[];
  /** The last word of the leaf category's name: the kind of thing the aisle sells ("fruit"). */
  leafHead: string | null;
  /** Words of every category on its path. */
  category: string[];
  tags: string[];
}

function productTerms(product: ProductDocument, categoryName: (id: string) => string | undefined): ProductTerms {
  const name = terms(product.name);
  // The head of a product name: the last word before a comma, dash, parenthesis or "with"/"in"/"for".
  const leading = product.name.split(/,|\s[-–]\s|\(|\s(?:with|in|for|by)\s/i)[0] ?? product.name;
  const head = terms(leading).at(-1) ?? null;
  return {
    name,
    head,
    brand: product.brand ? terms(product.brand) : [],
    leaf: terms(categoryName(product.categoryId) ?? ""),
    leafHead: terms(categoryName(product.categoryId) ?? "").at(-1) ?? null,
    category: product.categoryPath.flatMap((id) => terms(categoryName(id) ?? "")),
    tags: product.tags.flatMap((tag) => terms(tag.replace(/-/g, " "))),
  };
}

/** Levenshtein distance up to `max` (larger distances return max + 1). */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, current[j]!);
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** Typos tolerated in a word of this length (as the catalog's fuzzy fallback: none below 5 letters). */
function typos(word: string): number {
  return word.length >= 8 ? 2 : word.length >= 5 ? 1 : 0;
}

/** True when `word` of the query is `term` of the product, allowing the word's typos. */
function fuzzyEqual(word: string, term: string): boolean {
  const allowed = typos(word);
  return allowed > 0 && editDistance(word, term, allowed) <= allowed;
}

/**
 * How well one query word is found in the product (0–1). Its own category (the aisle) counts for any word;
 * the categories above it and tags only for the head word (the kind of thing asked for): a modifier ("dairy"
 * in "dairy free yogurt") must be in the product's name or aisle, or any yogurt of the "dairy eggs"
 * department would match it.
 */
function wordMatch(word: string, head: boolean, product: ProductTerms, strict: boolean): number {
  if (product.name.includes(word)) return FIELD_WEIGHT.name;
  if (product.brand.includes(word)) return FIELD_WEIGHT.brand;
  if (product.name.some((term) => fuzzyEqual(word, term)) || product.brand.some((term) => fuzzyEqual(word, term)))
    return FIELD_WEIGHT.fuzzy;
  if (head && word.length >= 3 && product.name.some((term) => term.startsWith(word))) return FIELD_WEIGHT.prefix;
  if (product.leaf.includes(word)) return FIELD_WEIGHT.category;
  if (!head || strict) return 0;
  if (product.category.includes(word) || product.category.some((term) => fuzzyEqual(word, term)))
    return FIELD_WEIGHT.category;
  if (product.tags.includes(word)) return FIELD_WEIGHT.tags;
  return 0;
}

/** Relevance of a product whose own category is named by every word of the query ("frozen pizza" in the frozen pizza aisle). */
const KIND_RELEVANCE = 0.9;

/**
 * Relevance of `product` to `words`: 0–1 and whether every word was found (0 when none is). `strict` (an
 * interpretation's words): only the name, brand and aisle count, so a reading named after a department
 * ("dairy eggs") does not match every product of that department.
 */
function wordsRelevance(
  words: readonly string[],
  product: ProductTerms,
  strict = false,
): { score: number; complete: boolean } {
  if (words.length === 0) return { score: 0, complete: false };
  let found = 0;
  let total = 0;
  let complete = true;
  words.forEach((word, i) => {
    const head = i === words.length - 1;
    const weight = head ? 2 : 1;
    const match = wordMatch(word, head, product, strict);
    if (match === 0) complete = false;
    found += weight * match;
    total += weight;
  });
  if (found === 0) return { score: 0, complete: false };
  const head = words[words.length - 1]!;
  // The product is the thing asked for when the query's head word heads its name or its aisle's name, or names its brand (a brand's products are what a brand query asks for).
  const isTheThing =
    (product.head !== null && (product.head === head || fuzzyEqual(head, product.head))) ||
    product.leafHead === head ||
    (product.brand.length > 0 && product.brand.every((term) => words.includes(term)));
  const kind = words.every((word) => product.leaf.includes(word)) ? KIND_RELEVANCE : 0;
  return { score: Math.max(kind, (found / total) * (isTheThing ? 1 : 0.8)), complete: complete || kind > 0 };
}

/** Judges products against one search: the query and the interpretations the search ran. */
export class RelevanceJudge {
  private readonly words: string[];
  private readonly readings: Array<{ interpretation: Interpretation; words: string[]; weight: number; lead: number }>;

  constructor(query: string, interpretations: readonly Interpretation[]) {
    this.words = terms(query);
    const searched = searchedInterpretations(interpretations);
    const best = Math.max(1e-9, ...searched.map((interpretation) => interpretation.confidence));
    // What a reading says beyond an even split between the readings: five readings at 0.2 say nothing about which aisle is meant.
    const even = searched.length > 1 ? 1 / searched.length : 0;
    this.readings = searched.map((interpretation) => ({
      interpretation,
      words: terms(interpretation.rewrittenQuery),
      weight: interpretation.confidence / best,
      lead: Math.max(0, (interpretation.confidence - even) / (1 - even)),
    }));
  }

  /** Relevance of one product from its words (semantic evidence and the aisle prior are added by {@link RelevantTextSearch}). */
  judge(product: ProductDocument, categoryName: (id: string) => string | undefined): Relevance {
    const text = productTerms(product, categoryName);
    const own = wordsRelevance(this.words, text);
    let score = own.complete ? own.score : own.score * PARTIAL;
    let kind: MatchKind | null = own.score > 0 ? (own.complete ? "words" : "partial") : null;
    let via: string | undefined;
    let fitGain = 0;
    for (const { interpretation, words, weight, lead } of this.readings) {
      const fits = !interpretation.categoryPath?.length || fitsInterpretation(product, interpretation);
      // A product in a reading's category (and of its brand, when it names one) gains by how far the reading leads: the rewrite's reading of this shopper shapes the order.
      if (
        (interpretation.categoryPath?.length || interpretation.brand) &&
        fits &&
        (!interpretation.brand || boostsOf(product, { ...interpretation, dietary: [] }) > 0)
      )
        fitGain = Math.max(fitGain, READING_GAIN * lead);
      const reading = wordsRelevance(words, text, true);
      // A reading's words stand in for the query's only where the query's own say less (slang, misspellings, a brand's products).
      const value =
        (reading.complete ? reading.score : reading.score * PARTIAL) *
        INTERPRETATION_DISCOUNT *
        (0.5 + 0.5 * weight) *
        (fits ? 1 : 0.8);
      if (reading.complete && value > score) {
        score = value;
        kind = "interpretation";
        via = interpretation.rewrittenQuery;
      }
    }
    return { score: Math.min(1, score) + (kind ? fitGain : 0), kind, ...(via ? { via } : {}) };
  }
}

/** A relevance-judged hit: score = relevance, and why it matched. */
export interface RelevantHit extends ScoredId {
  relevance: Relevance;
}

/**
 * The retrieval of `Search.results` with a relevance floor: the candidates of the text retrieval (lexical with
 * the rewrite's interpretations, fused with semantic neighbours when learned retrieval is served) are judged by
 * {@link RelevanceJudge}; what falls below {@link RELEVANCE_FLOOR} is dropped, and products found only by
 * meaning are kept only when no product matches by words (then the nearest, within {@link SEMANTIC_BAND} of the
 * best cosine and above {@link SEMANTIC_FLOOR}). Hits come back best relevance first (retrieval order breaks ties), score = relevance.
 */
export class RelevantTextSearch implements TextSearchService {
  /** Relevance of the last search's hits, by product id (the "Matches" reason reads it). */
  readonly judged = new Map<string, Relevance>();

  constructor(
    private readonly retrieval: TextSearchService,
    private readonly catalog: Pick<CatalogService, "products">,
    private readonly interpretations: () => Promise<readonly Interpretation[]>,
    private readonly categoryNames: (ids: readonly string[]) => Promise<Map<string, string>>,
    /** Cosine of each product the semantic side returned for the query, when there is one. */
    private readonly semanticScores: () => ReadonlyMap<string, number> = () => new Map(),
    /**
     * The lexical hits of the shopper's own words (BM25 order), when the retrieval fused other lists into
     * them: the aisle prior and the rank tie-break read this order, so an interpretation's aisle filter cannot
     * pose as the query's own evidence. Empty: the retrieval's order.
     */
    private readonly lexicalOrder: () => readonly ScoredId[] = () => [],
  ) {}

  async search(query: string, limit: number): Promise<RelevantHit[]> {
    const [hits, interpretations] = await Promise.all([this.retrieval.search(query, limit), this.interpretations()]);
    const products = await this.catalog.products([...new Set(hits.map((hit) => hit.productId))]);
    const names = await this.categoryNames([
      ...new Set([...products.values()].flatMap((product) => product.categoryPath)),
    ]);
    const judge = new RelevanceJudge(query, interpretations);
    const categoryName = (id: string) => names.get(id);
    const lexical = this.lexicalOrder();
    const lexicalRank = new Map(lexical.map((hit, rank) => [hit.productId, rank] as const));
    const depth = Math.max(hits.length, lexical.length);
    const judged: JudgedHit[] = [];
    hits.forEach((hit, rank) => {
      const product = products.get(hit.productId);
      if (product)
        judged.push({
          hit,
          rank: lexical.length > 0 ? (lexicalRank.get(hit.productId) ?? depth + rank) : rank,
          aisle: product.categoryId,
          relevance: judge.judge(product, categoryName),
        });
    });
    const kept = judged.filter(
      (entry) =>
        entry.relevance.kind !== null && entry.relevance.kind !== "partial" && entry.relevance.score >= RELEVANCE_FLOOR,
    );
    // Nothing matches the whole query: the partial matches, in the retrieval's order (its term weights know which word says more).
    if (kept.length === 0) {
      const partial = judged.filter((entry) => entry.relevance.kind === "partial").sort((a, b) => a.rank - b.rank);
      if (partial.length > 0)
        return this.keep(
          partial.map((entry, i) => ({ ...entry, score: RELEVANCE_FLOOR * (1 - i / (2 * partial.length)) })),
          limit,
        );
    }
    return this.keep(
      this.withAislePrior(kept.length > 0 ? kept : this.semanticOnly(judged), depth + hits.length),
      limit,
    );
  }

  /** Products found only by meaning, when nothing matches by words: the nearest, within {@link SEMANTIC_BAND} of the best cosine and above {@link SEMANTIC_FLOOR}. */
  private semanticOnly(judged: readonly JudgedHit[]): JudgedHit[] {
    const semantic = this.semanticScores();
    if (semantic.size === 0) return [];
    const best = Math.max(0, ...judged.map((entry) => semantic.get(entry.hit.productId) ?? 0));
    return judged
      .filter((entry) => (semantic.get(entry.hit.productId) ?? 0) >= Math.max(SEMANTIC_FLOOR, SEMANTIC_BAND * best))
      .map((entry) => ({
        ...entry,
        relevance: {
          score: SEMANTIC_ONLY_RELEVANCE * ((semantic.get(entry.hit.productId) ?? 0) / best),
          kind: "semantic" as const,
        },
      }));
  }

  /** Relevance plus the aisle prior (pseudo-relevance feedback), less a little for a late retrieval rank. */
  private withAislePrior(kept: readonly JudgedHit[], retrieved: number): Array<JudgedHit & { score: number }> {
    // The aisles of the retrieval's first relevant products are where the query's kind of thing is sold.
    const mass = new Map<string, number>();
    for (const entry of [...kept].sort((a, b) => a.rank - b.rank).slice(0, FEEDBACK_DEPTH))
      mass.set(entry.aisle, (mass.get(entry.aisle) ?? 0) + entry.relevance.score);
    // Only an aisle holding most of the evidence gains: a split between readings ("cream": the cream aisle and ice cream) leaves the order to the words.
    const total = Math.max(
      1e-9,
      [...mass.values()].reduce((sum, value) => sum + value, 0),
    );
    const gain = (aisle: string) => AISLE_GAIN * Math.max(0, 2 * ((mass.get(aisle) ?? 0) / total) - 1);
    return kept.map((entry) => ({
      ...entry,
      score: entry.relevance.score + gain(entry.aisle) - RANK_LOSS * (entry.rank / Math.max(1, retrieved)),
    }));
  }

  /** Best score first (retrieval order breaks ties), remembered in {@link judged}. */
  private keep(scored: Array<JudgedHit & { score: number }>, limit: number): RelevantHit[] {
    scored.sort((a, b) => b.score - a.score || a.rank - b.rank);
    this.judged.clear();
    for (const entry of scored) this.judged.set(entry.hit.productId, entry.relevance);
    return scored.slice(0, limit).map((entry) => ({
      productId: entry.hit.productId,
      score: Math.round(Math.max(0.01, entry.score) * 10000) / 10000,
      relevance: entry.relevance,
    }));
  }
}

/** A retrieved product, its retrieval rank, aisle and relevance. */
interface JudgedHit {
  hit: ScoredId;
  rank: number;
  aisle: string;
  relevance: Relevance;
}

/** The reason text of a judged search hit: "Matches “q”" only for products whose words match. */
export function relevanceReason(query: string, relevance: Relevance): string {
  if (relevance.kind === "words") return `Matches “${query}”`;
  if (relevance.kind === "partial") return `Matches part of “${query}”`;
  if (relevance.kind === "interpretation") return `Matches “${relevance.via ?? query}”, a reading of “${query}”`;
  return `Related to “${query}”`;
}
