import { normalizeInPlace } from "../embeddings/vector-math";
import { SeededRandom } from "../../core/random";
import { hashedFeatures, hashedWordFeatures } from "./text-tokenizer";

/** Shape of a {@link TextEncoder}. */
export interface TextEncoderShape {
  /** Hash buckets of the n-gram table. */
  buckets: number;
  /** Output dimensions. */
  dims: number;
}

/**
 * With pooling weights, a word the corpus never used keeps its character trigrams only when at least this
 * share of them is known: a misspelling ("spagetti") shares most trigrams with a real word, while an
 * unrelated word ("cozy") shares a few by accident or hash collision and would only add noise.
 */
export const MIN_TRIGRAM_COVERAGE = 0.75;

/** Default shape: 2^15 buckets × 64 dimensions (8 MB of weights). */
export const DEFAULT_TEXT_ENCODER_SHAPE: TextEncoderShape = { buckets: 1 << 15, dims: 64 };

/**
 * The project's own text encoder: the weighted mean of the embeddings of a text's hashed n-gram features,
 * L2-normalized. Queries, product text and order summaries all go through {@link encode} into one space.
 * Weights are per bucket ({@link idfFeatureWeights}: IDF over the catalog, 0 for buckets the catalog never
 * produced); without weights (older artifacts) every feature counts the same.
 */
export class TextEncoder {
  constructor(
    readonly shape: TextEncoderShape,
    readonly table: Float32Array,
    /** Pooling weight of each bucket, or null for a uniform mean. */
    public featureWeights: Float32Array | null = null,
  ) {
    if (table.length !== shape.buckets * shape.dims)
      throw new Error(`text encoder table has ${table.length} values, expected ${shape.buckets * shape.dims}`);
    if (featureWeights && featureWeights.length !== shape.buckets)
      throw new Error(`text encoder weights have ${featureWeights.length} values, expected ${shape.buckets}`);
  }

  /** Pooling weight of bucket `id`. */
  weightOf(id: number): number {
    return this.featureWeights ? this.featureWeights[id]! : 1;
  }

  /** Sum of the pooling weights of `ids` (the pooling denominator; 0 when no feature carries weight). */
  totalWeight(ids: Int32Array): number {
    if (!this.featureWeights) return ids.length;
    let total = 0;
    for (const id of ids) total += this.featureWeights[id]!;
    return total;
  }

  /** A fresh encoder with small Gaussian weights (a random projection of the n-gram bag) from `seed`. */
  static initialize(shape: TextEncoderShape = DEFAULT_TEXT_ENCODER_SHAPE, seed = 7): TextEncoder {
    const random = new SeededRandom(seed);
    const table = new Float32Array(shape.buckets * shape.dims);
    const scale = 1 / Math.sqrt(shape.dims);
    for (let i = 0; i < table.length; i += 1) table[i] = random.normal() * scale;
    return new TextEncoder(shape, table);
  }

  /** Feature bucket ids of `text` (with pooling weights: without the trigrams of unknown words, see {@link MIN_TRIGRAM_COVERAGE}). */
  features(text: string): Int32Array {
    const weights = this.featureWeights;
    if (!weights) return hashedFeatures(text, this.shape.buckets);
    const ids: number[] = [];
    for (const group of hashedWordFeatures(text, this.shape.buckets)) {
      ids.push(group.word);
      if (group.bigram >= 0) ids.push(group.bigram);
      const known = group.trigrams.filter((id) => weights[id]! > 0).length;
      if (weights[group.word]! > 0 || known >= MIN_TRIGRAM_COVERAGE * group.trigrams.length)
        ids.push(...group.trigrams);
    }
    return Int32Array.from(ids);
  }

  /** Unit vector of `text` (all zeros for a text without letters or digits, or with no weighted feature). */
  encode(text: string): Float32Array {
    return this.encodeFeatures(this.features(text)).vector;
  }

  /** Pooled, normalized vector of bucket ids, plus the pre-normalization norm (for training). */
  encodeFeatures(
    ids: Int32Array,
    out: Float32Array = new Float32Array(this.shape.dims),
  ): { vector: Float32Array; norm: number } {
    const d = this.shape.dims;
    out.fill(0);
    const total = this.totalWeight(ids);
    if (ids.length === 0 || total <= 0) return { vector: out, norm: 0 };
    for (let k = 0; k < ids.length; k += 1) {
      const weight = this.weightOf(ids[k]!);
      if (weight === 0) continue;
      const base = ids[k]! * d;
      for (let i = 0; i < d; i += 1) out[i]! += weight * this.table[base + i]!;
    }
    for (let i = 0; i < d; i += 1) out[i]! /= total;
    const norm = normalizeInPlace(out);
    return { vector: out, norm };
  }
}
