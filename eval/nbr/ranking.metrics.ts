/** Per-user (or averaged) next-basket metrics at one cut-off K. */
export interface RankingScores {
  readonly recall: number;
  readonly ndcg: number;
  readonly phr: number;
  readonly repeatRecall: number;
  readonly exploreRecall: number;
}

/**
 * Scores the first `k` predictions against the target basket. Relevance is binary; a repeated prediction
 * counts once. recall = hits/|target|; NDCG uses ideal DCG over min(k, |target|); PHR = 1 if any hit;
 * repeatRecall/exploreRecall split the hits by whether the item is in `historyItems` (they sum to recall).
 */
export function scoreRanking(
  predictions: readonly string[],
  target: ReadonlySet<string>,
  historyItems: ReadonlySet<string>,
  k: number,
): RankingScores {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (target.size === 0) throw new RangeError("target basket is empty; recall is undefined");
  const hitItems = new Set<string>();
  let dcg = 0;
  let repeatHits = 0;
  const cut = Math.min(k, predictions.length);
  for (let rank = 0; rank < cut; rank += 1) {
    const item = predictions[rank];
    if (!target.has(item) || hitItems.has(item)) continue;
    hitItems.add(item);
    dcg += 1 / Math.log2(rank + 2);
    if (historyItems.has(item)) repeatHits += 1;
  }
  let idcg = 0;
  for (let rank = 0; rank < Math.min(k, target.size); rank += 1) idcg += 1 / Math.log2(rank + 2);
  const hits = hitItems.size;
  return {
    recall: hits / target.size,
    ndcg: dcg / idcg,
    phr: hits > 0 ? 1 : 0,
    repeatRecall: repeatHits / target.size,
    exploreRecall: (hits - repeatHits) / target.size,
  };
}

/** Running mean of per-user scores; every user weighs the same. */
export class ScoreAverager {
  private count = 0;
  private sums = { recall: 0, ndcg: 0, phr: 0, repeatRecall: 0, exploreRecall: 0 };

  /** Adds one user's scores. */
  add(scores: RankingScores): void {
    this.count += 1;
    this.sums.recall += scores.recall;
    this.sums.ndcg += scores.ndcg;
    this.sums.phr += scores.phr;
    this.sums.repeatRecall += scores.repeatRecall;
    this.sums.exploreRecall += scores.exploreRecall;
  }

  /** Number of users added. */
  get users(): number {
    return this.count;
  }

  /** The means over all users added (all zero when none were). */
  mean(): RankingScores {
    const n = Math.max(this.count, 1);
    return {
      recall: this.sums.recall / n,
      ndcg: this.sums.ndcg / n,
      phr: this.sums.phr / n,
      repeatRecall: this.sums.repeatRecall / n,
      exploreRecall: this.sums.exploreRecall / n,
    };
  }
}
