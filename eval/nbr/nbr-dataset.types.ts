/** One purchase event: the distinct items bought together, ordered among a user's baskets by `seq`. */
export interface Basket {
  /** Basket identifier, unique within its user (Ta-Feng `basket_idx`, Instacart `order_id`). */
  readonly id: string;
  /** Position in the user's timeline (Ta-Feng `basket_idx`, Instacart `order_number`). */
  readonly seq: number;
  /** Distinct item ids in the basket, in first-seen order. */
  readonly items: readonly string[];
}

/** One evaluated user: the history (oldest first) and the single basket to predict. */
export interface NbrUser {
  readonly userId: string;
  readonly history: readonly Basket[];
  readonly target: Basket;
}

/** A next-basket evaluation set: every user with a history and exactly one held-out target basket. */
export interface NbrDataset {
  readonly users: readonly NbrUser[];
}

/** Dataset file layouts the loaders understand. */
export type NbrFormat = "tafeng" | "instacart" | "completejourney";

/** Whether a raw basket came from the history side or the target side of the source files. */
export type BasketRole = "history" | "target";

/** A basket as read from the source files, before the leakage guard has checked anything. */
export interface RawBasket extends Basket {
  readonly role: BasketRole;
}

/** Every basket of one user as read from the source files, in file order. */
export interface RawUserLog {
  readonly userId: string;
  readonly baskets: readonly RawBasket[];
}

/** A loaded dataset plus how many source users could not be evaluated because they have no target. */
export interface LoadedDataset {
  readonly format: NbrFormat;
  readonly dataset: NbrDataset;
  readonly skippedUsers: number;
}
