import { MongoClient, type Db } from "mongodb";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { OfferDocument } from "../../../core/documents/merchant.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import { createLogger } from "../../../core/logger";
import { seedDatabase } from "../../../jobs/seed/seed";
import { PLUGINS } from "../../../plugins/registry";
import type { DimensionScore } from "../../../plugins/sdk/candidate";
import type { DimensionPlugin } from "../../../plugins/sdk/contract";
import type { ServiceProvider } from "../../../plugins/sdk/define-service";
import { createPersonalizationContext } from "../../../subgraphs/personalization/context";
import { runPipeline } from "../../../subgraphs/personalization/pipeline/run-pipeline";
import { weatherFitDimension } from "../../unit/plugins/bring-your-own-service/weather.dimension";
import {
  coolersService,
  createWeatherService,
  WEATHER_READINGS,
  type WeatherReading,
} from "../../unit/plugins/bring-your-own-service/weather.service";

// The personalization host with a plugin-provided service: the weather service reads its readings from
// the process's database, the coolers service the request's catalog; the served pipeline runs the
// dimension that needs them (test-only plugin files, registry lines passed as overrides).
jest.setTimeout(120_000);

const name = `test_provided_services_${process.pid}_${Date.now().toString(36)}`;
const logger = createLogger("provided-services-test", "silent");
const NOW = new Date("2030-07-01T15:00:00Z");
const COLD = /frozen|ice[ -]?cream|iced|ice pop/i;
let client: MongoClient;
let db: Db;
let store: string;

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!);
  db = client.db(name);
  await seedDatabase(db, { scale: "tiny", seed: 42 });
  // The grocer with the most frozen or iced products on offer.
  const cold = await db
    .collection<ProductDocument>(COLLECTIONS.products)
    .find({ $or: [{ name: COLD }, { categoryPath: COLD }] }, { projection: { _id: 1 } })
    .toArray();
  const [top] = await db
    .collection<OfferDocument>(COLLECTIONS.offers)
    .aggregate<{ _id: string }>([
      { $match: { productId: { $in: cold.map((product) => product._id) } } },
      { $group: { _id: "$merchantId", n: { $sum: 1 } } },
      { $sort: { n: -1, _id: 1 } },
      { $limit: 1 },
    ])
    .toArray();
  store = top!._id;
  await db.collection<WeatherReading>(WEATHER_READINGS).insertMany([
    { storeId: store, at: new Date("2030-07-01T09:00:00Z"), temperatureC: 31 },
    { storeId: store, at: new Date("2030-07-02T09:00:00Z"), temperatureC: 12 },
  ]);
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

test("the host adds provided services: read from its database, created per process and per request, context = needs", async () => {
  const counts: Record<string, number> = {};
  const counted = (provider: ServiceProvider): ServiceProvider => ({
    ...provider,
    create: (host) => {
      counts[provider.name] = (counts[provider.name] ?? 0) + 1;
      return provider.create(host);
    },
  });
  const providers = [counted(createWeatherService()), counted(coolersService)];
  const seen: { keys: string[]; scores: DimensionScore[] }[] = [];
  const spy: DimensionPlugin = {
    ...weatherFitDimension,
    async score(context, candidates) {
      const scores = await weatherFitDimension.score(context, candidates);
      seen.push({ keys: Object.keys(context.services).sort(), scores });
      return scores;
    },
  };
  for (const now of [NOW, NOW]) {
    const context = createPersonalizationContext(
      { db, logger },
      { providers, now: () => now, ranker: null, embeddings: null },
    );
    const { collections } = await runPipeline(
      { ...context.pipeline, plugins: [...PLUGINS, spy] },
      { userId: null, surface: "STORE", storeId: store, categoryId: null, cart: [], query: null, weights: {}, now },
      { first: 6 },
    );
    expect(collections.length).toBeGreaterThan(0);
  }
  // Process-scoped: one weather service for this database; request-scoped: one coolers service per request.
  expect(counts).toEqual({ weather: 1, coolers: 2 });
  expect(seen.length).toBeGreaterThan(0);
  for (const { keys } of seen) expect(keys).toEqual(["coolers", "weather"]);

  // Scores from the database's reading (31 °C at 15:00; the 12 °C one is later) and the real catalog.
  const scores = seen.flatMap((call) => call.scores);
  const products = await db
    .collection<ProductDocument>(COLLECTIONS.products)
    .find({ _id: { $in: scores.map((score) => score.productId) } })
    .toArray();
  const cold = new Set(
    products
      .filter((product) => COLD.test(product.name) || product.categoryPath.some((id) => COLD.test(id)))
      .map((product) => product._id),
  );
  expect(cold.size).toBeGreaterThan(0);
  for (const score of scores) {
    expect(score.value).toBe(cold.has(score.productId) ? 0.95 : 0.4);
    expect(score.reason).toContain("31 °C at the store");
  }
});
