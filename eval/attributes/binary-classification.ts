/** Metrics of a yes/no prediction against yes/no truth. */

/** Counts and rates of thresholded predictions; a rate is null when its denominator is zero. */
export interface ConfusionSummary {
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
  accuracy: number | null;
  /** Of the users predicted positive, the share truly positive. */
  precision: number | null;
  /** Of the truly positive users, the share predicted positive. */
  recall: number | null;
}

/** Confusion counts, accuracy, precision and recall of `predicted` against `actual` (same length). */
export function confusion(predicted: readonly boolean[], actual: readonly boolean[]): ConfusionSummary {
  if (predicted.length !== actual.length)
    throw new RangeError(`confusion needs paired samples (got ${predicted.length} and ${actual.length})`);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < predicted.length; i++) {
    if (predicted[i] && actual[i]) tp++;
    else if (predicted[i]) fp++;
    else if (actual[i]) fn++;
    else tn++;
  }
  const rate = (numerator: number, denominator: number): number | null =>
    denominator > 0 ? numerator / denominator : null;
  return {
    truePositives: tp,
    falsePositives: fp,
    trueNegatives: tn,
    falseNegatives: fn,
    accuracy: rate(tp + tn, predicted.length),
    precision: rate(tp, tp + fp),
    recall: rate(tp, tp + fn),
  };
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative,
 * ties counting one half (the Mann–Whitney U statistic / (positives × negatives)). Null without at
 * least one positive and one negative.
 */
export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number | null {
  if (scores.length !== labels.length)
    throw new RangeError(`rocAuc needs paired samples (got ${scores.length} and ${labels.length})`);
  const order = scores.map((score, index) => ({ score, positive: labels[index]! })).sort((a, b) => a.score - b.score);
  const positives = order.filter((entry) => entry.positive).length;
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return null;
  let rankSumOfPositives = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.score === order[start]!.score) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) if (order[k]!.positive) rankSumOfPositives += rank;
    start = end + 1;
  }
  return (rankSumOfPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The cut `score >= threshold` with the best F1, and its precision and recall. */
export interface BestThreshold {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Tries every observed score as the cut `score >= threshold` and returns the one with the highest F1
 * (ties: the higher threshold). A diagnostic of what cut the scores support; null without positives.
 */
export function bestF1Threshold(scores: readonly number[], labels: readonly boolean[]): BestThreshold | null {
  if (scores.length !== labels.length)
    throw new RangeError(`bestF1Threshold needs paired samples (got ${scores.length} and ${labels.length})`);
  const positives = labels.filter(Boolean).length;
  if (positives === 0) return null;
  const order = scores.map((score, index) => ({ score, positive: labels[index]! })).sort((a, b) => b.score - a.score);
  let best: BestThreshold | null = null;
  let truePositives = 0;
  for (let k = 0; k < order.length; k++) {
    if (order[k]!.positive) truePositives++;
    if (k + 1 < order.length && order[k + 1]!.score === order[k]!.score) continue; // a cut cannot split ties
    const precision = truePositives / (k + 1);
    const recall = truePositives / positives;
    const f1 = truePositives === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    if (best === null || f1 > best.f1) best = { threshold: order[k]!.score, precision, recall, f1 };
  }
  return best;
}
