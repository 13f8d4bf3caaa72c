import { fnv1a } from "../../core/hash";

/**
 * Text features without a vocabulary: words (lightly stemmed), word bigrams and character trigrams of each
 * word, each hashed (FNV-1a, 32 bit) into a fixed number of buckets. Deterministic across machines.
 */

/** Lower case, accents removed, everything but letters and digits turned into spaces, split into words. */
export function normalizeWords(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9\u00c0-\uffff]+/g, " ")
    .split(" ")
    .filter((word) => word.length > 0);
}

/** Drops a plural `s`/`es` from words longer than three letters ("candles" → "candle"). */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

export { fnv1a } from "../../core/hash";

/** The feature strings of a text: `w:<stem>`, `b:<stem>_<stem>` and `c:<trigram>` of `<word>` with boundary marks. */
export function textFeatures(text: string): string[] {
  const words = normalizeWords(text).map(stem);
  const features: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    features.push(`w:${word}`);
    if (i + 1 < words.length) features.push(`b:${word}_${words[i + 1]!}`);
    const marked = `<${word}>`;
    if (marked.length > 4) for (let j = 0; j + 3 <= marked.length; j += 1) features.push(`c:${marked.slice(j, j + 3)}`);
  }
  return features;
}

/** Hashed bucket ids of {@link textFeatures} (repeats kept: a word said twice weighs twice). */
export function hashedFeatures(text: string, buckets: number): Int32Array {
  const features = textFeatures(text);
  const ids = new Int32Array(features.length);
  for (let i = 0; i < features.length; i += 1) ids[i] = fnv1a(features[i]!) % buckets;
  return ids;
}

/** The hashed features of one word of a text: the word, its bigram with the next word (-1 for the last), its trigrams. */
export interface WordFeatureIds {
  word: number;
  bigram: number;
  trigrams: number[];
}

/** {@link textFeatures} grouped by word, hashed into `buckets` (the same features, in the same order once flattened). */
export function hashedWordFeatures(text: string, buckets: number): WordFeatureIds[] {
  const words = normalizeWords(text).map(stem);
  return words.map((word, i) => {
    const marked = `<${word}>`;
    const trigrams: number[] = [];
    if (marked.length > 4)
      for (let j = 0; j + 3 <= marked.length; j += 1) trigrams.push(fnv1a(`c:${marked.slice(j, j + 3)}`) % buckets);
    return {
      word: fnv1a(`w:${word}`) % buckets,
      bigram: i + 1 < words.length ? fnv1a(`b:${word}_${words[i + 1]!}`) % buckets : -1,
      trigrams,
    };
  });
}
