import type { BasketRole, RawBasket, RawUserLog } from "./nbr-dataset.types";

interface MutableBasket {
  id: string;
  seq: number;
  role: BasketRole;
  items: string[];
}

/** Collects source rows into per-user raw baskets, keyed by (user, role, basket id), deduplicating items. */
export class RawBasketBuilder {
  private readonly users = new Map<string, Map<string, MutableBasket>>();

  /** Adds one (user, basket, item) row; a repeated item within the same basket is counted once. */
  add(userId: string, basketId: string, seq: number, role: BasketRole, item: string): void {
    let baskets = this.users.get(userId);
    if (!baskets) {
      baskets = new Map();
      this.users.set(userId, baskets);
    }
    const key = `${role}\u0000${basketId}`;
    let basket = baskets.get(key);
    if (!basket) {
      basket = { id: basketId, seq, role, items: [] };
      baskets.set(key, basket);
    } else if (basket.seq !== seq) {
      throw new Error(`user ${userId}, basket ${basketId}: rows disagree on its position (${basket.seq} vs ${seq})`);
    }
    if (!basket.items.includes(item)) basket.items.push(item);
  }

  /** Number of users seen so far. */
  get userCount(): number {
    return this.users.size;
  }

  /** Yields every user's raw baskets, users in first-seen order. */
  *logs(): Generator<RawUserLog> {
    for (const [userId, baskets] of this.users) {
      yield { userId, baskets: [...baskets.values()] as RawBasket[] };
    }
  }
}
