import type { EventDocument } from "../../../core/documents/event.document";
import type { UserDocument } from "../../../core/documents/user.document";
import { COLLECTIONS } from "../../../core/documents/collections";
import { openHarness, user, type Harness } from "./user-profile-fixtures";

const RECORD = `mutation Record($events: [EventInput!]!) {
  recordEvents(events: $events) { stored duplicates rejected usersCreated attributesUpdated results { index eventId status rejection reason } }
}`;

interface RecordResult {
  recordEvents: {
    stored: number;
    duplicates: number;
    rejected: number;
    usersCreated: string[];
    attributesUpdated: string[];
    results: { index: number; eventId: string; status: string; rejection: string | null; reason: string | null }[];
  };
}

const now = Date.now();
const ts = (offsetMs = -60_000): string => new Date(now + offsetMs).toISOString();

function event(eventId: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId,
    userId: "u-events",
    type: "CLICK",
    productId: "p-milk-a",
    surface: "HOME",
    sessionId: "s1",
    timestamp: ts(),
    ...fields,
  };
}

describe("recordEvents", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await openHarness(`test_user_profile_events_${process.pid}`);
    await harness.db.collection<UserDocument>(COLLECTIONS.users).insertOne(user("u-events"));
  });
  afterAll(() => harness.close());

  it("stores valid events and rejects each bad one with a reason, writing only the stored ones", async () => {
    const events = [
      event("e-ok-click"),
      event("e-ok-search", { type: "SEARCH", productId: null, query: "  oat milk " }),
      event("e-unknown-product", { productId: "p-nope" }),
      event("e-future", { timestamp: ts(10 * 60_000) }),
      event("bad id!"),
      event("e-bad-user", { userId: "u/1" }),
      event("e-bad-product-id", { productId: "p milk" }),
      event("e-no-product", { type: "ADD_TO_CART", productId: null }),
      event("e-purchase-no-product", { type: "PURCHASE", productId: null }),
      event("e-no-query", { type: "SEARCH", productId: null, query: "   " }),
      event("e-long-query", { type: "SEARCH", productId: null, query: "x".repeat(501) }),
      event("e-ancient", { timestamp: "1999-12-31T23:59:59Z" }),
    ];
    const { data, errors } = await harness.run<RecordResult>(RECORD, { events });
    expect(errors).toBeUndefined();
    const result = data!.recordEvents;
    expect(result).toMatchObject({ stored: 2, duplicates: 0, rejected: 10 });
    expect(result.results.map((r) => [r.eventId, r.status, r.rejection])).toEqual([
      ["e-ok-click", "STORED", null],
      ["e-ok-search", "STORED", null],
      ["e-unknown-product", "REJECTED", "UNKNOWN_PRODUCT"],
      ["e-future", "REJECTED", "FUTURE_TIMESTAMP"],
      ["bad id!", "REJECTED", "MALFORMED_ID"],
      ["e-bad-user", "REJECTED", "MALFORMED_ID"],
      ["e-bad-product-id", "REJECTED", "MALFORMED_ID"],
      ["e-no-product", "REJECTED", "MISSING_PRODUCT"],
      ["e-purchase-no-product", "REJECTED", "MISSING_PRODUCT"],
      ["e-no-query", "REJECTED", "MISSING_QUERY"],
      ["e-long-query", "REJECTED", "INVALID_QUERY"],
      ["e-ancient", "REJECTED", "INVALID_TIMESTAMP"],
    ]);
    expect(result.results[2]!.reason).toContain("p-nope");
    expect(result.results.map((r) => r.index)).toEqual(events.map((_, index) => index));
    const stored = await harness.db.collection<EventDocument>(COLLECTIONS.events).find({}).sort({ _id: 1 }).toArray();
    expect(stored.map((document) => [document._id, document.eventId])).toEqual([
      ["u-events|e-ok-click", "e-ok-click"],
      ["u-events|e-ok-search", "e-ok-search"],
    ]);
    expect(stored[1]).toMatchObject({ type: "SEARCH", query: "oat milk", surface: "HOME", sessionId: "s1" });
    expect(stored[1]!.timestamp).toBeInstanceOf(Date);
  });

  it("never double counts a replayed eventId, across calls and within one call", async () => {
    const batch = [event("e-replay-1", { type: "PURCHASE" }), event("e-replay-2", { type: "IMPRESSION" })];
    const first = await harness.run<RecordResult>(RECORD, { events: batch });
    expect(first.data!.recordEvents).toMatchObject({ stored: 2, duplicates: 0, attributesUpdated: ["u-events"] });
    const replay = await harness.run<RecordResult>(RECORD, {
      events: [...batch, event("e-replay-3"), event("e-replay-3", { type: "IMPRESSION" })],
    });
    expect(replay.data!.recordEvents.results.map((r) => r.status)).toEqual([
      "DUPLICATE",
      "DUPLICATE",
      "STORED",
      "DUPLICATE",
    ]);
    expect(replay.data!.recordEvents).toMatchObject({ stored: 1, duplicates: 3, rejected: 0, attributesUpdated: [] });
    expect(
      await harness.db
        .collection<EventDocument>(COLLECTIONS.events)
        .countDocuments({ userId: "u-events", eventId: { $in: ["e-replay-1", "e-replay-2", "e-replay-3"] } }),
    ).toBe(3);
    // the first write wins: the replayed IMPRESSION did not overwrite the CLICK
    expect(
      await harness.db.collection<EventDocument>(COLLECTIONS.events).findOne({ _id: "u-events|e-replay-3" }),
    ).toMatchObject({ type: "CLICK" });
    const attributes = await harness.run<{ user: { attributes: { purchaseLines: number } } }>(
      `{ user(id: "u-events") { attributes { purchaseLines } } }`,
    );
    expect(attributes.data!.user.attributes.purchaseLines).toBe(1);
  });

  it("rejects 1,001 events as a whole with BAD_USER_INPUT and writes nothing", async () => {
    const before = await harness.db.collection<EventDocument>(COLLECTIONS.events).countDocuments();
    const events = Array.from({ length: 1001 }, (_, index) => event(`e-big-${index}`));
    const { data, errors } = await harness.run(RECORD, { events });
    expect(data).toBeNull();
    expect(errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(errors?.[0]?.message).toContain("at most 1000");
    expect(await harness.db.collection<EventDocument>(COLLECTIONS.events).countDocuments()).toBe(before);
  });

  it("accepts exactly 1,000 events", async () => {
    const events = Array.from({ length: 1000 }, (_, index) => event(`e-full-${index}`, { type: "IMPRESSION" }));
    const { data } = await harness.run<RecordResult>(RECORD, { events });
    expect(data!.recordEvents.stored).toBe(1000);
  });

  it("creates a lightweight profile for an unknown user, once", async () => {
    const first = await harness.run<RecordResult>(RECORD, {
      events: [event("e-new-1", { userId: "u-new" }), event("e-new-2", { userId: "u-new" })],
    });
    expect(first.data!.recordEvents.usersCreated).toEqual(["u-new"]);
    const second = await harness.run<RecordResult>(RECORD, { events: [event("e-new-3", { userId: "u-new" })] });
    expect(second.data!.recordEvents.usersCreated).toEqual([]);
    expect(await harness.db.collection<UserDocument>(COLLECTIONS.users).findOne({ _id: "u-new" })).toMatchObject({
      source: "events",
      preferences: { dietary: [] },
    });
  });

  it("does not create a profile when every event of the user is rejected", async () => {
    const { data } = await harness.run<RecordResult>(RECORD, {
      events: [event("e-ghost", { userId: "u-ghost", productId: "p-nope" })],
    });
    expect(data!.recordEvents.usersCreated).toEqual([]);
    expect(await harness.db.collection<UserDocument>(COLLECTIONS.users).countDocuments({ _id: "u-ghost" })).toBe(0);
  });

  it("changes User.attributes at once when PURCHASE events arrive", async () => {
    await harness.db.collection<UserDocument>(COLLECTIONS.users).insertOne(user("u-buyer"));
    const query = `{ user(id: "u-buyer") { attributes { purchaseLines items { product { id } purchaseCount } } summary { text source } } }`;
    const before = await harness.run<{ user: { attributes: { purchaseLines: number } } }>(query);
    expect(before.data!.user.attributes.purchaseLines).toBe(0);
    await harness.run(RECORD, {
      events: [event("e-buy-1", { userId: "u-buyer", type: "PURCHASE", productId: "p-bread" })],
    });
    const after = await harness.run<{
      user: {
        attributes: { purchaseLines: number; items: { product: { id: string }; purchaseCount: number }[] };
        summary: { text: string; source: string };
      };
    }>(query);
    expect(after.data!.user.attributes).toEqual({
      purchaseLines: 1,
      items: [{ product: { id: "p-bread" }, purchaseCount: 1 }],
    });
    expect(after.data!.user.summary.source).toBe("OFFLINE");
    expect(after.data!.user.summary.text).toContain("1 purchase lines");
  });

  it("rejects a malformed timestamp at the GraphQL layer with BAD_USER_INPUT", async () => {
    const { errors } = await harness.run(RECORD, { events: [event("e-bad-ts", { timestamp: "yesterday" })] });
    expect(errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await harness.db.collection<EventDocument>(COLLECTIONS.events).countDocuments({ eventId: "e-bad-ts" })).toBe(
      0,
    );
  });
});
