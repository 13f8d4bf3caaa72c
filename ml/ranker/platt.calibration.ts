/** Platt scaling parameters: p = sigmoid(a · logit(raw) + b). */
export interface PlattParameters {
  a: number;
  b: number;
}

/** The identity calibration. */
export const IDENTITY_CALIBRATION: PlattParameters = { a: 1, b: 0 };

/** Logit of a probability, clipped away from 0 and 1. */
export function logit(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
}

/** Applies a Platt calibration to a raw probability. */
export function calibrate(raw: number, parameters: PlattParameters): number {
  return 1 / (1 + Math.exp(-(parameters.a * logit(raw) + parameters.b)));
}

/**
 * Fits Platt scaling on held-out (validation) predictions by Newton's method with a backtracking line search on the log-loss, with
 * Platt's smoothed targets; `a` is kept positive so the ranking (and AUC) never changes.
 */
export function fitPlatt(raw: ArrayLike<number>, labels: ArrayLike<number>, iterations = 50): PlattParameters {
  const n = raw.length;
  let positives = 0;
  for (let i = 0; i < n; i += 1) if (labels[i]! > 0.5) positives += 1;
  if (positives === 0 || positives === n) return IDENTITY_CALIBRATION;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (n - positives + 2);
  const x = Float64Array.from({ length: n }, (_, i) => logit(raw[i]!));
  const objective = (a: number, b: number): number => {
    let total = 0;
    for (let i = 0; i < n; i += 1) {
      const z = a * x[i]! + b;
      const t = labels[i]! > 0.5 ? high : low;
      total += Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
    }
    return total;
  };
  let a = 1;
  let b = 0;
  let current = objective(a, b);
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    let ga = 0,
      gb = 0,
      haa = 1e-9,
      hab = 0,
      hbb = 1e-9;
    for (let i = 0; i < n; i += 1) {
      const p = 1 / (1 + Math.exp(-(a * x[i]! + b)));
      const t = labels[i]! > 0.5 ? high : low;
      const d = p - t;
      const w = p * (1 - p);
      ga += d * x[i]!;
      gb += d;
      haa += w * x[i]! * x[i]!;
      hab += w * x[i]!;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    let next = objective(a - da, b - db);
    while (next > current && step > 1e-6) {
      step /= 2;
      next = objective(a - step * da, b - step * db);
    }
    if (next > current) break;
    a -= step * da;
    b -= step * db;
    const improvement = current - next;
    current = next;
    if (improvement < 1e-10 * Math.max(1, current)) break;
  }
  if (!Number.isFinite(a) || !Number.isFinite(b) || a <= 0) return IDENTITY_CALIBRATION;
  return { a, b };
}
