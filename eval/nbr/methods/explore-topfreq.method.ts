import { rankByBasketFrequency } from "../frequency.ranking";
import type { NbrMethod } from "../nbr-method.types";
import type { TrainingView } from "../training-view.types";

/**
 * Explore-only baselines: popular items the user has never bought, so every slot is an explore slot.
 * They measure how much explore recall a list can reach at all, the ceiling an explore target is judged
 * against. `window: "all"` ranks by every history basket (G-TopFreq without the user's items);
 * `window: "last"` ranks by each user's most recent history basket only (what is popular lately).
 */
export class ExploreTopFreqMethod implements NbrMethod {
  private ranking: string[] = [];
  private readonly bought = new Map<string, Set<string>>();

  constructor(
    readonly name: string,
    private readonly window: "all" | "last",
  ) {}

  fit(view: TrainingView): void {
    const baskets = [];
    for (const user of view.users) {
      const items = new Set<string>();
      for (const basket of user.history) for (const item of basket.items) items.add(item);
      this.bought.set(user.userId, items);
      if (this.window === "all") baskets.push(...user.history);
      else if (user.history.length > 0) baskets.push(user.history[user.history.length - 1]!);
    }
    this.ranking = rankByBasketFrequency(baskets);
  }

  predict(userId: string, k: number): string[] {
    const bought = this.bought.get(userId);
    const found: string[] = [];
    for (const item of this.ranking) {
      if (found.length >= k) break;
      if (!bought?.has(item)) found.push(item);
    }
    return found;
  }
}
