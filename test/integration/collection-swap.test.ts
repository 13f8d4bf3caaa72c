import { useTestDatabase } from "../support/test-database";
import { CollectionSwap } from "../../core/database/collection-swap";
import { readDerivedVersion } from "../../core/database/derived-version";

const database = useTestDatabase("collection_swap");

const names = async () =>
  (await database.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();

test("two runs writing at once stage apart: the collection ends as one whole run, never a mix", async () => {
  const a = new CollectionSwap<{ _id: string; run: string }>(database.db, "stats");
  const b = new CollectionSwap<{ _id: string; run: string }>(database.db, "stats");
  await Promise.all([
    a.write([
      { _id: "1", run: "a" },
      { _id: "2", run: "a" },
    ]),
    b.write([{ _id: "1", run: "b" }]),
  ]);
  await a.commit();
  await b.commit();
  expect(await database.db.collection("stats").find().toArray()).toEqual([{ _id: "1", run: "b" }]);
  expect(await readDerivedVersion(database.db, "stats")).toBeGreaterThan(0);
  expect((await names()).filter((name) => name.startsWith("stats_next"))).toEqual([]);
});

test("a commit drops staging collections abandoned more than a day ago, and the old fixed name, but not a live run's", async () => {
  const dayAgo = (Date.now() - 25 * 3600 * 1000).toString(36);
  await database.db.createCollection(`stats_next_${dayAgo}abcdef`);
  await database.db.createCollection("stats_next");
  const live = new CollectionSwap<{ _id: string }>(database.db, "stats");
  await live.write([{ _id: "live" }]);
  const other = new CollectionSwap<{ _id: string }>(database.db, "stats");
  await other.write([{ _id: "x" }]);
  await other.commit();
  const left = (await names()).filter((name) => name.startsWith("stats_next"));
  expect(left).toHaveLength(1); // the live run's staging
  await live.commit();
  expect((await names()).filter((name) => name.startsWith("stats_next"))).toEqual([]);
});
