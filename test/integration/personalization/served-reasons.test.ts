import { join } from "node:path";
import { MongoClient, type Db } from "mongodb";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { OrderDocument } from "../../../core/documents/order.document";
import { createLogger } from "../../../core/logger";
import { importCompleteJourney } from "../../../jobs/import/completejourney.importer";
import { importInstacart } from "../../../jobs/import/instacart.importer";
import { seedDatabase } from "../../../jobs/seed/seed";
import { evaluateServedReasons, type ServedReasonsReport } from "../../../eval/served/served-reasons";
import { rebuildPopularity } from "../../../subgraphs/personalization/popularity.builder";
import { buildCoPurchase } from "../../../subgraphs/personalization/statistics/co-purchase.builder";
import { buildKnowledgeGraph } from "../../../subgraphs/personalization/statistics/knowledge-graph.builder";
import { readModelsFor } from "../../../subgraphs/personalization/read-models/read-models";

jest.setTimeout(180_000);
process.env.PROGRESS = "off";

const FIXTURES = join(__dirname, "../../fixtures/import");
const logger = createLogger("served-reasons-test", "silent");
let client: MongoClient;
const databases: Db[] = [];

beforeAll(() => {
  client = new MongoClient(process.env.MONGODB_URI!);
});

afterAll(async () => {
  for (const db of databases) await db.dropDatabase();
  await client.close();
});

/** A fresh database filled by `fill`, with the statistics and read models a serving process has. */
async function database(label: string, fill: (db: Db) => Promise<unknown>): Promise<Db> {
  const db = client.db(`test_reasons_${label}_${process.pid}_${Date.now().toString(36)}`);
  databases.push(db);
  await fill(db);
  await Promise.all([rebuildPopularity(db), buildCoPurchase(db), buildKnowledgeGraph(db)]);
  const models = readModelsFor(db, logger);
  await Promise.all([
    models.catalog.get(60_000),
    models.popularity.get(60_000),
    models.coPurchase.get(60_000),
    models.knowledgeGraph.get(60_000),
    models.deals.get(60_000),
  ]);
  return db;
}

/** HOME served to every shopper and to an anonymous visitor, on the dimension blend (no ranker artifact involved). */
async function serveEveryone(db: Db): Promise<ServedReasonsReport> {
  const users = (
    await db
      .collection(COLLECTIONS.users)
      .find({}, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .toArray()
  ).map((user) => String(user._id));
  const newest = await db.collection<OrderDocument>(COLLECTIONS.orders).find({}).sort({ placedAt: -1 }).limit(1).next();
  return evaluateServedReasons(db, {
    users: [null, ...users],
    now: newest?.placedAt ?? new Date("2024-06-01T00:00:00Z"),
    logger,
    ranker: null,
  });
}

function expectEveryClaimTrue(report: ServedReasonsReport): void {
  const wrong = report.priceClaims.claims.filter((claim) => !claim.true);
  expect(wrong.map((claim) => `${claim.productName}: ${claim.text} (${claim.problem})`)).toEqual([]);
  for (const claim of report.priceClaims.claims)
    expect(claim.text).toMatch(/% below the usual price( per (kg|litre|item))? in its category$/);
}

test("the seed: every served price percentage is true of comparable-unit prices, and names its unit", async () => {
  const db = await database("seed", (target) => seedDatabase(target, { scale: "tiny", seed: 42 }));
  const report = await serveEveryone(db);
  expect(report.requests).toBe(21);
  expect(report.priceClaims.served).toBeGreaterThan(50);
  expectEveryClaimTrue(report);
  const bases = new Set(
    report.priceClaims.claims.map((claim) => /per (kg|litre|item)/.exec(claim.text)?.[1] ?? "list"),
  );
  expect(bases.size).toBeGreaterThanOrEqual(2);
});

test("a Complete Journey import: buns by the count are compared with buns by the count, not with buns by weight", async () => {
  const db = await database("cj", (target) => importCompleteJourney(target, join(FIXTURES, "completejourney-value")));
  const report = await serveEveryone(db);
  expect(report.priceClaims.served).toBeGreaterThan(0);
  expectEveryClaimTrue(report);
  // The cheapest buns (2.00 for 8, 0.25 an item) against the per-item median 0.475 of the four sold by the count.
  const buns = report.priceClaims.claims.find((claim) => claim.productId === "p:cj:101");
  expect(buns?.text).toBe("47% below the usual price per item in its category");
});

test("an Instacart import: estimated prices are never compared, so no reason states a percentage", async () => {
  const db = await database("instacart", (target) => importInstacart(target, join(FIXTURES, "instacart-300")));
  const report = await serveEveryone(db);
  expect(report.items).toBeGreaterThan(0);
  expect(report.priceClaims.served).toBe(0);
});
