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
