/** Words too common to index or search for. */
const STOP_WORDS = new Set(["a", "an", "and", "the", "of", "with", "in", "for", "to", "or", "on", "by"]);

/** Splits text into raw words: runs of letters and digits; apostrophes inside words are dropped ("Jerry's" → "Jerrys"). */
export function tokenize(text: string): string[] {
  return text
    .replace(/['’]/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/**
 * Normalizes one word into its index term, or null for stop words: lower case, accents removed,
 * English plurals folded so that singular and plural meet ("bananas" → "banana", "berries" →
 * "berry", "cookie"/"cookies" → "cooky", "tomatoes" → "tomato", "peaches" → "peach").
 */
export function processTerm(word: string): string | null {
  const term = word.normalize("NFKD").replace(/\p{M}/gu, "").replace(/['’]/g, "").toLowerCase();
  if (term.length === 0 || STOP_WORDS.has(term)) return null;
  return foldPlural(term);
}

/** A light plural folder (after Harman's S-stemmer), applied the same way to documents and queries. */
export function foldPlural(term: string): string {
  if (term.length <= 3 || /\d/.test(term)) return term;
  if (term.endsWith("ies") && term.length > 4) return term.slice(0, -3) + "y";
  if (term.endsWith("ie")) return term.slice(0, -2) + "y";
  if (term.endsWith("oes")) return term.slice(0, -2);
  if (term.endsWith("oe")) return term.slice(0, -1);
  if (/(ch|sh|ss|x|z)es$/.test(term)) return term.slice(0, -2);
  if (term.endsWith("s") && !/(ss|us|is)$/.test(term)) return term.slice(0, -1);
  return term;
}

/** The index terms of `text`, in order, without stop words. */
export function terms(text: string): string[] {
  return tokenize(text).flatMap((word) => processTerm(word) ?? []);
}
