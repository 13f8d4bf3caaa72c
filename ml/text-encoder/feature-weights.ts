import { fnv1a, textFeatures } from "./text-tokenizer";

/** Share of a character trigram's IDF it pools with (words and word bigrams pool with their full IDF). */
export const DEFAULT_TRIGRAM_FACTOR = 0.25;

/**
 * Pooling weights of the text encoder's hashed features: inverse document frequency over a corpus (the
 * catalog's product texts), so that "candle" outweighs "scented". A bucket no corpus text ever produced
 * weighs 0: its embedding row was never trained, so it is noise (a query word like "cozy" that no product
 * uses must not pull the query anywhere). Character trigrams pool with `trigramFactor` of their IDF: a word
 * has as many trigrams as letters, and unweighted they drown its whole-word feature (a query's known words
 * then lose to the trigrams of its unknown ones); trigrams still carry misspelled words alone.
 *
 * idf(b) = ln((N + 1) / (df(b) + 1)) + 1 for df(b) > 0 (smoothed, as in scikit-learn), 0 otherwise; a bucket
 * shared by a trigram and a word (hash collision) takes the word's factor.
 */
export function idfFeatureWeights(
  texts: Iterable<string>,
  buckets: number,
  trigramFactor = DEFAULT_TRIGRAM_FACTOR,
): Float32Array {
  const documentFrequency = new Uint32Array(buckets);
  const wordBucket = new Uint8Array(buckets);
  const seen = new Uint8Array(buckets);
  const touched: number[] = [];
  let documents = 0;
  for (const text of texts) {
    for (const feature of textFeatures(text)) {
      const id = fnv1a(feature) % buckets;
      if (!feature.startsWith("c:")) wordBucket[id] = 1;
      if (seen[id]) continue;
      seen[id] = 1;
      touched.push(id);
      documentFrequency[id]! += 1;
    }
    for (const id of touched) seen[id] = 0;
    touched.length = 0;
    documents += 1;
  }
  const weights = new Float32Array(buckets);
  for (let b = 0; b < buckets; b += 1) {
    const df = documentFrequency[b]!;
    if (df > 0) weights[b] = (Math.log((documents + 1) / (df + 1)) + 1) * (wordBucket[b] ? 1 : trigramFactor);
  }
  return weights;
}
