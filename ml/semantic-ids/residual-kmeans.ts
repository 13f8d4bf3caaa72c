import { SeededRandom } from "../../core/random";

/** Settings of {@link trainResidualQuantizer}. */
export interface ResidualQuantizerOptions {
  /** Quantization levels (3 by default). */
  levels: number;
  /** Most codes per level (256 by default); fewer are used when items are few. */
  maxCodes: number;
  /** Lloyd iterations per level. */
  iterations: number;
  /** k-means is fitted on at most this many vectors (then every vector is assigned). */
  sampleSize: number;
  seed: number;
}

/** Defaults: 3 levels × up to 256 codes, 12 iterations, 20k-vector samples. */
export const DEFAULT_RQ_OPTIONS: ResidualQuantizerOptions = {
  levels: 3,
  maxCodes: 256,
  iterations: 12,
  sampleSize: 20_000,
  seed: 5,
};

/** Codebooks of a residual quantizer: level l has `codebooks[l]` = k_l × dims centroids (row-major). */
export interface ResidualQuantizer {
  dims: number;
  codebooks: Float32Array[];
  /** Codes per level (k_l). */
  sizes: number[];
}

/** Result of training: the quantizer and each vector's codes (n × levels, row-major). */
export interface QuantizedSet {
  quantizer: ResidualQuantizer;
  codes: Int32Array;
}

/** Codes per level for `n` vectors when level 1 has `first` codes: enough cells for a few items each. */
export function levelSizes(n: number, levels: number, maxCodes: number, first: number | null): number[] {
  const sizes: number[] = [];
  const k1 = first ?? Math.min(maxCodes, Math.max(2, Math.ceil(Math.pow(n, 1 / levels))));
  sizes.push(Math.min(maxCodes, Math.max(1, k1)));
  const remaining = Math.max(1, levels - 1);
  for (let l = 1; l < levels; l += 1)
    sizes.push(Math.min(maxCodes, Math.max(2, Math.ceil(Math.pow(n / sizes[0]!, 1 / remaining) * 3))));
  return sizes;
}

/**
 * Residual k-means: level 1 quantizes the vectors, each later level the residual left by the levels above.
 * When `level1Groups` is given (a group per vector, e.g. its top-level department; -1 unknown), level 1 is
 * aligned with it: one code per group (groups merged by k-means when more than `maxCodes`), centroid = group mean.
 */
export function trainResidualQuantizer(
  vectors: Float32Array,
  dims: number,
  options: ResidualQuantizerOptions = DEFAULT_RQ_OPTIONS,
  level1Groups?: Int32Array,
): QuantizedSet {
  const n = vectors.length / dims;
  const random = new SeededRandom(options.seed);
  const residual = Float32Array.from(vectors);
  const codes = new Int32Array(n * options.levels);
  const codebooks: Float32Array[] = [];
  let groupCount = 0; // a loop, not Math.max(...spread): at 500k items the spread overflows the call stack
  for (const group of level1Groups ?? []) if (group + 1 > groupCount) groupCount = group + 1;
  const sizes = levelSizes(
    n,
    options.levels,
    options.maxCodes,
    groupCount > 0 ? Math.min(groupCount, options.maxCodes) : null,
  );
  for (let level = 0; level < options.levels; level += 1) {
    let centroids: Float32Array;
    if (level === 0 && level1Groups && groupCount > 0)
      centroids = groupCentroids(residual, dims, level1Groups, groupCount, sizes[0]!, options, random);
    else centroids = kMeans(residual, dims, sizes[level]!, options, random);
    const k = centroids.length / dims;
    sizes[level] = k;
    for (let i = 0; i < n; i += 1) {
      const code =
        level === 0 && level1Groups && groupCount > 0 && level1Groups[i]! >= 0 && k === groupCount
          ? level1Groups[i]!
          : nearest(centroids, dims, residual, i * dims);
      codes[i * options.levels + level] = code;
      for (let j = 0; j < dims; j += 1) residual[i * dims + j]! -= centroids[code * dims + j]!;
    }
    codebooks.push(centroids);
  }
  return { quantizer: { dims, codebooks, sizes }, codes };
}

/** Sum of the centroids a code tuple names (the reconstruction of a vector). */
export function reconstruct(
  quantizer: ResidualQuantizer,
  codes: ArrayLike<number>,
  out: Float32Array = new Float32Array(quantizer.dims),
): Float32Array {
  out.fill(0);
  for (let l = 0; l < quantizer.codebooks.length && l < codes.length; l += 1) {
    const book = quantizer.codebooks[l]!;
    const base = codes[l]! * quantizer.dims;
    for (let j = 0; j < quantizer.dims; j += 1) out[j]! += book[base + j]!;
  }
  return out;
}

