import { toTrainingView } from "../leakage.guard";
import type { NbrDataset, NbrUser } from "../nbr-dataset.types";
import type { TrainingView } from "../training-view.types";
import { fnv1a as hash } from "../../../core/hash";

/** A validation set carved from a TrainingView: each user's last history basket is held out. */
export interface ValidationSplit {
  /** Histories without their last basket, through the leakage guard like any training input. */
  readonly view: TrainingView;
  /** The same users with their held-out last history basket as target (for scoring only). */
  readonly dataset: NbrDataset;
  /** The users scored during tuning (at most `maxUsers` of `dataset`). */
  readonly scored: readonly NbrUser[];
}

/**
 * Holds out the last history basket of every user with at least two history baskets (the real target
 * baskets are not part of a TrainingView, so they cannot be touched) and guards the result with
 * `toTrainingView`; statistics for validation are fitted on that view. Users with a single history basket
 * are left out. At most `maxUsers` users (a deterministic hash sample of ids) are scored. Null when no
 * user qualifies.
 */
export function carveValidation(view: TrainingView, maxUsers: number): ValidationSplit | null {
  const users: NbrUser[] = view.users
    .filter((user) => user.history.length >= 2)
    .map((user) => ({
      userId: user.userId,
      history: user.history.slice(0, -1),
      target: user.history[user.history.length - 1]!,
    }));
  if (users.length === 0) return null;
  const dataset: NbrDataset = { users };
  const scored =
    users.length <= maxUsers
      ? users
      : [...users].sort((a, b) => hash(a.userId) - hash(b.userId) || (a.userId < b.userId ? -1 : 1)).slice(0, maxUsers);
  return { view: toTrainingView(dataset), dataset, scored };
}
