import type { UserDocument } from "../../../core/documents/user.document";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { EventDocument } from "../../../core/documents/event.document";
import { AttributesBuilder } from "../../../subgraphs/user-profile/attributes/attributes.builder";
import { readPurchaseHistories } from "../../../subgraphs/user-profile/attributes/purchase-history.reader";
import {
  USER_ATTRIBUTES_COLLECTION,
  type UserAttributesDocument,
} from "../../../subgraphs/user-profile/attributes/user-attributes.document";
import { ERASED_SHOPPERS_COLLECTION } from "../../../subgraphs/user-profile/erased-shoppers";
import { ShopperLocks, SHOPPER_LOCKS_COLLECTION } from "../../../subgraphs/user-profile/shopper-locks";
import { rebuildAllAttributes } from "../../../jobs/attributes/attributes.rebuild";
import { openHarness, user, type Harness } from "./user-profile-fixtures";

const PLACE = `mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`;
const RECORD = `mutation Record($events: [EventInput!]!) { recordEvents(events: $events) { stored duplicates rejected usersCreated results { eventId status rejection } } }`;
const DELETE = `mutation Delete($userId: ID!) { deleteUserData(userId: $userId) { deleted } }`;
const DAY = 86_400_000;
const PRODUCT_IDS = ["p-milk-a", "p-milk-b", "p-milk-c", "p-bread", "p-ramen", "p-curry", "p-soap"];

interface RecordResult {
  recordEvents: {
    stored: number;
    duplicates: number;
    rejected: number;
    usersCreated: string[];
    results: { eventId: string; status: string; rejection: string | null }[];
  };
}

const strip = ({
  computedAt: _computedAt,
  ...rest
}: UserAttributesDocument): Omit<UserAttributesDocument, "computedAt"> => rest;

