import type { Basket } from "./nbr-dataset.types";

declare const trainingViewBrand: unique symbol;

/** One user as methods see it: the history only; the target basket is not part of this type. */
export interface TrainingUser {
  readonly userId: string;
  readonly history: readonly Basket[];
}

/**
 * Everything a method may learn from: user histories, never a target basket. Only the leakage guard
 * (`toTrainingView`) can create one, so a dataset with targets cannot be passed where a view is expected.
 */
export interface TrainingView {
  readonly [trainingViewBrand]: true;
  readonly users: readonly TrainingUser[];
}
