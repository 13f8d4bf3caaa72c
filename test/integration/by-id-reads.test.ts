import { MongoClient, type Collection } from "mongodb";
import { configureByIdReads, findByIds, findByKeys, POINT_READS_AT_ONCE } from "../../core/database/by-id-reads";
import { readCatalogData } from "../../ml/embeddings/catalog-data.reader";

interface Thing {
  _id: string;
  n: number;
  note: string;
}

/** Runs `body` on a scratch collection of 50 things `t0`…`t49`, dropped afterwards. */
async function withThings(name: string, body: (collection: Collection<Thing>) => Promise<void>): Promise<void> {
  const client = await MongoClient.connect(process.env.MONGODB_URI!);
  const db = client.db(`test_${name}_${process.pid}`);
  try {
    const collection = db.collection<Thing>("things");
    await collection.insertMany(Array.from({ length: 50 }, (_, n) => ({ _id: `t${n}`, n, note: `thing ${n}` })));
    await body(collection);
  } finally {
    await db.dropDatabase();
    await client.close();
  }
}

test("point and $in reads by id return the same documents: each found id once, missing ids skipped, projections kept", async () => {
  await withThings("by_id_reads", async (collection) => {
    // More ids than one round of point reads, with a duplicate and two that do not exist.
    const ids = [
      ...Array.from({ length: POINT_READS_AT_ONCE + 5 }, (_, n) => `t${n * 2}`),
      "t4",
      "missing-1",
      "missing-2",
    ];
    const byN = (a: { n: number }, b: { n: number }) => a.n - b.n;
    const viaIn = (await findByIds(collection, ids, {}, "in")).sort(byN);
    const viaPoint = (await findByIds(collection, ids, {}, "point")).sort(byN);
    expect(viaPoint).toEqual(viaIn);
    expect(viaIn.map((thing) => thing._id)).toEqual(
      Array.from({ length: POINT_READS_AT_ONCE + 5 }, (_, n) => `t${n * 2}`),
    );
    expect((await findByIds(collection, ["t1"], { projection: { n: 1 } }, "point"))[0]).toEqual({ _id: "t1", n: 1 });
    expect(await findByIds(collection, [], {}, "point")).toEqual([]);
  });
});

test("auto reads point by point on FerretDB/PostgreSQL, mixed elsewhere; an explicit setting wins", () => {
  expect(configureByIdReads("auto", "postgresql")).toBe("point");
  expect(configureByIdReads("auto", "sqlite")).toBe("mixed");
  expect(configureByIdReads("point", "sqlite")).toBe("point");
  expect(configureByIdReads("in", "postgresql")).toBe("in");
  configureByIdReads("auto", "sqlite");
});

test("mixed reads a batch of at most one round of point reads key by key, a larger one with one $in, with the same documents", async () => {
  await withThings("mixed_reads", async (collection) => {
    const queries: unknown[] = [];
    const counted = new Proxy(collection, {
      get(target, property, receiver) {
        if (property !== "find") return Reflect.get(target, property, receiver);
        return (filter: unknown, options: unknown) => {
          queries.push(filter);
          return target.find(filter as never, options as never);
        };
      },
    });
    const byN = (a: { n: number }, b: { n: number }) => a.n - b.n;
    const few = Array.from({ length: POINT_READS_AT_ONCE }, (_, n) => `t${n}`);
    expect((await findByIds(counted, [...few, "t0"], {}, "mixed")).sort(byN)).toEqual(
      (await findByIds(collection, few, {}, "in")).sort(byN),
    );
    expect(queries).toHaveLength(POINT_READS_AT_ONCE);
    queries.length = 0;
    const many = Array.from({ length: POINT_READS_AT_ONCE + 1 }, (_, n) => `t${n * 2}`);
    expect((await findByIds(counted, many, {}, "mixed")).sort(byN)).toEqual(
      (await findByIds(collection, many, {}, "point")).sort(byN),
    );
    expect(queries).toEqual([{ _id: { $in: many } }]);
  });
});

test("point and $in reads by another key return the same documents, every match of each key", async () => {
  const client = await MongoClient.connect(process.env.MONGODB_URI!);
  const db = client.db(`test_by_key_reads_${process.pid}`);
  try {
    const orders = db.collection<{ _id: string; userId: string; placedAt: Date; lines: Array<{ productId: string }> }>(
      "orders",
    );
    await orders.insertMany(
      Array.from({ length: 120 }, (_, n) => ({
        _id: `o${n}`,
        userId: `u${n % 30}`,
        placedAt: new Date(Date.UTC(2025, 0, 1 + n)),
        lines: [{ productId: `p${n % 7}` }, { productId: `p${(n + 1) % 7}` }],
      })),
    );
    const keys = Array.from({ length: POINT_READS_AT_ONCE + 4 }, (_, n) => `u${n}`);
    const byId = (a: { _id: string }, b: { _id: string }) => (a._id < b._id ? -1 : 1);
    const viaIn = (await findByKeys(orders, "userId", [...keys, "u1", "nobody"], {}, "in")).sort(byId);
    const viaPoint = (await findByKeys(orders, "userId", [...keys, "u1", "nobody"], {}, "point")).sort(byId);
    expect(viaPoint).toEqual(viaIn);
    expect(viaIn).toHaveLength(keys.length * 4);

    // Training reads of a shopper sample: a scan and shopper-by-shopper reads give the same orders.
    await db.collection("products").insertOne({ _id: "p1" } as never);
    const sample = new Set(["u3", "u17", "u29"]);
    configureByIdReads("in", "sqlite");
    const scanned = await readCatalogData(db, undefined, { users: sample });
    configureByIdReads("point", "sqlite");
    const pointwise = await readCatalogData(db, undefined, { users: sample });
    expect(pointwise.orders).toEqual(scanned.orders);
    expect(scanned.orders).toHaveLength(12);
  } finally {
    configureByIdReads("auto", "sqlite");
    await db.dropDatabase();
    await client.close();
  }
});
