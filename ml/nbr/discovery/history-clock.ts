import type { PurchasedItem } from "../../../plugins/sdk/blended-attributes";
import type { Basket } from "../nbr-dataset.types";

const DAY_MS = 86_400_000;

/** Day 0 of the synthetic clock; any fixed date works, only differences between baskets matter. */
export const HISTORY_EPOCH = new Date("2000-01-01T00:00:00Z");

/**
 * How basket positions become dates. Next-basket data such as Ta-Feng keeps only the order of a user's
 * baskets, not their dates, so basket p (0-based, oldest first) is placed at day p·daysPerBasket and the
 * request time is one step after the last history basket (where the target basket would be).
 */
export interface HistoryClock {
  readonly daysPerBasket: number;
}

/** A user's history as the product's attribute step would see it: purchases with cadence, and the request time. */
export interface HistoryProfile {
  readonly purchases: PurchasedItem[];
  readonly now: Date;
}

/**
 * Builds the familiarity inputs the pipeline derives from orders (`fromOrders` in
 * subgraphs/personalization/pipeline/blend-attributes.step.ts): per item the number of baskets holding it,
 * the last purchase, the median gap between purchases (upper median, as there) and the next due date;
 * sorted most bought first, then most recent, then id.
 */
export function historyProfile(history: readonly Basket[], clock: HistoryClock): HistoryProfile {
  if (!(clock.daysPerBasket > 0)) throw new RangeError(`daysPerBasket must be positive, got ${clock.daysPerBasket}`);
  const positions = new Map<string, number[]>();
  history.forEach((basket, position) => {
    for (const item of new Set(basket.items)) {
      const list = positions.get(item);
      if (list) list.push(position);
      else positions.set(item, [position]);
    }
  });
  const at = (position: number) => new Date(HISTORY_EPOCH.getTime() + position * clock.daysPerBasket * DAY_MS);
  const purchases: PurchasedItem[] = [];
  for (const [productId, list] of positions) {
    const gaps = list.slice(1).map((position, i) => (position - list[i]!) * clock.daysPerBasket).sort((a, b) => a - b);
    const interval = gaps.length > 0 ? gaps[Math.floor(gaps.length / 2)]! : undefined;
    const last = list[list.length - 1]!;
    const lastPurchasedAt = at(last);
    purchases.push({
      productId,
      count: list.length,
      lastPurchasedAt,
      ...(interval ? { reorderIntervalDays: interval, nextDueAt: new Date(lastPurchasedAt.getTime() + interval * DAY_MS) } : {}),
    });
  }
  purchases.sort((a, b) => b.count - a.count || b.lastPurchasedAt.getTime() - a.lastPurchasedAt.getTime() || a.productId.localeCompare(b.productId));
  return { purchases, now: at(history.length) };
}
