import type { PurchaseRecord } from "../../../subgraphs/user-profile/attributes/attributes.calculator";
import { eventsNotInOrders } from "../../../subgraphs/user-profile/attributes/mirrored-purchase-events";

const HOUR = 3_600_000;
const t0 = Date.parse("2024-03-01T12:00:00Z");

function orderLine(key: string, productId: string, hours: number, quantity = 1): PurchaseRecord {
  return {
    key,
    occasionId: `order:${key.split("#")[0]}`,
    productId,
    quantity,
    unitPrice: 2,
    discount: 0.5,
    at: new Date(t0 + hours * HOUR),
  };
}

function event(id: string, productId: string, hours: number): PurchaseRecord {
  const at = new Date(t0 + hours * HOUR);
  return {
    key: `event:${id}`,
    occasionId: `day:${at.toISOString().slice(0, 10)}`,
    productId,
    quantity: 1,
    unitPrice: null,
    discount: 0,
    at,
  };
}

describe("eventsNotInOrders", () => {
  it("drops a PURCHASE event that repeats an order line (same product, within a day)", () => {
    const lines = [orderLine("o1#0", "milk", 0), orderLine("o1#1", "bread", 0)];
    const events = [event("e1", "milk", 0), event("e2", "bread", 0.1), event("e3", "soap", 0)];
    expect(eventsNotInOrders(lines, events).map((record) => record.key)).toEqual(["event:e3"]);
  });

  it("keeps events of the product outside the window and beyond the line's quantity", () => {
    const lines = [orderLine("o1#0", "milk", 0, 2)];
    const events = [event("late", "milk", 30), event("a", "milk", 1), event("b", "milk", 2), event("c", "milk", 3)];
    // the line of 2 units absorbs the two nearest events; the third and the one 30 h later stay
    expect(
      eventsNotInOrders(lines, events)
        .map((record) => record.key)
        .sort(),
    ).toEqual(["event:c", "event:late"]);
  });

  it("absorbs each event by the nearest order line, whatever the input order", () => {
    const lines = [orderLine("o1#0", "milk", 0), orderLine("o2#0", "milk", 20)];
    const events = [event("near-o2", "milk", 19), event("near-o1", "milk", -1), event("extra", "milk", 10)];
    const kept = eventsNotInOrders(lines, events).map((record) => record.key);
    expect(kept).toEqual(["event:extra"]);
    expect(eventsNotInOrders([...lines].reverse(), [...events].reverse()).map((record) => record.key)).toEqual(kept);
  });

  it("returns every event when there are no orders", () => {
    const events = [event("e1", "milk", 0)];
    expect(eventsNotInOrders([], events)).toEqual(events);
  });
});
