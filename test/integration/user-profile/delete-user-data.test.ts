import type { OrderDocument } from "../../../core/documents/order.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import type { UserDocument } from "../../../core/documents/user.document";
import { COLLECTIONS } from "../../../core/documents/collections";
import { openHarness, order, PRODUCTS, user, type Harness } from "./user-profile-fixtures";

const DELETE = `mutation Delete($userId: ID!) { deleteUserData(userId: $userId) { userId deleted collections { collection deleted } } }`;

describe("deleteUserData", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await openHarness(`test_user_profile_delete_${process.pid}`);
    await harness.db.collection<UserDocument>(COLLECTIONS.users).insertMany([user("u-gone"), user("u-stays")]);
    await harness.db
      .collection<OrderDocument>(COLLECTIONS.orders)
      .insertMany([
        order("o-gone", "u-gone", new Date("2024-03-01T00:00:00Z"), [["p-bread", 1]]),
        order("o-stays", "u-stays", new Date("2024-03-01T00:00:00Z"), [["p-bread", 1]]),
      ]);
    // per-user data of other subgraphs, keyed by userId or by _id
    await harness.db.collection("personalization_impressions").insertMany([
      { _id: "i1", userId: "u-gone" },
      { _id: "i2", userId: "u-stays" },
    ] as never[]);
    await harness.db.collection("user_embeddings").insertMany([
      { _id: "u-gone", vector: [1, 2] },
      { _id: "u-stays", vector: [3, 4] },
    ] as never[]);
    // shared documents that list the user among others (a campaign's targeted households)
    await harness.db
      .collection(COLLECTIONS.campaigns)
      .insertOne({ _id: "cmp:1", userIds: ["u-gone", "u-stays"] } as never);
    // a catalog document whose id happens to equal the user id is not the user's
    await harness.db.collection<ProductDocument>(COLLECTIONS.products).insertOne({ ...PRODUCTS[0]!, _id: "u-gone" });
  });
  afterAll(() => harness.close());

  it("removes every trace of the user from every collection and nothing else", async () => {
    const events = [
      { eventId: "g-1", userId: "u-gone", type: "PURCHASE", productId: "p-bread", timestamp: new Date().toISOString() },
      { eventId: "s-1", userId: "u-stays", type: "CLICK", productId: "p-bread", timestamp: new Date().toISOString() },
    ];
    await harness.run(`mutation($events: [EventInput!]!) { recordEvents(events: $events) { stored } }`, { events });
    await harness.run(
      `{ a: user(id: "u-gone") { attributes { purchaseLines } } b: user(id: "u-stays") { attributes { purchaseLines } } }`,
    );

    const collections = (await harness.db.listCollections().toArray()).map((collection) => collection.name);
    const countAll = async (userId: string): Promise<number> => {
      let total = 0;
      for (const name of collections)
        total += await harness.db
          .collection(name)
          .countDocuments(
            name === COLLECTIONS.products ? { userId } : ({ $or: [{ _id: userId }, { userId }] } as never),
          );
      return total;
    };
    expect(await countAll("u-gone")).toBeGreaterThanOrEqual(6);
    const staysBefore = await countAll("u-stays");

    const { data, errors } = await harness.run<{
      deleteUserData: { deleted: number; collections: { collection: string; deleted: number }[] };
    }>(DELETE, { userId: "u-gone" });
    expect(errors).toBeUndefined();
    expect(data!.deleteUserData.collections).toEqual([
      { collection: COLLECTIONS.campaigns, deleted: 1 },
      { collection: "events", deleted: 1 },
      { collection: "orders", deleted: 1 },
      { collection: "personalization_impressions", deleted: 1 },
      { collection: "user_attributes", deleted: 1 },
      { collection: "user_embeddings", deleted: 1 },
      { collection: "users", deleted: 1 },
    ]);

    // nothing left anywhere: scan every document of every collection for the id in any top-level field
    for (const name of collections) {
      const documents = await harness.db.collection(name).find({}).toArray();
      const traces = documents.filter(
        (document) =>
          name !== COLLECTIONS.products &&
          Object.values(document).some(
            (value) => value === "u-gone" || (Array.isArray(value) && value.includes("u-gone")),
          ),
      );
      expect({ name, traces }).toEqual({ name, traces: [] });
    }
    expect(await countAll("u-stays")).toBe(staysBefore);
    expect(await harness.db.collection(COLLECTIONS.campaigns).findOne({ _id: "cmp:1" } as never)).toEqual({
      _id: "cmp:1",
      userIds: ["u-stays"],
    });
    expect(
      await harness.db.collection<ProductDocument>(COLLECTIONS.products).countDocuments({ _id: "u-gone" } as never),
    ).toBe(1);

    const user = await harness.run<{ user: unknown }>(`{ user(id: "u-gone") { id } }`);
    expect(user.data!.user).toBeNull();
    const again = await harness.run<{ deleteUserData: { deleted: number } }>(DELETE, { userId: "u-gone" });
    expect(again.data!.deleteUserData.deleted).toBe(0);
  });

  it("rejects a malformed id", async () => {
    const { errors } = await harness.run(DELETE, { userId: "{$ne: 1}" });
    expect(errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});
