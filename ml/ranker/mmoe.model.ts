import { SeededRandom } from "../../core/random";

/** Shape of a multi-gate mixture-of-experts network (Ma et al., KDD 2018). */
export interface MmoeShape {
  /** Input features. */
  inputs: number;
  /** Shared experts, each one ReLU layer of `expertUnits`. */
  experts: number;
  expertUnits: number;
  /** Hidden ReLU units of each task tower. */
  towerUnits: number;
  /** Tasks: one softmax gate and one sigmoid tower each. */
  tasks: number;
  /** Input columns the gates read (e.g. the surface one-hot); all inputs when absent. */
  gateInputs?: number[];
}

/** Per-example activations kept for the backward pass. */
export interface MmoeCache {
  x: Float32Array;
  /** Expert outputs, E × H. */
  h: Float32Array;
  /** Gate weights, K × E. */
  g: Float32Array;
  /** Mixed representation per task, K × H. */
  f: Float32Array;
  /** Tower hidden activations, K × T. */
  t: Float32Array;
  /** Task probabilities, K. */
  p: Float32Array;
  /** Scratch for the backward pass. */
  dh: Float32Array;
  df: Float32Array;
  dt: Float32Array;
  dg: Float32Array;
}

/**
 * MMoE on one flat Float32Array of parameters: shared experts h_e = relu(W_e x + b_e), one softmax gate
 * per task g_k = softmax(V_k z + c_k) over the gate inputs z, mixtures f_k = Σ_e g_k,e h_e, and towers
 * p_k = sigmoid(u_k · relu(A_k f_k + a_k) + β_k). With one task it is the single-task baseline.
 */
export class MmoeModel {
  readonly parameters: Float32Array;
  readonly gateColumns: Int32Array;
  private readonly offsets: {
    W: number;
    b: number;
    V: number;
    c: number;
    A: number;
    a: number;
    u: number;
    beta: number;
    end: number;
  };

  constructor(
    readonly shape: MmoeShape,
    parameters?: Float32Array,
  ) {
    const { inputs: D, experts: E, expertUnits: H, towerUnits: T, tasks: K } = shape;
    this.gateColumns = Int32Array.from(shape.gateInputs ?? Array.from({ length: D }, (_, i) => i));
    const Z = this.gateColumns.length;
    const W = 0;
    const b = W + E * H * D;
    const V = b + E * H;
    const c = V + K * E * Z;
    const A = c + K * E;
    const a = A + K * T * H;
    const u = a + K * T;
    const beta = u + K * T;
    const end = beta + K;
    this.offsets = { W, b, V, c, A, a, u, beta, end };
    if (parameters && parameters.length !== end)
      throw new Error(`MMoE expects ${end} parameters, got ${parameters.length}`);
    this.parameters = parameters ?? new Float32Array(end);
  }

  /** Number of parameters. */
  get size(): number {
    return this.offsets.end;
  }

  /** He-normal weights, zero biases, gates start uniform; deterministic per seed. */
  initialize(seed: number, baseRates?: readonly number[]): this {
    const random = new SeededRandom(seed);
    const { inputs: D, experts: E, expertUnits: H, towerUnits: T, tasks: K } = this.shape;
    const o = this.offsets;
    const P = this.parameters;
    P.fill(0);
    for (let i = 0; i < E * H * D; i += 1) P[o.W + i] = random.normal() * Math.sqrt(2 / D);
    for (let i = 0; i < K * E * this.gateColumns.length; i += 1) P[o.V + i] = random.normal() * 0.01;
    for (let i = 0; i < K * T * H; i += 1) P[o.A + i] = random.normal() * Math.sqrt(2 / H);
    for (let i = 0; i < K * T; i += 1) P[o.u + i] = random.normal() * Math.sqrt(1 / T);
    for (let k = 0; k < K; k += 1) {
      const rate = baseRates?.[k];
      if (rate !== undefined && rate > 0 && rate < 1) P[o.beta + k] = Math.log(rate / (1 - rate));
    }
    return this;
  }

  /** A cache sized for this model. */
  createCache(): MmoeCache {
    const { inputs: D, experts: E, expertUnits: H, towerUnits: T, tasks: K } = this.shape;
    return {
      x: new Float32Array(D),
      h: new Float32Array(E * H),
      g: new Float32Array(K * E),
      f: new Float32Array(K * H),
      t: new Float32Array(K * T),
      p: new Float32Array(K),
      dh: new Float32Array(E * H),
      df: new Float32Array(H),
      dt: new Float32Array(T),
      dg: new Float32Array(E),
    };
  }

