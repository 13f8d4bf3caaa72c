import { MongoClient, type IndexDescription } from "mongodb";
import { ensureIndexes } from "../../core/database/ensure-indexes";

test("ensureIndexes creates what is missing and is a no-op when everything exists (FerretDB drops the connection otherwise)", async () => {
  const client = await MongoClient.connect(process.env.MONGODB_URI!);
  const db = client.db(`test_ensure_indexes_${process.pid}`);
  try {
    const collection = db.collection("things");
    // Asking FerretDB v1 to re-create these two existing compound indexes in one call closes the connection.
    const specs: Array<IndexDescription & { name: string }> = [
      { key: { b: -1, c: -1, _id: 1 }, name: "b_c_id" },
      { key: { tags: 1, b: -1, c: -1 }, name: "tags_b_c" },
      { key: { a: 1 }, name: "a" },
    ];
    await ensureIndexes(collection, specs.slice(0, 2));
    await collection.insertMany([
      { a: 1, b: 2, c: 3, tags: ["x", "y"] },
      { a: 2, b: 3, c: 4, tags: ["z"] },
    ]);
    await ensureIndexes(collection, specs);
    await ensureIndexes(collection, specs);
    const names = (await collection.listIndexes().toArray()).map((index) => index.name).sort();
    expect(names).toEqual(["_id_", "a", "b_c_id", "tags_b_c"]);
    expect(await collection.countDocuments({ tags: "z" })).toBe(1);
  } finally {
    await db.dropDatabase();
    await client.close();
  }
});
