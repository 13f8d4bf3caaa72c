import { MongoClient, type Db } from "mongodb";
import {
  readSemanticIds,
  SEMANTIC_IDS_COLLECTION,
  writeSemanticIds,
} from "../../../ml/semantic-ids/semantic-id.repository";
import { catalogServer, errorCode, insertCatalog, NAMED, type ExecuteResult } from "../catalog/catalog-fixtures";

let client: MongoClient;
let db: Db;
let execute: (query: string, variables?: Record<string, unknown>) => Promise<ExecuteResult>;

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!);
  db = client.db(`test_ml_semantic_ids_${process.pid}`);
  await insertCatalog(db);
  // Stale documents of an older quantizer must be replaced or removed by the write.
  await db.collection(SEMANTIC_IDS_COLLECTION).insertOne({
    _id: "gone-product",
    sid: "9-9-9-0",
    codes: [9, 9, 9],
    suffix: 0,
    catalogVersion: 0,
    modelVersion: "old",
    updatedAt: new Date(),
  } as never);
  const entries = NAMED.map((product, i) => ({
    itemId: product._id,
    id: { codes: [i < 2 ? 1 : 12, i % 2, 0], suffix: 0 },
  }));
  await writeSemanticIds(db, entries, 1, "v1", 2);
  ({ execute } = await catalogServer(db));
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

describe("Semantic IDs in the catalog subgraph", () => {
  it("stores one document per product and removes those of other versions", async () => {
    const stored = await readSemanticIds(db);
    expect(stored).toHaveLength(NAMED.length);
    expect(stored.some((entry) => entry.itemId === "gone-product")).toBe(false);
  });

  it("resolves Product.semanticId and looks products up by prefix on code boundaries", async () => {
    const one = await execute(`query ($id: ID!) { product(id: $id) { id semanticId } }`, { id: NAMED[0]!._id });
    expect(one.data?.product).toEqual({ id: NAMED[0]!._id, semanticId: "1-0-0-0" });
    const prefix = await execute(`query { productsBySemanticIdPrefix(prefix: "1", first: 10) { id semanticId } }`);
    expect(prefix.errors).toBeUndefined();
    expect(prefix.data?.productsBySemanticIdPrefix.map((p: { id: string }) => p.id).sort()).toEqual(
      [NAMED[0]!._id, NAMED[1]!._id].sort(),
    );
    const narrower = await execute(`query { productsBySemanticIdPrefix(prefix: "12-1") { id } }`);
    expect(narrower.data?.productsBySemanticIdPrefix.length).toBe(
      NAMED.slice(2).filter((_, i) => (i + 2) % 2 === 1).length,
    );
  });

  it("rejects malformed prefixes and oversized pages with BAD_USER_INPUT", async () => {
    expect(errorCode(await execute(`query { productsBySemanticIdPrefix(prefix: "candles") { id } }`))).toBe(
      "BAD_USER_INPUT",
    );
    expect(errorCode(await execute(`query { productsBySemanticIdPrefix(prefix: "1", first: 101) { id } }`))).toBe(
      "BAD_USER_INPUT",
    );
  });
});
