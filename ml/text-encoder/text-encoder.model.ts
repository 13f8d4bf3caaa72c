import { normalizeInPlace } from "../embeddings/vector-math";
import { SeededRandom } from "../../core/random";
import { hashedFeatures } from "./text-tokenizer";

/** Shape of a {@link TextEncoder}. */
export interface TextEncoderShape {
  /** Hash buckets of the n-gram table. */
  buckets: number;
  /** Output dimensions. */
  dims: number;
}

/** Default shape: 2^15 buckets × 64 dimensions (8 MB of weights). */
export const DEFAULT_TEXT_ENCODER_SHAPE: TextEncoderShape = { buckets: 1 << 15, dims: 64 };

/**
 * The project's own text encoder: the mean of the embeddings of a text's hashed n-gram features,
 * L2-normalized. Queries, product text and order summaries all go through {@link encode} into one space.
 */
export class TextEncoder {
  constructor(readonly shape: TextEncoderShape, readonly table: Float32Array) {
    if (table.length !== shape.buckets * shape.dims) throw new Error(`text encoder table has ${table.length} values, expected ${shape.buckets * shape.dims}`);
  }

  /** A fresh encoder with small Gaussian weights (a random projection of the n-gram bag) from `seed`. */
  static initialize(shape: TextEncoderShape = DEFAULT_TEXT_ENCODER_SHAPE, seed = 7): TextEncoder {
    const random = new SeededRandom(seed);
    const table = new Float32Array(shape.buckets * shape.dims);
    const scale = 1 / Math.sqrt(shape.dims);
    for (let i = 0; i < table.length; i += 1) table[i] = random.normal() * scale;
    return new TextEncoder(shape, table);
  }

  /** Feature bucket ids of `text`. */
  features(text: string): Int32Array {
    return hashedFeatures(text, this.shape.buckets);
  }

  /** Unit vector of `text` (all zeros for a text without letters or digits). */
  encode(text: string): Float32Array {
    return this.encodeFeatures(this.features(text)).vector;
  }

  /** Pooled, normalized vector of bucket ids, plus the pre-normalization norm (for training). */
  encodeFeatures(ids: Int32Array, out: Float32Array = new Float32Array(this.shape.dims)): { vector: Float32Array; norm: number } {
    const d = this.shape.dims;
    out.fill(0);
    if (ids.length === 0) return { vector: out, norm: 0 };
    for (let k = 0; k < ids.length; k += 1) {
      const base = ids[k]! * d;
      for (let i = 0; i < d; i += 1) out[i]! += this.table[base + i]!;
    }
    for (let i = 0; i < d; i += 1) out[i]! /= ids.length;
    const norm = normalizeInPlace(out);
    return { vector: out, norm };
  }
}