  /** Forward pass of the example at row `row` of `data` (row-major, `inputs` columns); fills `cache`. */
  forward(data: Float32Array, row: number, cache: MmoeCache): Float32Array {
    const { inputs: D, experts: E, expertUnits: H, towerUnits: T, tasks: K } = this.shape;
    const o = this.offsets;
    const P = this.parameters;
    const x = cache.x;
    const base = row * D;
    for (let d = 0; d < D; d += 1) x[d] = data[base + d]!;
    const h = cache.h;
    for (let j = 0; j < E * H; j += 1) {
      let sum = P[o.b + j]!;
      const w = o.W + j * D;
      for (let d = 0; d < D; d += 1) sum += P[w + d]! * x[d]!;
      h[j] = sum > 0 ? sum : 0;
    }
    const Z = this.gateColumns.length;
    const cols = this.gateColumns;
    for (let k = 0; k < K; k += 1) {
      let max = -Infinity;
      for (let e = 0; e < E; e += 1) {
        let sum = P[o.c + k * E + e]!;
        const v = o.V + (k * E + e) * Z;
        for (let z = 0; z < Z; z += 1) sum += P[v + z]! * x[cols[z]!]!;
        cache.g[k * E + e] = sum;
        if (sum > max) max = sum;
      }
      let total = 0;
      for (let e = 0; e < E; e += 1) {
        const value = Math.exp(cache.g[k * E + e]! - max);
        cache.g[k * E + e] = value;
        total += value;
      }
      for (let e = 0; e < E; e += 1) cache.g[k * E + e]! /= total;
      const f = k * H;
      for (let u = 0; u < H; u += 1) cache.f[f + u] = 0;
      for (let e = 0; e < E; e += 1) {
        const weight = cache.g[k * E + e]!;
        for (let u = 0; u < H; u += 1) cache.f[f + u]! += weight * h[e * H + u]!;
      }
      let logit = P[o.beta + k]!;
      for (let r = 0; r < T; r += 1) {
        let sum = P[o.a + k * T + r]!;
        const a = o.A + (k * T + r) * H;
        for (let u = 0; u < H; u += 1) sum += P[a + u]! * cache.f[f + u]!;
        const t = sum > 0 ? sum : 0;
        cache.t[k * T + r] = t;
        logit += P[o.u + k * T + r]! * t;
      }
      cache.p[k] = 1 / (1 + Math.exp(-logit));
    }
    return cache.p;
  }

  /** Adds the gradient of Σ_k dLogit[k] · logit_k (at the cached example) into `grad`. */
  backward(cache: MmoeCache, dLogit: ArrayLike<number>, grad: Float32Array): void {
    const { inputs: D, experts: E, expertUnits: H, towerUnits: T, tasks: K } = this.shape;
    const o = this.offsets;
    const P = this.parameters;
    const { x, h, dh, df, dt, dg } = cache;
    const Z = this.gateColumns.length;
    const cols = this.gateColumns;
    dh.fill(0);
    for (let k = 0; k < K; k += 1) {
      const dl = dLogit[k]!;
      if (dl === 0) continue;
      grad[o.beta + k]! += dl;
      df.fill(0);
      for (let r = 0; r < T; r += 1) {
        const t = cache.t[k * T + r]!;
        grad[o.u + k * T + r]! += dl * t;
        const d = t > 0 ? dl * P[o.u + k * T + r]! : 0;
        dt[r] = d;
        if (d === 0) continue;
        grad[o.a + k * T + r]! += d;
        const a = o.A + (k * T + r) * H;
        for (let u = 0; u < H; u += 1) {
          grad[a + u]! += d * cache.f[k * H + u]!;
          df[u]! += d * P[a + u]!;
        }
      }
      let mean = 0;
      for (let e = 0; e < E; e += 1) {
        const weight = cache.g[k * E + e]!;
        let dot = 0;
        for (let u = 0; u < H; u += 1) {
          dot += df[u]! * h[e * H + u]!;
          dh[e * H + u]! += weight * df[u]!;
        }
        dg[e] = dot;
        mean += weight * dot;
      }
      for (let e = 0; e < E; e += 1) {
        const dz = cache.g[k * E + e]! * (dg[e]! - mean);
        grad[o.c + k * E + e]! += dz;
        const v = o.V + (k * E + e) * Z;
        for (let z = 0; z < Z; z += 1) grad[v + z]! += dz * x[cols[z]!]!;
      }
    }
    for (let j = 0; j < E * H; j += 1) {
      if (h[j]! <= 0) continue;
      const d = dh[j]!;
      if (d === 0) continue;
      grad[o.b + j]! += d;
      const w = o.W + j * D;
      for (let i = 0; i < D; i += 1) grad[w + i]! += d * x[i]!;
    }
  }

  /** Probabilities for every row of `data`: n × tasks, row-major. */
  predict(data: Float32Array, rows: number): Float32Array {
    const K = this.shape.tasks;
    const out = new Float32Array(rows * K);
    const cache = this.createCache();
    for (let row = 0; row < rows; row += 1) {
      const p = this.forward(data, row, cache);
      for (let k = 0; k < K; k += 1) out[row * K + k] = p[k]!;
    }
    return out;
  }
}