/** Codes of a new vector (greedy residual assignment). */
export function encodeVector(quantizer: ResidualQuantizer, vector: Float32Array): number[] {
  const residual = Float32Array.from(vector);
  const codes: number[] = [];
  for (const book of quantizer.codebooks) {
    const code = nearest(book, quantizer.dims, residual, 0);
    codes.push(code);
    for (let j = 0; j < quantizer.dims; j += 1) residual[j]! -= book[code * quantizer.dims + j]!;
  }
  return codes;
}

/** Index of the centroid closest (squared L2) to `vectors[offset..offset+dims)`. */
export function nearest(centroids: Float32Array, dims: number, vectors: Float32Array, offset: number): number {
  let best = 0;
  let bestDistance = Infinity;
  const k = centroids.length / dims;
  for (let c = 0; c < k; c += 1) {
    let distance = 0;
    for (let j = 0; j < dims; j += 1) {
      const diff = vectors[offset + j]! - centroids[c * dims + j]!;
      distance += diff * diff;
    }
    if (distance < bestDistance) {
      bestDistance = distance;
      best = c;
    }
  }
  return best;
}

function groupCentroids(
  vectors: Float32Array,
  dims: number,
  groups: Int32Array,
  groupCount: number,
  maxCodes: number,
  options: ResidualQuantizerOptions,
  random: SeededRandom,
): Float32Array {
  const sums = new Float32Array(groupCount * dims);
  const counts = new Float64Array(groupCount);
  for (let i = 0; i < groups.length; i += 1) {
    const g = groups[i]!;
    if (g < 0) continue;
    counts[g]! += 1;
    for (let j = 0; j < dims; j += 1) sums[g * dims + j]! += vectors[i * dims + j]!;
  }
  for (let g = 0; g < groupCount; g += 1)
    if (counts[g]! > 0) for (let j = 0; j < dims; j += 1) sums[g * dims + j]! /= counts[g]!;
  // More departments than codes: merge them into `maxCodes` codes by k-means over the department means.
  return groupCount <= maxCodes ? sums : kMeans(sums, dims, maxCodes, options, random);
}

/** k-means++ seeding then Lloyd iterations on (a sample of) `vectors`; empty clusters are re-seeded. */
export function kMeans(
  vectors: Float32Array,
  dims: number,
  k: number,
  options: Pick<ResidualQuantizerOptions, "iterations" | "sampleSize">,
  random: SeededRandom,
): Float32Array {
  const total = vectors.length / dims;
  let sample = vectors;
  if (total > options.sampleSize) {
    const picks = new Uint32Array(total).map((_, i) => i);
    random.shuffle(picks);
    sample = new Float32Array(options.sampleSize * dims);
    for (let s = 0; s < options.sampleSize; s += 1)
      sample.set(vectors.subarray(picks[s]! * dims, (picks[s]! + 1) * dims), s * dims);
  }
  const n = sample.length / dims;
  k = Math.max(1, Math.min(k, n));
  const centroids = new Float32Array(k * dims);
  const distances = new Float64Array(n).fill(Infinity);
  let chosen = Math.floor(random.next() * n);
  for (let c = 0; c < k; c += 1) {
    centroids.set(sample.subarray(chosen * dims, (chosen + 1) * dims), c * dims);
    let sum = 0;
    for (let i = 0; i < n; i += 1) {
      let distance = 0;
      for (let j = 0; j < dims; j += 1) {
        const diff = sample[i * dims + j]! - centroids[c * dims + j]!;
        distance += diff * diff;
      }
      if (distance < distances[i]!) distances[i] = distance;
      sum += distances[i]!;
    }
    let target = random.next() * sum;
    chosen = n - 1;
    for (let i = 0; i < n; i += 1) {
      target -= distances[i]!;
      if (target <= 0) {
        chosen = i;
        break;
      }
    }
  }
  const assignment = new Int32Array(n);
  const counts = new Float64Array(k);
  for (let iteration = 0; iteration < options.iterations; iteration += 1) {
    for (let i = 0; i < n; i += 1) assignment[i] = nearest(centroids, dims, sample, i * dims);
    centroids.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i += 1) {
      const c = assignment[i]!;
      counts[c]! += 1;
      for (let j = 0; j < dims; j += 1) centroids[c * dims + j]! += sample[i * dims + j]!;
    }
    for (let c = 0; c < k; c += 1) {
      if (counts[c]! > 0) for (let j = 0; j < dims; j += 1) centroids[c * dims + j]! /= counts[c]!;
      else {
        const pick = Math.floor(random.next() * n);
        centroids.set(sample.subarray(pick * dims, (pick + 1) * dims), c * dims);
      }
    }
  }
  return centroids;
}
