import type { TrainingView } from "./training-view.types";

/** A next-basket recommender: learns from histories only, then ranks items for a user. */
export interface NbrMethod {
  /** Registry name, e.g. `gp-topfreq`. */
  readonly name: string;
  /** Learns from the histories in `view`; target baskets are not reachable from it. */
  fit(view: TrainingView): void | Promise<void>;
  /** Up to `k` distinct item ids, best first; an unknown user gets whatever the method can offer (maybe none). */
  predict(userId: string, k: number): string[];
}
