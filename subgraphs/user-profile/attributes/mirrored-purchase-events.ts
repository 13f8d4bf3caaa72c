import type { PurchaseRecord } from "./attributes.calculator";

/** How far apart an order line and a PURCHASE event of the same product may be and still be one purchase. */
export const MIRROR_WINDOW_MS = 86_400_000;

/**
 * PURCHASE events that do not repeat an order line. Clients often record a PURCHASE event for each
 * line of an order they also place (the seed's simulator does), and counting both would double the
 * line and add a list-price, no-discount copy of it. So each order line absorbs up to
 * max(1, quantity) PURCHASE events of its product within {@link MIRROR_WINDOW_MS}, nearest first;
 * the events left over are purchases of their own. Pure and order-independent.
 */
export function eventsNotInOrders(
  orderLines: readonly PurchaseRecord[],
  events: readonly PurchaseRecord[],
): PurchaseRecord[] {
  if (orderLines.length === 0 || events.length === 0) return [...events];
  const linesByProduct = new Map<string, PurchaseRecord[]>();
  for (const line of orderLines)
    linesByProduct.set(line.productId, [...(linesByProduct.get(line.productId) ?? []), line]);
  // Every (event, line) pair close enough to be one purchase, nearest first; ties by keys (deterministic).
  const pairs: Array<{ event: PurchaseRecord; line: PurchaseRecord; distance: number }> = [];
  for (const event of events) {
    for (const line of linesByProduct.get(event.productId) ?? []) {
      const distance = Math.abs(line.at.getTime() - event.at.getTime());
      if (distance <= MIRROR_WINDOW_MS) pairs.push({ event, line, distance });
    }
  }
  pairs.sort(
    (a, b) => a.distance - b.distance || compareKeys(a.event.key, b.event.key) || compareKeys(a.line.key, b.line.key),
  );
  const remaining = new Map(orderLines.map((line) => [line.key, Math.max(1, line.quantity)]));
  const absorbed = new Set<string>();
  for (const { event, line } of pairs) {
    if (absorbed.has(event.key) || remaining.get(line.key)! === 0) continue;
    remaining.set(line.key, remaining.get(line.key)! - 1);
    absorbed.add(event.key);
  }
  return events.filter((event) => !absorbed.has(event.key));
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
