import type { NbrMethod } from "../nbr-method.types";
import type { TrainingView } from "../training-view.types";
import { GTopFreqMethod } from "./g-topfreq.method";
import { PTopFreqMethod } from "./p-topfreq.method";

/** GP-TopFreq: P-TopFreq's list, filled up to k with G-TopFreq items the user's list lacks. */
export class GpTopFreqMethod implements NbrMethod {
  readonly name = "gp-topfreq";
  private readonly personal = new PTopFreqMethod();
  private readonly global = new GTopFreqMethod();

  fit(view: TrainingView): void {
    this.personal.fit(view);
    this.global.fit(view);
  }

  predict(userId: string, k: number): string[] {
    const result = this.personal.predict(userId, k);
    if (result.length >= k) return result;
    const taken = new Set(result);
    for (const item of this.global.globalRanking) {
      if (result.length >= k) break;
      if (!taken.has(item)) result.push(item);
    }
    return result;
  }
}
