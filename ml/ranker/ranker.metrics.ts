/**
 * Area under the ROC curve by the rank-sum (Mann–Whitney) statistic, ties counted half.
 * Returns NaN when the labels hold one class only.
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j += 1;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k += 1) {
      if (labels[order[k]!]! > 0.5) {
        positives += 1;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean binary cross-entropy (natural log), probabilities clipped to [1e-7, 1 − 1e-7]. */
export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = probabilities.length;
  if (n === 0) return Number.NaN;
  let total = 0;
  for (let i = 0; i < n; i += 1) {
    const p = Math.min(1 - 1e-7, Math.max(1e-7, probabilities[i]!));
    total -= labels[i]! > 0.5 ? Math.log(p) : Math.log(1 - p);
  }
  return total / n;
}
