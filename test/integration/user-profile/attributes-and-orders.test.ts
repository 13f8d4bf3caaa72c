import type { OrderDocument } from "../../../core/documents/order.document";
import type { UserDocument } from "../../../core/documents/user.document";
import { COLLECTIONS } from "../../../core/documents/collections";
import { rebuildAllAttributes } from "../../../jobs/attributes/attributes.rebuild";
import {
  USER_ATTRIBUTES_COLLECTION,
  type UserAttributesDocument,
} from "../../../subgraphs/user-profile/attributes/user-attributes.document";
import { AttributesBuilder } from "../../../subgraphs/user-profile/attributes/attributes.builder";
import { OrdersRepository } from "../../../subgraphs/user-profile/orders.repository";
import { openHarness, order, user, type Harness } from "./user-profile-fixtures";

const PLACE = `mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { id merchantId total lines { product { id } quantity unitPrice discount } } }`;
const RECORD = `mutation Record($events: [EventInput!]!) { recordEvents(events: $events) { stored } }`;
const DAY = 86_400_000;

describe("orders, preferences and derived attributes", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await openHarness(`test_user_profile_attributes_${process.pid}`);
    await harness.db
      .collection<UserDocument>(COLLECTIONS.users)
      .insertMany([user("u-a", ["vegan"]), user("u-b"), user("u-many")]);
  });
  afterAll(() => harness.close());

  describe("placeOrder", () => {
    it("prices lines from the merchant's offers (discount against the list price) and returns the order", async () => {
      const { data, errors } = await harness.run<{ placeOrder: Record<string, unknown> }>(PLACE, {
        input: {
          orderId: "o-store-1",
          userId: "u-a",
          merchantId: "m-store",
          lines: [
            { productId: "p-milk-a", quantity: 2 },
            { productId: "p-bread", quantity: 1 },
          ],
        },
      });
      expect(errors).toBeUndefined();
      expect(data!.placeOrder).toEqual({
        id: "o-store-1",
        merchantId: "m-store",
        total: 6,
        lines: [
          { product: { id: "p-milk-a" }, quantity: 2, unitPrice: 1.5, discount: 0.5 },
          { product: { id: "p-bread" }, quantity: 1, unitPrice: 3, discount: 0 },
        ],
      });
    });

    it("replays an orderId without a second order", async () => {
      await harness.run(PLACE, {
        input: {
          orderId: "o-store-1",
          userId: "u-a",
          merchantId: "m-store",
          lines: [{ productId: "p-bread", quantity: 9 }],
        },
      });
      expect(await harness.db.collection<OrderDocument>(COLLECTIONS.orders).countDocuments({ _id: "o-store-1" })).toBe(
        1,
      );
      expect(
        await harness.db.collection<OrderDocument>(COLLECTIONS.orders).findOne({ _id: "o-store-1" }),
      ).toMatchObject({ total: 6 });
    });

    it.each([
      [
        "an unknown product",
        { userId: "u-a", lines: [{ productId: "p-nope", quantity: 1 }] },
        "BAD_USER_INPUT",
        "p-nope",
      ],
      [
        "a zero quantity",
        { userId: "u-a", lines: [{ productId: "p-bread", quantity: 0 }] },
        "BAD_USER_INPUT",
        "quantity",
      ],
      ["no lines", { userId: "u-a", lines: [] }, "BAD_USER_INPUT", "1–200"],
      [
        "a repeated product",
        {
          userId: "u-a",
          lines: [
            { productId: "p-bread", quantity: 1 },
            { productId: "p-bread", quantity: 2 },
          ],
        },
        "BAD_USER_INPUT",
        "more than one line",
      ],
      [
        "a product the merchant does not sell",
        { userId: "u-a", merchantId: "m-store", lines: [{ productId: "p-soap", quantity: 1 }] },
        "BAD_USER_INPUT",
        "not sold",
      ],
      [
        "an unavailable offer",
        { userId: "u-a", merchantId: "m-store", lines: [{ productId: "p-milk-b", quantity: 1 }] },
        "BAD_USER_INPUT",
        "not available",
      ],
      [
        "an unknown merchant",
        { userId: "u-a", merchantId: "m-nope", lines: [{ productId: "p-bread", quantity: 1 }] },
        "NOT_FOUND",
        "m-nope",
      ],
      ["an unknown user", { userId: "u-nope", lines: [{ productId: "p-bread", quantity: 1 }] }, "NOT_FOUND", "u-nope"],
      [
        "a malformed user id",
        { userId: "u nope", lines: [{ productId: "p-bread", quantity: 1 }] },
        "BAD_USER_INPUT",
        "not a valid id",
      ],
      [
        "a future date",
        {
          userId: "u-a",
          placedAt: new Date(Date.now() + DAY).toISOString(),
          lines: [{ productId: "p-bread", quantity: 1 }],
        },
        "BAD_USER_INPUT",
        "future",
      ],
    ])("rejects %s without writing", async (_case, input, code, message) => {
      const before = await harness.db.collection<OrderDocument>(COLLECTIONS.orders).countDocuments();
      const { errors } = await harness.run(PLACE, { input });
      expect(errors?.[0]?.extensions?.code).toBe(code);
      expect(errors?.[0]?.message).toContain(message);
      expect(await harness.db.collection<OrderDocument>(COLLECTIONS.orders).countDocuments()).toBe(before);
    });

    it("prices restaurant dishes from the dish when the restaurant has no offers", async () => {
      const { data } = await harness.run<{ placeOrder: { total: number } }>(PLACE, {
        input: {
          userId: "u-a",
          merchantId: "m-noodle",
          lines: [
            { productId: "p-ramen", quantity: 1 },
            { productId: "p-curry", quantity: 1 },
          ],
        },
      });
      expect(data!.placeOrder.total).toBe(22);
    });
  });

  describe("attributes", () => {
    const QUERY = `{ user(id: "u-a") { attributes {
      purchaseLines occasions
      items(first: 2) { product { id } purchaseCount units reorderIntervalDays nextReorderDueAt }
      verticals { vertical share } price { dealShare index } brands { brand share }
      dietary { explicit inferred { tag share lines confidence probability } } cuisines { cuisine share }
    } summary { text source updatedAt } } }`;

    it("are updated by placeOrder and keep explicit and inferred dietary apart", async () => {
      const { data, errors } = await harness.run<{
        user: { attributes: Record<string, unknown>; summary: { text: string; source: string } };
      }>(QUERY);
      expect(errors).toBeUndefined();
      const attributes = data!.user.attributes;
      expect(attributes).toMatchObject({ purchaseLines: 4, occasions: 2 });
      expect(attributes.dietary).toEqual({
        explicit: ["vegan"],
        // Probabilities from the prior 0.05 (log-odds −2.944) and the milk aisle, where 1 of 3 milks is
        // gluten-free, 1 of 3 vegan and all vegetarian: milk-a (gluten-free) + ln(0.9333 / 0.3333) → 0.1284;
        // not vegan + ln 0.1 → 0.0052 (the bread counts nothing: all bread is vegan); vegetarian says nothing.
        inferred: [
          { tag: "gluten-free", share: 0.25, lines: 1, confidence: 0.2857, probability: 0.1284 },
          { tag: "vegan", share: 0.25, lines: 1, confidence: 0.2857, probability: 0.0052 },
          { tag: "vegetarian", share: 0.25, lines: 1, confidence: 0.2857, probability: 0.05 },
        ],
      });
      expect(attributes.cuisines).toEqual([
        { cuisine: "japanese", share: 0.75 },
        { cuisine: "indian", share: 0.25 },
      ]);
      expect(attributes.price).toEqual({ dealShare: 0.25, index: expect.any(Number) });
      expect(data!.user.summary).toMatchObject({ source: "OFFLINE" });
      expect(data!.user.summary.text).toContain("States a vegan diet.");
    });

    it("cap the items page and reject oversized ones", async () => {
      const { errors } = await harness.run(`{ user(id: "u-a") { attributes { items(first: 101) { units } } } }`);
      expect(errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    });

    it("rebuild job gives identical documents to the incremental path", async () => {
      // u-b: history through mutations only (incremental): orders on three days and PURCHASE events
      const base = Date.now() - 30 * DAY;
      for (let index = 0; index < 3; index++) {
        await harness.run(PLACE, {
          input: {
            userId: "u-b",
            placedAt: new Date(base + index * 7 * DAY).toISOString(),
            lines: [
              { productId: "p-milk-a", quantity: 1 + index },
              { productId: "p-milk-b", quantity: 1 },
            ],
          },
        });
      }
      await harness.run(RECORD, {
        events: [
          {
            eventId: "b-1",
            userId: "u-b",
            type: "PURCHASE",
            productId: "p-soap",
            timestamp: new Date(base + 22 * DAY).toISOString(),
          },
          {
            eventId: "b-2",
            userId: "u-b",
            type: "PURCHASE",
            productId: "p-ramen",
            timestamp: new Date(base + 23 * DAY).toISOString(),
          },
        ],
      });
      const collection = harness.db.collection<UserAttributesDocument>(USER_ATTRIBUTES_COLLECTION);
      const strip = ({ computedAt: _computedAt, ...rest }: UserAttributesDocument) => rest;
      const incremental = (await collection.find({}).sort({ _id: 1 }).toArray()).map(strip);
      expect(incremental.find((document) => document._id === "u-b")).toMatchObject({ purchaseLines: 8, occasions: 5 });

      // A leftover of a shopper who no longer exists: the rebuild replaces the collection wholesale.
      await collection.insertOne({ ...(await collection.findOne({ _id: "u-b" }))!, _id: "u-gone" });
      const summary = await rebuildAllAttributes(harness.db, { batchSize: 2, productCacheSize: 10, usersPerShard: 3 });
      expect(summary.users).toBe(await harness.db.collection<UserDocument>(COLLECTIONS.users).countDocuments());
      const rebuilt = (
        await collection
          .find({ _id: { $in: incremental.map((document) => document._id) } })
          .sort({ _id: 1 })
          .toArray()
      ).map(strip);
      expect(rebuilt).toEqual(incremental);
      expect(await collection.findOne({ _id: "u-gone" })).toBeNull();
      expect(
        (await harness.db.listCollections({}, { nameOnly: true }).toArray()).filter((c) =>
          c.name.startsWith(`${USER_ATTRIBUTES_COLLECTION}_next`),
        ),
      ).toEqual([]);
    });
  });

  describe("orders pagination", () => {
    it("pages a user with many orders newest first without gaps or repeats", async () => {
      const start = Date.parse("2020-01-01T00:00:00Z");
      // 250 orders, with pairs sharing a timestamp to exercise the id tie-break
      const orders = Array.from({ length: 250 }, (_, index) =>
        order(`o-many-${String(index).padStart(3, "0")}`, "u-many", new Date(start + Math.floor(index / 2) * DAY), [
          ["p-bread", 1],
        ]),
      );
      await new OrdersRepository(harness.db).upsertMany(orders);
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const response: {
          data?: {
            user: {
              orders: {
                totalCount: number;
                edges: { node: { id: string } }[];
                pageInfo: { hasNextPage: boolean; endCursor: string | null };
              };
            };
          };
        } = await harness.run(
          `query Page($after: String) { user(id: "u-many") { orders(first: 100, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } } }`,
          { after },
        );
        const connection = response.data!.user.orders;
        expect(connection.totalCount).toBe(250);
        seen.push(...connection.edges.map((edge) => edge.node.id));
        pages += 1;
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(orders.map((o) => o._id).reverse());
      const { errors } = await harness.run(`{ user(id: "u-many") { orders(first: 101) { totalCount } } }`);
      expect(errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    });

    it("computes attributes of the user with many orders from the full history", async () => {
      // orders imported straight into the collection bypass the incremental path; the job (here: the builder) picks them up
      await new AttributesBuilder(harness.db).rebuildUsers(["u-many"]);
      const { data } = await harness.run<{
        user: { attributes: { purchaseLines: number; items: { reorderIntervalDays: number }[] } };
      }>(`{ user(id: "u-many") { attributes { purchaseLines items { reorderIntervalDays } } } }`);
      expect(data!.user.attributes.purchaseLines).toBe(250);
      expect(data!.user.attributes.items).toEqual([{ reorderIntervalDays: 1 }]);
    });
  });

  describe("updatePreferences", () => {
    const UPDATE = `mutation Update($userId: ID!, $input: PreferencesInput!) { updatePreferences(userId: $userId, input: $input) { preferences { dietary excludedBrands excludedCategoryIds } } }`;

    it("replaces the given lists and keeps the others", async () => {
      const { data, errors } = await harness.run<{ updatePreferences: { preferences: Record<string, string[]> } }>(
        UPDATE,
        { userId: "u-b", input: { dietary: ["Gluten-Free", "vegan", "vegan"], excludedCategoryIds: ["bread"] } },
      );
      expect(errors).toBeUndefined();
      expect(data!.updatePreferences.preferences).toEqual({
        dietary: ["gluten-free", "vegan"],
        excludedBrands: [],
        excludedCategoryIds: ["bread"],
      });
      await harness.run(UPDATE, { userId: "u-b", input: { excludedBrands: ["Bolt"] } });
      expect(await harness.db.collection<UserDocument>(COLLECTIONS.users).findOne({ _id: "u-b" })).toMatchObject({
        preferences: { dietary: ["gluten-free", "vegan"], excludedBrands: ["Bolt"], excludedCategoryIds: ["bread"] },
      });
    });

    it.each([
      ["an unknown dietary tag", { dietary: ["paleo"] }, "BAD_USER_INPUT"],
      ["an unknown category", { excludedCategoryIds: ["nope"] }, "BAD_USER_INPUT"],
      ["an empty brand", { excludedBrands: [" "] }, "BAD_USER_INPUT"],
    ])("rejects %s and changes nothing", async (_case, input, code) => {
      const before = await harness.db.collection<UserDocument>(COLLECTIONS.users).findOne({ _id: "u-b" });
      const { errors } = await harness.run(UPDATE, { userId: "u-b", input });
      expect(errors?.[0]?.extensions?.code).toBe(code);
      expect(await harness.db.collection<UserDocument>(COLLECTIONS.users).findOne({ _id: "u-b" })).toEqual(before);
    });

    it("answers NOT_FOUND for an unknown user", async () => {
      const { errors } = await harness.run(UPDATE, { userId: "u-nope", input: { dietary: [] } });
      expect(errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    });
  });
});
