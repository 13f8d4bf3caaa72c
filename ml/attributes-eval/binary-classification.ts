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
  if (predicted.length !== actual.length) throw new RangeError(`confusion needs paired samples (got ${predicted.length} and ${actual.length})`);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < predicted.length; i++) {
    if (predicted[i]) actual[i] ? tp++ : fp++;
    else actual[i] ? fn++ : tn++;
  }
  const rate = (numerator: number, denominator: number): number | null => (denominator > 0 ? numerator / denominator : null);
  return { truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn, accuracy: rate(tp + tn, predicted.length), precision: rate(tp, tp + fp), recall: rate(tp, tp + fn) };
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative,
 * ties counting one half (the Mann–Whitney U statistic / (positives × negatives)). Null without at
 * least one positive and one negative.
 */
export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number | null {
  if (scores.length !== labels.length) throw new RangeError(`rocAuc needs paired samples (got ${scores.length} and ${labels.length})`);
  const order = scores.map((score, index) => ({ score, positive: labels[index]! })).sort((a, b) => a.score - b.score);
  const positives = order.filter((entry) => entry.positive).length;
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return null;
  let rankSumOfPositives = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.score === order[start]!.score) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) if (order[k]!.positive) rankSumOfPositives += rank;
    start = end + 1;
  }
  return (rankSumOfPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}
