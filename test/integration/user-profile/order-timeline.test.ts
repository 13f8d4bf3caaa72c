import { MongoClient, type CommandStartedEvent, type Db } from "mongodb";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { OrderDocument } from "../../../core/documents/order.document";
import { noteOrdersReplaced, noteOrdersWritten } from "../../../core/documents/order-timeline";
import { OrdersRepository } from "../../../subgraphs/user-profile/orders.repository";
import type { UserDocument } from "../../../core/documents/user.document";
import { order, user } from "./user-profile-fixtures";

let client: MongoClient;
let db: Db;
/** Finds on `orders` that filter by something other than `_id` (a scan of the collection on FerretDB). */
const scans: CommandStartedEvent[] = [];

const DAY = 86_400_000;
const at = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * DAY);

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!, { monitorCommands: true });
  client.on("commandStarted", (event) => {
    if (event.commandName !== "find" || event.command.find !== COLLECTIONS.orders) return;
    const filter = (event.command.filter ?? {}) as Record<string, unknown>;
    if (Object.keys(filter).some((key) => key !== "_id")) scans.push(event);
  });
  db = client.db(`test_order_timeline_${process.pid}`);
  await db.dropDatabase();
  await db.collection<UserDocument>(COLLECTIONS.users).insertMany([user("u1"), user("u2")]);
  // As the seed writes them: in bulk, then one note for the whole collection.
  await db
    .collection<OrderDocument>(COLLECTIONS.orders)
    .insertMany([
      order("o1", "u1", at(1), [["p-milk-a", 1]]),
      order("o2", "u1", at(2), [["p-bread", 1]]),
      order("o3", "u1", at(2), [["p-bread", 2]]),
      order("o4", "u1", at(3), [["p-milk-a", 3]]),
      order("o9", "u2", at(4), [["p-bread", 1]]),
    ]);
  await noteOrdersReplaced(db);
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

const ids = (page: { orders: OrderDocument[] }) => page.orders.map((o) => o._id);

test("a shopper's history is found by one scan, then read by _id until their orders change", async () => {
  const repository = new OrdersRepository(db);
  scans.length = 0;
  expect(ids(await repository.findPage("u1", 10))).toEqual(["o4", "o3", "o2", "o1"]);
  expect(scans).toHaveLength(1);
  expect(ids(await repository.findPage("u1", 2))).toEqual(["o4", "o3"]);
  expect(ids(await repository.findPage("u1", 2, { placedAt: at(2).toISOString(), id: "o3" }))).toEqual(["o2", "o1"]);
  expect((await repository.findPage("u1", 1)).total).toBe(4);
  expect(ids(await repository.findPage("u2", 10))).toEqual(["o9"]);
  expect(scans).toHaveLength(2); // one per shopper

  // A write through the repository notes itself: the next read derives the history again and sees it.
  await repository.upsertMany([order("o5", "u1", at(5), [["p-bread", 1]])]);
  expect(ids(await repository.findPage("u1", 2))).toEqual(["o5", "o4"]);
  expect(scans).toHaveLength(3);
  expect(ids(await repository.findPage("u1", 2))).toEqual(["o5", "o4"]);
  expect(scans).toHaveLength(3);
  expect(ids(await repository.findPage("u2", 10))).toEqual(["o9"]); // another shopper's write changes nothing here
  expect(scans).toHaveLength(3);

  // A writer elsewhere (the event stream, an eraser) notes what it changed.
  await db.collection<OrderDocument>(COLLECTIONS.orders).deleteOne({ _id: "o4" });
  await noteOrdersWritten(db, ["u1"]);
  expect(ids(await repository.findPage("u1", 10))).toEqual(["o5", "o3", "o2", "o1"]);
  expect((await repository.findPage("u1", 1)).total).toBe(4);

  // A bulk write (seed, import) outdates every shopper's history at once.
  await db.collection<OrderDocument>(COLLECTIONS.orders).insertOne(order("o8", "u2", at(6), [["p-bread", 1]]));
  await noteOrdersReplaced(db);
  expect(ids(await repository.findPage("u2", 10))).toEqual(["o8", "o9"]);
});

test("an order written but not yet noted shows once its writer notes it (the history derived before is never read again)", async () => {
  const repository = new OrdersRepository(db);
  const scanned = await repository.findPage("u2", 10);
  await db.collection<OrderDocument>(COLLECTIONS.orders).insertOne(order("o7", "u2", at(7), [["p-bread", 1]]));
  expect(ids(await repository.findPage("u2", 10))).toEqual(ids(scanned)); // not noted yet: the write is not done
  await noteOrdersWritten(db, ["u2"]);
  expect(ids(await repository.findPage("u2", 10))).toEqual(["o7", "o8", "o9"]);
});

test("a shopper erased while their history was derived keeps no copy of it", async () => {
  const repository = new OrdersRepository(db);
  // No profile (erased): the derived history answers this read and is not kept.
  await db.collection<OrderDocument>(COLLECTIONS.orders).insertOne(order("o20", "u-gone", at(1), [["p-bread", 1]]));
  await noteOrdersWritten(db, ["u-gone"]);
  expect(ids(await repository.findPage("u-gone", 10))).toEqual(["o20"]);
  expect(await db.collection(COLLECTIONS.orderTimelines).countDocuments({ _id: "u-gone" } as never)).toBe(0);
});
