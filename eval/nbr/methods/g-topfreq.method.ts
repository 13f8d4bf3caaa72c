import { rankByBasketFrequency } from "../frequency.ranking";
import type { NbrMethod } from "../nbr-method.types";
import type { TrainingView } from "../training-view.types";

/** G-TopFreq: the same globally most frequent items (by history basket count) for every user. */
export class GTopFreqMethod implements NbrMethod {
  readonly name = "g-topfreq";
  private ranking: string[] = [];

  fit(view: TrainingView): void {
    this.ranking = rankByBasketFrequency(allHistoryBaskets(view));
  }

  predict(_userId: string, k: number): string[] {
    return this.ranking.slice(0, k);
  }

  /** The full global ranking (for GP-TopFreq's fill). */
  get globalRanking(): readonly string[] {
    return this.ranking;
  }
}

function* allHistoryBaskets(view: TrainingView) {
  for (const user of view.users) yield* user.history;
}
