import { MongoClient, type Db } from "mongodb";
import { loadConfig } from "../../../core/config";
import { COLLECTIONS } from "../../../core/documents/collections";
import { holdRebuildLease } from "../../../core/database/lease";
import { readDerivedVersion } from "../../../core/database/derived-version";
import { personalizationSubgraph } from "../../../subgraphs/personalization/personalization.subgraph";
import { POPULARITY_COLLECTION } from "../../../subgraphs/personalization/popularity.repository";

let client: MongoClient;
let db: Db;
const config = loadConfig({ NODE_ENV: "test", STATISTICS_REFRESH_SECONDS: "300" });
const popularity = personalizationSubgraph.background!.find((task) => task.name === "popularity")!;

beforeAll(async () => {
  client = await MongoClient.connect(process.env.MONGODB_URI!);
  db = client.db(`test_replica_rebuild_${process.pid}`);
  await db.collection(COLLECTIONS.products).insertMany([
    { _id: "p1", categoryPath: ["c"] },
    { _id: "p2", categoryPath: ["c"] },
  ] as never[]);
  await db.collection(COLLECTIONS.orders).insertMany([
    { _id: "o1", userId: "u1", lines: [{ productId: "p1", quantity: 1 }] },
    {
      _id: "o2",
      userId: "u2",
      lines: [
        { productId: "p1", quantity: 2 },
        { productId: "p2", quantity: 1 },
      ],
    },
  ] as never[]);
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

test("two replicas refreshing statistics at once: one rebuilds, the other skips, one version is committed", async () => {
  const [first, second] = await Promise.all([popularity.run(db, config), popularity.run(db, config)]);
  const skipped = [first, second].filter((outcome) => typeof (outcome as { skipped?: string }).skipped === "string");
  const built = [first, second].filter((outcome) => typeof (outcome as { products?: number }).products === "number");
  expect(built).toHaveLength(1);
  expect(skipped).toHaveLength(1);
  expect((built[0] as { products: number }).products).toBe(2);
  const version = await readDerivedVersion(db, POPULARITY_COLLECTION);
  expect(version).toBeGreaterThan(0);
  expect(await db.collection(POPULARITY_COLLECTION).countDocuments()).toBe(2);
});

test("while a job holds the rebuild lease, a replica's refresh does not start a second rebuild", async () => {
  await db.collection("derived_versions").deleteMany({});
  const job = await holdRebuildLease(db, POPULARITY_COLLECTION);
  expect(job.held).toBe(true);
  try {
    expect(await popularity.run(db, config)).toEqual({
      skipped: expect.stringMatching(/is rebuilding product_popularity/),
    });
  } finally {
    if (job.held) await job.release();
  }
  expect(await popularity.run(db, config)).toEqual(expect.objectContaining({ products: 2 }));
});
