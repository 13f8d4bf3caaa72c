import { processTerm } from "../../../core/text/search-terms";

/** Shortest and longest phrase (in words) whose initials can stand for it ("oj", "evoo"). */
const MIN_PHRASE_WORDS = 2;
const MAX_PHRASE_WORDS = 4;
/** Products a phrase must name before its initials may stand for it. */
const MIN_PHRASE_PRODUCTS = 3;
/** The phrase an abbreviation stands for must be named by this many times the products of the next one. */
const DOMINANCE = 2;
/**
 * Distinct phrases counted before the rarest are dropped (lossy counting): the frequent ones, the only
 * ones an abbreviation may stand for, survive, and memory stays bounded on any catalog.
 */
const PHRASE_CAP = 200_000;
/** Shortest unknown word read as the start of a longer one ("choc", "org", "vit"). */
const MIN_TRUNCATED = 3;
/** Terms of this many letters may be abbreviations; their product counts are kept. */
const ABBREVIATION = /^\p{L}{2,4}$/u;

/** What a query word is to the catalog (see {@link CatalogVocabulary.read}). */
export type WordReading =
  /** The catalog uses the term: search it as it is. */
  | { kind: "known"; term: string }
  /** The initials of one dominant catalog phrase, named by more products than the term: search either. */
  | { kind: "abbreviation"; term: string; phrase: string[] }
  /** Unknown, but the start of catalog terms: search it as a prefix. */
  | { kind: "truncated"; term: string }
  /** Unknown in every form: it cannot narrow a search (typos are left to fuzzy matching). */
  | { kind: "unknown"; term: string };

/**
 * The catalog's own words, learned while its search index is built (the index reports each term it
 * stores through {@link CatalogVocabulary.term}): every term the products use, how many products use
 * each short one, and how many product names hold each phrase of two to four words. From them a query
 * word is read as an abbreviation ("oj", "acv", "ff": the initials of the one phrase that dominates those
 * initials in product names, when more products spell it out than use the short form), as a truncated
 * word ("choc", "org": the start of terms the catalog uses), as a known term, or as unknown. Nothing here
 * is a list of abbreviations: a catalog whose names never say "orange juice" reads "oj" as unknown.
 */
export class CatalogVocabulary {
  private readonly known = new Set<string>();
  /** Products using each short term (the ones that may be abbreviations). */
  private readonly shortCounts = new Map<string, number>();
  private readonly phrases = new Map<string, number>();
  private dropBelow = 1;
  private sealed: { sorted: string[]; abbreviations: Map<string, { phrase: string[]; count: number }> } | null = null;
  /** The product being added: its short terms, and its name's words (null: breaks a phrase). */
  private readonly productShort = new Set<string>();
  private readonly nameWords: (string | null)[] = [];

  /**
   * One term of the product being added, as the index stores it (`term`, null for a stop word) from the
   * word `word` of field `field`. Call {@link endProduct} after its last field.
   */
  term(word: string, term: string | null, field: string): void {
    if (term !== null) {
      this.known.add(term);
      if (ABBREVIATION.test(term)) this.productShort.add(term);
    }
    if (field === "name") this.nameWords.push(term !== null && /^\p{L}+$/u.test(word) ? term : null);
  }

  /** Ends the product being added: counts its short terms and its name's phrases. */
  endProduct(): void {
    this.sealed = null;
    for (const term of this.productShort) this.shortCounts.set(term, (this.shortCounts.get(term) ?? 0) + 1);
    this.productShort.clear();
    const words = this.nameWords;
    const seen = new Set<string>();
    for (let start = 0; start < words.length; start += 1) {
      let phrase = words[start];
      if (phrase === null || phrase === undefined) continue;
      for (let length = 2; length <= MAX_PHRASE_WORDS && start + length <= words.length; length += 1) {
        const next = words[start + length - 1];
        if (next === null || next === undefined) break;
        phrase = `${phrase} ${next}`;
        if (length >= MIN_PHRASE_WORDS) seen.add(phrase);
      }
    }
    words.length = 0;
    for (const phrase of seen) this.phrases.set(phrase, (this.phrases.get(phrase) ?? 0) + 1);
    if (this.phrases.size > PHRASE_CAP) this.prune();
  }

  /** What `word` (one raw query word) is to this catalog; null for a stop word. */
  read(word: string): WordReading | null {
    const term = processTerm(word);
    if (term === null) return null;
    const { sorted, abbreviations } = this.seal();
    const spelled = ABBREVIATION.test(term) ? abbreviations.get(term) : undefined;
    if (spelled && spelled.count >= (this.shortCounts.get(term) ?? 0))
      return { kind: "abbreviation", term, phrase: spelled.phrase };
    if (this.known.has(term)) return { kind: "known", term };
    if (term.length >= MIN_TRUNCATED && hasPrefix(sorted, term)) return { kind: "truncated", term };
    return { kind: "unknown", term };
  }

  /** Drops the rarest phrases until at most half the cap remain; a dropped phrase may come back, undercounted. */
  private prune(): void {
    while (this.phrases.size > PHRASE_CAP / 2) {
      for (const [phrase, count] of this.phrases) if (count <= this.dropBelow) this.phrases.delete(phrase);
      this.dropBelow += 1;
    }
  }

  /** Builds the lookups once the products are in (again after more are added). */
  private seal(): NonNullable<CatalogVocabulary["sealed"]> {
    if (this.sealed) return this.sealed;
    const byInitials = new Map<string, Array<[string, number]>>();
    for (const [phrase, count] of this.phrases) {
      if (count < MIN_PHRASE_PRODUCTS) continue;
      const initials = phrase
        .split(" ")
        .map((term) => term[0])
        .join("");
      let list = byInitials.get(initials);
      if (!list) byInitials.set(initials, (list = []));
      list.push([phrase, count]);
    }
    const abbreviations = new Map<string, { phrase: string[]; count: number }>();
    for (const [initials, list] of byInitials) {
      list.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      const [best, second] = list;
      if (best && (!second || best[1] >= DOMINANCE * second[1]))
        abbreviations.set(initials, { phrase: best[0].split(" "), count: best[1] });
    }
    this.sealed = { sorted: [...this.known].sort(), abbreviations };
    return this.sealed;
  }
}

/** Whether some term of `sorted` starts with `prefix` and is longer than it. */
function hasPrefix(sorted: readonly string[], prefix: string): boolean {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < prefix) low = middle + 1;
    else high = middle;
  }
  const found = sorted[low];
  return found !== undefined && found.startsWith(prefix) && found.length > prefix.length;
}