describe("consistent writes for one shopper", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await openHarness(`test_user_profile_consistent_${process.pid}`);
    await harness.db
      .collection<UserDocument>(COLLECTIONS.users)
      .insertMany([user("u-race"), user("u-side"), user("u-erase"), user("u-erase-race"), user("u-keep")]);
  });
  afterAll(() => harness.close());

  it("40 concurrent writes (20 placeOrder, 20 PURCHASE events) leave the attributes a full rebuild computes", async () => {
    const base = Date.now() - 90 * DAY;
    const writes: Promise<{ errors?: unknown }>[] = [];
    for (let index = 0; index < 20; index++) {
      // Orders on even days, events on odd days three weeks later: no event mirrors an order line.
      const lines = [
        { productId: PRODUCT_IDS[index % PRODUCT_IDS.length]!, quantity: 1 + (index % 3) },
        { productId: PRODUCT_IDS[(index + 3) % PRODUCT_IDS.length]!, quantity: 2 },
      ];
      writes.push(
        harness.run(PLACE, {
          input: { userId: "u-race", placedAt: new Date(base + 2 * index * DAY).toISOString(), lines },
        }),
      );
      const events = [
        {
          eventId: `race-${index}`,
          userId: "u-race",
          type: "PURCHASE",
          productId: PRODUCT_IDS[(index + 1) % PRODUCT_IDS.length],
          timestamp: new Date(base + (50 + 2 * index + 1) * DAY).toISOString(),
        },
      ];
      // Half of the event calls also write another shopper: those rebuild both under both leases (the batch path).
      if (index % 2 === 0)
        events.push({
          eventId: `side-${index}`,
          userId: "u-side",
          type: "PURCHASE",
          productId: "p-bread",
          timestamp: new Date(base + index * DAY).toISOString(),
        });
      writes.push(harness.run(RECORD, { events }));
    }
    const answers = await Promise.all(writes);
    expect(answers.filter((answer) => answer.errors)).toEqual([]);

    const stored = await harness.db
      .collection<UserAttributesDocument>(USER_ATTRIBUTES_COLLECTION)
      .findOne({ _id: "u-race" });
    const [full] = await new AttributesBuilder(harness.db).computeFromHistories(
      await readPurchaseHistories(harness.db, ["u-race"]),
      stored!.computedAt,
    );
    expect(stored!.purchaseLines).toBe(20 * 2 + 20);
    expect(stored!.units).toBe(full!.units);
    expect(strip(stored!)).toEqual(strip(full!));
    const side = await harness.db
      .collection<UserAttributesDocument>(USER_ATTRIBUTES_COLLECTION)
      .findOne({ _id: "u-side" });
    expect(side!.purchaseLines).toBe(10);
    expect(await harness.db.collection(SHOPPER_LOCKS_COLLECTION).countDocuments()).toBe(0);
  });

  it("an order placed while the rebuild job runs is not undone by the job's swap", async () => {
    await harness.run(PLACE, { input: { userId: "u-side", lines: [{ productId: "p-milk-a", quantity: 1 }] } });
    const before = (await harness.db
      .collection<UserAttributesDocument>(USER_ATTRIBUTES_COLLECTION)
      .findOne({ _id: "u-side" }))!.purchaseLines;
    let placed = false;
    await rebuildAllAttributes(harness.db, {
      batchSize: 1,
      productCacheSize: 10,
      // After the job read every history: the order reaches the serving path, which stores attributes with it.
      onUsers: (event) => {
        if (placed || !("done" in event)) return;
        placed = true;
        void harness.run(PLACE, {
          input: {
            userId: "u-side",
            lines: [
              { productId: "p-bread", quantity: 2 },
              { productId: "p-soap", quantity: 1 },
            ],
          },
        });
      },
    });
    // The placement may still be finishing: wait for its lease to be released.
    for (
      let waited = 0;
      (await harness.db.collection(SHOPPER_LOCKS_COLLECTION).countDocuments()) > 0 && waited < 100;
      waited++
    )
      await new Promise((resolve) => setTimeout(resolve, 50));
    const stored = await harness.db
      .collection<UserAttributesDocument>(USER_ATTRIBUTES_COLLECTION)
      .findOne({ _id: "u-side" });
    expect(stored!.purchaseLines).toBe(before + 2);
  });

  it("event ids are unique per shopper: another shopper's event with the same id is stored for them, a repeat for the same shopper is a duplicate", async () => {
    const at = new Date(Date.now() - DAY).toISOString();
    const first = await harness.run<RecordResult>(RECORD, {
      events: [{ eventId: "shared-1", userId: "u-keep", type: "PURCHASE", productId: "p-soap", timestamp: at }],
    });
    expect(first.data!.recordEvents.stored).toBe(1);
    const other = await harness.run<RecordResult>(RECORD, {
      events: [{ eventId: "shared-1", userId: "u-newcomer", type: "PURCHASE", productId: "p-bread", timestamp: at }],
    });
    expect(other.errors).toBeUndefined();
    expect(other.data!.recordEvents).toMatchObject({ stored: 1, duplicates: 0, usersCreated: ["u-newcomer"] });
    const repeat = await harness.run<RecordResult>(RECORD, {
      events: [{ eventId: "shared-1", userId: "u-keep", type: "PURCHASE", productId: "p-soap", timestamp: at }],
    });
    expect(repeat.data!.recordEvents).toMatchObject({ stored: 0, duplicates: 1 });

    const events = await harness.db
      .collection<EventDocument>(COLLECTIONS.events)
      .find({ eventId: "shared-1" })
      .toArray();
    expect(events.map((event) => [event.userId, event.productId]).sort()).toEqual([
      ["u-keep", "p-soap"],
      ["u-newcomer", "p-bread"],
    ]);
    const attributes = await harness.run<{ user: { attributes: { purchaseLines: number } } }>(
      `{ user(id: "u-newcomer") { attributes { purchaseLines } } }`,
    );
    expect(attributes.data!.user.attributes.purchaseLines).toBe(1);
  });

  it("an erased shopper's id is tombstoned: later events, orders and preference changes are refused with USER_ERASED and nothing is recreated", async () => {
    const at = new Date(Date.now() - DAY).toISOString();
    await harness.run(PLACE, { input: { userId: "u-erase", lines: [{ productId: "p-bread", quantity: 1 }] } });
    expect((await harness.run(DELETE, { userId: "u-erase" })).errors).toBeUndefined();

    const events = await harness.run<RecordResult>(RECORD, {
      events: [
        { eventId: "after-1", userId: "u-erase", type: "PURCHASE", productId: "p-bread", timestamp: at },
        { eventId: "after-2", userId: "u-erase", type: "CLICK", productId: "p-bread", timestamp: at },
        { eventId: "after-3", userId: "u-keep", type: "CLICK", productId: "p-bread", timestamp: at },
      ],
    });
    expect(events.errors).toBeUndefined();
    expect(events.data!.recordEvents).toMatchObject({ stored: 1, rejected: 2, usersCreated: [] });
    expect(
      events.data!.recordEvents.results.map((result) => [result.eventId, result.status, result.rejection]),
    ).toEqual([
      ["after-1", "REJECTED", "USER_ERASED"],
      ["after-2", "REJECTED", "USER_ERASED"],
      ["after-3", "STORED", null],
    ]);
    const order = await harness.run(PLACE, {
      input: { userId: "u-erase", lines: [{ productId: "p-bread", quantity: 1 }] },
    });
    expect(order.errors?.[0]?.extensions?.code).toBe("USER_ERASED");
    const preferences = await harness.run(
      `mutation { updatePreferences(userId: "u-erase", input: { dietary: [] }) { id } }`,
    );
    expect(preferences.errors?.[0]?.extensions?.code).toBe("USER_ERASED");

    for (const name of [COLLECTIONS.users, COLLECTIONS.events, COLLECTIONS.orders, USER_ATTRIBUTES_COLLECTION]) {
      expect({
        name,
        count: await harness.db
          .collection(name)
          .countDocuments({ $or: [{ _id: "u-erase" }, { userId: "u-erase" }] } as never),
      }).toEqual({ name, count: 0 });
    }
    // The tombstone keeps a hash, not the id.
    const tombstones = await harness.db.collection(ERASED_SHOPPERS_COLLECTION).find({}).toArray();
    expect(tombstones.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(tombstones)).not.toContain("u-erase");
  });

  it("writes racing an erasure leave no trace of the shopper", async () => {
    const at = Date.now() - 10 * DAY;
    const writes = Array.from({ length: 8 }, (_, index) =>
      index % 2 === 0
        ? harness.run(RECORD, {
            events: [
              {
                eventId: `late-${index}`,
                userId: "u-erase-race",
                type: "PURCHASE",
                productId: "p-soap",
                timestamp: new Date(at + index * 1000).toISOString(),
              },
            ],
          })
        : harness.run(PLACE, {
            input: {
              userId: "u-erase-race",
              placedAt: new Date(at + index * 1000).toISOString(),
              lines: [{ productId: "p-milk-a", quantity: 1 }],
            },
          }),
    );
    const erasure = harness.run(DELETE, { userId: "u-erase-race" });
    const answers = await Promise.all([...writes, erasure]);
    for (const answer of answers)
      for (const error of answer.errors ?? []) expect(["USER_ERASED", "NOT_FOUND"]).toContain(error.extensions?.code);
    for (const name of (await harness.db.listCollections().toArray()).map((collection) => collection.name)) {
      expect({
        name,
        count: await harness.db
          .collection(name)
          .countDocuments({ $or: [{ _id: "u-erase-race" }, { userId: "u-erase-race" }] } as never),
      }).toEqual({ name, count: 0 });
    }
  });

  it("a shopper's lease excludes other holders across instances and is taken over once it expires", async () => {
    // Two instances stand for two processes: nothing is shared but the database.
    const a = new ShopperLocks(harness.db);
    const b = new ShopperLocks(harness.db);
    const counter = harness.db.collection<{ _id: string; value: number }>("test_lock_counter");
    await counter.insertOne({ _id: "c", value: 0 });
    // A read-then-write increment, unsafe on its own: under the lease none is lost.
    const increment = (locks: ShopperLocks) =>
      locks.withLocks(["u-lock"], async () => {
        const current = await counter.findOne({ _id: "c" });
        await counter.replaceOne({ _id: "c" }, { value: current!.value + 1 });
      });
    await Promise.all(Array.from({ length: 20 }, (_, index) => increment(index % 2 === 0 ? a : b)));
    expect((await counter.findOne({ _id: "c" }))!.value).toBe(20);

    // A holder that died: its lease expired, so the next caller takes over instead of waiting.
    await harness.db.collection(SHOPPER_LOCKS_COLLECTION).insertOne({
      _id: "u-dead",
      owner: "dead",
      acquiredAt: new Date(Date.now() - 60_000),
      expiresAt: new Date(Date.now() - 30_000),
    } as never);
    await expect(a.withLocks(["u-dead"], async () => "ran")).resolves.toBe("ran");
    // A live holder past the caller's wait: UNAVAILABLE, never a silent overlap.
    const short = new ShopperLocks(harness.db, { waitMs: 200 });
    await harness.db.collection(SHOPPER_LOCKS_COLLECTION).insertOne({
      _id: "u-busy",
      owner: "other",
      acquiredAt: new Date(),
      expiresAt: new Date(Date.now() + 60_000),
    } as never);
    await expect(short.withLocks(["u-busy"], async () => "ran")).rejects.toMatchObject({
      extensions: { code: "UNAVAILABLE" },
    });
  });
});
