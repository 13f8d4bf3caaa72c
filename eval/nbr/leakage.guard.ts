import type { Basket, NbrDataset, NbrUser, RawUserLog } from "./nbr-dataset.types";
import type { TrainingUser, TrainingView } from "./training-view.types";

/** Why the guard refused a dataset. */
export type LeakageReason =
  "multiple-targets" | "target-in-history" | "target-not-after-history" | "no-history" | "role-mismatch";

/** Thrown when a target basket could reach training or statistics; names the user and the basket. */
export class LeakageError extends Error {
  override readonly name = "LeakageError";

  constructor(
    readonly reason: LeakageReason,
    readonly userId: string,
    readonly basketId: string,
    detail: string,
  ) {
    super(`leakage refused (${reason}): user ${userId}, basket ${basketId}: ${detail}`);
  }
}

/** Result of turning raw logs into a dataset: users without any target basket are skipped, not guessed. */
export interface GuardedDataset {
  readonly dataset: NbrDataset;
  readonly skippedUsers: number;
}

/** Checks raw per-user logs and builds the dataset; throws `LeakageError` on the first leaking user. */
export function buildGuardedDataset(logs: Iterable<RawUserLog>): GuardedDataset {
  const users: NbrUser[] = [];
  let skippedUsers = 0;
  for (const log of logs) {
    const targets = log.baskets.filter((basket) => basket.role === "target");
    if (targets.length === 0) {
      skippedUsers += 1;
      continue;
    }
    if (targets.length > 1) {
      throw new LeakageError(
        "multiple-targets",
        log.userId,
        targets[1].id,
        `${targets.length} target baskets (${targets.map((t) => t.id).join(", ")}); exactly one is allowed`,
      );
    }
    const history = log.baskets
      .filter((basket) => basket.role === "history")
      .map((basket): Basket => ({ id: basket.id, seq: basket.seq, items: basket.items }))
      .sort((a, b) => a.seq - b.seq);
    const user: NbrUser = { userId: log.userId, history, target: stripRole(targets[0]) };
    checkUser(user);
    users.push(user);
  }
  return { dataset: { users }, skippedUsers };
}

/** Throws `LeakageError` unless every user has history, one target, and that target strictly after its history. */
export function assertNoLeakage(dataset: NbrDataset): void {
  const seen = new Map<string, string>();
  for (const user of dataset.users) {
    const earlier = seen.get(user.userId);
    if (earlier !== undefined) {
      throw new LeakageError(
        "multiple-targets",
        user.userId,
        user.target.id,
        `user appears twice, with targets ${earlier} and ${user.target.id}`,
      );
    }
    seen.set(user.userId, user.target.id);
    checkUser(user);
  }
}

/**
 * Builds the only input methods ever receive: frozen history baskets (item arrays are frozen in place, not
 * copied), without target baskets. Runs `assertNoLeakage` first, so a view cannot exist for a leaking dataset.
 */
export function toTrainingView(dataset: NbrDataset): TrainingView {
  assertNoLeakage(dataset);
  const users: TrainingUser[] = dataset.users.map((user) =>
    Object.freeze({
      userId: user.userId,
      history: Object.freeze(
        user.history.map((basket) =>
          Object.freeze({ id: basket.id, seq: basket.seq, items: Object.freeze(basket.items) }),
        ),
      ),
    }),
  );
  return Object.freeze({ users: Object.freeze(users) }) as unknown as TrainingView;
}

function checkUser(user: NbrUser): void {
  const { userId, history, target } = user;
  if (history.length === 0) {
    throw new LeakageError(
      "no-history",
      userId,
      target.id,
      "user has no history basket; nothing may be learned from the target",
    );
  }
  for (const basket of history) {
    if (basket.id === target.id) {
      throw new LeakageError(
        "target-in-history",
        userId,
        target.id,
        "the target basket id also appears among the history baskets",
      );
    }
    if (basket.seq >= target.seq) {
      throw new LeakageError(
        "target-not-after-history",
        userId,
        target.id,
        `target seq ${target.seq} is not strictly after history basket ${basket.id} (seq ${basket.seq})`,
      );
    }
  }
}

function stripRole(basket: Basket): Basket {
  return { id: basket.id, seq: basket.seq, items: basket.items };
}
