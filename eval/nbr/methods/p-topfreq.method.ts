import { rankByBasketFrequency } from "../frequency.ranking";
import type { Basket } from "../nbr-dataset.types";
import type { NbrMethod } from "../nbr-method.types";
import type { TrainingView } from "../training-view.types";

/** P-TopFreq: the user's own most frequent history items; can return fewer than k items. */
export class PTopFreqMethod implements NbrMethod {
  readonly name = "p-topfreq";
  private histories = new Map<string, readonly Basket[]>();

  fit(view: TrainingView): void {
    this.histories = new Map(view.users.map((user) => [user.userId, user.history]));
  }

  predict(userId: string, k: number): string[] {
    const history = this.histories.get(userId);
    return history ? rankByBasketFrequency(history).slice(0, k) : [];
  }
}
