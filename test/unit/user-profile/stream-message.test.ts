import { loadConfig } from "../../../core/config";
import {
  decodeMessage,
  encodeMessage,
  partitionOf,
  type StreamMessage,
} from "../../../subgraphs/user-profile/event-stream/stream-message";

describe("event-stream messages", () => {
  const events: StreamMessage = {
    kind: "events",
    userId: "u-1",
    acceptedAt: new Date("2026-11-01T10:00:00Z"),
    events: [
      {
        _id: "u-1|e-1",
        eventId: "e-1",
        userId: "u-1",
        type: "PURCHASE",
        productId: "p-1",
        timestamp: new Date("2026-11-01T09:59:00Z"),
      },
    ],
  };
  const order: StreamMessage = {
    kind: "order",
    userId: "u-1",
    acceptedAt: new Date("2026-11-01T10:00:00Z"),
    order: {
      _id: "o-1",
      userId: "u-1",
      placedAt: new Date("2026-11-01T10:00:00Z"),
      lines: [{ productId: "p-1", quantity: 2, unitPrice: 1.5, discount: 0 }],
      total: 3,
      source: "api",
    },
  };

  test("round-trip through the stream's JSON with dates revived", () => {
    expect(decodeMessage(encodeMessage(events))).toEqual(events);
    expect(decodeMessage(encodeMessage(order))).toEqual(order);
    expect((decodeMessage(encodeMessage(order)) as { order: { placedAt: unknown } }).order.placedAt).toBeInstanceOf(
      Date,
    );
  });

  test("anything the producer would not write is refused, not applied", () => {
    expect(() => decodeMessage("not json")).toThrow();
    expect(() => decodeMessage(JSON.stringify({ ...events, kind: "refund" }))).toThrow(/unknown message kind/);
    expect(() =>
      decodeMessage(JSON.stringify({ ...events, events: [{ ...events.events[0], userId: "u-2" }] })),
    ).toThrow(/another shopper/);
    expect(() =>
      decodeMessage(JSON.stringify({ ...events, events: [{ ...events.events[0], timestamp: "soon" }] })),
    ).toThrow(/not a date/);
    expect(() => decodeMessage(JSON.stringify({ ...order, order: { ...order.order, userId: "u-2" } }))).toThrow();
  });

  test("a shopper always maps to the same partition, and shoppers spread over all of them", () => {
    expect(partitionOf("u-1", 16)).toBe(partitionOf("u-1", 16));
    const counts = new Array<number>(16).fill(0);
    for (let index = 0; index < 16_000; index += 1) counts[partitionOf(`u:sim:${index}`, 16)]! += 1;
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(Math.max(...counts)).toBeLessThan(1200);
  });

  test("EVENT_STREAM=redis needs Redis", () => {
    expect(loadConfig({}).EVENT_STREAM).toBe("inline");
    expect(() => loadConfig({ EVENT_STREAM: "redis", REDIS_URL: "off" })).toThrow(
      /EVENT_STREAM: EVENT_STREAM=redis needs REDIS_URL/,
    );
    expect(() => loadConfig({ EVENT_STREAM: "nats" })).toThrow(/EVENT_STREAM/);
  });
});
