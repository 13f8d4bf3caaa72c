import { MongoClient, type Db } from "mongodb";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { OfferDocument } from "../../../core/documents/merchant.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import { loadLlmConfig } from "../../../core/llm/llm.config";
import { LlmGateway } from "../../../core/llm/llm-gateway";
import { generateCollections } from "../../../plugins/collections/collections.generator";
import { collectionsPlugin, OFFERED_COLLECTIONS } from "../../../plugins/collections/collections.plugin";
import { readModelsFor } from "../../../subgraphs/personalization/read-models/read-models";
import { ServedGeneratedCollections } from "../../../subgraphs/personalization/services/generated-collections.service";
import { fixtureContext } from "../../../plugins/sdk/testkit";
import {
  GENERATED_COLLECTIONS,
  GeneratedCollectionsRepository,
  type GeneratedCollectionDocument,
} from "../../../core/documents/generated-collection.document";
import { parseLlmCollectionsArgs } from "../../../jobs/llm-collections.job";
import { startFakeAnthropic, type FakeAnthropicServer } from "../../../core/llm/fake-anthropic.server";
import { insertRaguCatalog, llmServer, STORE } from "./llm-features.fixture";

const CAROUSELS = `query ($userId: ID, $storeId: ID) {
  carousels(userId: $userId, surface: STORE, storeId: $storeId, first: 12) { id title subtitle dimension explanation items(first: 20) { edges { node { product { id } } } } }
}`;

let client: MongoClient;
let db: Db;
let fake: FakeAnthropicServer;

beforeAll(async () => {
  client = await MongoClient.connect(process.env.MONGODB_URI!);
  db = client.db(`test_llm_collections_${process.pid}`);
  await db.dropDatabase();
  await insertRaguCatalog(db);
  fake = await startFakeAnthropic();
});

afterAll(async () => {
  await fake.close();
  await db.dropDatabase();
  await client.close();
});

const stored = () =>
  db.collection<GeneratedCollectionDocument>(GENERATED_COLLECTIONS).find({}).sort({ _id: 1 }).toArray();
const offline = () => new LlmGateway({ config: loadLlmConfig({}), db, usageFlushMs: 60_000 });
const online = () =>
  new LlmGateway({
    config: loadLlmConfig({ ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url, LLM_MAX_RETRIES: "0" }),
    db,
    usageFlushMs: 60_000,
  });

test("offline: clusters, stores and departments get collections whose items come from the catalog; thin ones are dropped and counted", async () => {
  const summary = await generateCollections(db, offline(), { minItems: 2 });
  expect(summary.targets).toEqual({ cluster: 2, store: 1, category: 3 });
  expect(summary.bySource.OFFLINE).toBe(summary.stored);
  expect(summary.stored).toBeGreaterThan(0);
  expect(summary.droppedTooFewItems).toBeGreaterThan(0); // Fresh Fruit and Red Wine hold one item each.
  expect(summary.promptTokens.narrowed).toBeLessThan(summary.promptTokens.naive);
  const documents = await stored();
  expect(documents.map((document) => document.target)).toEqual(
    expect.arrayContaining(["cluster:GROCERY|high", "store:s-market", "category:pantry"]),
  );
  expect(documents.some((document) => document.target === "category:produce")).toBe(false);
  const cheap = documents.find(
    (document) => document.target === "cluster:GROCERY|high" && document.constraints.maxPrice !== null,
  );
  expect(cheap).toBeDefined();
});

test("collection prospecting offers them (plugin and pipeline); every item satisfies the constraints and is in stock", async () => {
  const documents = new Map((await stored()).map((document) => [`generated.${document._id}`, document]));
  const stock = new Set(
    (await db.collection<OfferDocument>(COLLECTIONS.offers).find({ merchantId: STORE, available: true }).toArray()).map(
      (offer) => offer.productId,
    ),
  );
  const context = fixtureContext({
    products: [],
    attributes: {
      userId: "u-grocer",
      coldStart: false,
      surface: "STORE",
      storeId: STORE,
      verticalAffinity: { GROCERY: 0.9 },
      priceSensitivity: 0.8,
    },
    services: { generatedCollections: new GeneratedCollectionsRepository(db) },
  });
  const proposals = await collectionsPlugin.prospect!(context);
  // The store's collections first, then the shopper cluster's (at most OFFERED_COLLECTIONS).
  expect(proposals.map((proposal) => proposal.id).slice(0, 2)).toEqual([
    "generated.store:s-market#0",
    "generated.store:s-market#1",
  ]);
  expect(proposals.length).toBeLessThanOrEqual(OFFERED_COLLECTIONS);
  for (const proposal of proposals) {
    const document = documents.get(proposal.id)!;
    expect(proposal).toMatchObject({
      title: document.title,
      subtitle: document.description,
      dimension: "generated_collections",
    });
    const items = await collectionsPlugin.retrieve!(context, proposal, 20);
    expect(items.length).toBe(document.itemCount);
    for (const { productId } of items) {
      const product = (await db.collection<ProductDocument>(COLLECTIONS.products).findOne({ _id: productId }))!;
      expect(stock.has(product._id)).toBe(true);
      expect(document.constraints.categoryIds.some((id) => product.categoryPath.includes(id))).toBe(true);
      if (document.constraints.maxPrice !== null)
        expect(product.price).toBeLessThanOrEqual(document.constraints.maxPrice);
      for (const tag of document.constraints.tags) expect(product.tags).toContain(tag);
      for (const brand of document.constraints.brands.length ? [product.brand] : [])
        expect(document.constraints.brands).toContain(brand);
    }
  }
  // A cold start sees nothing from clusters (no "cluster:new" collections were generated); no store, no store collections.
  expect(
    await collectionsPlugin.prospect!(
      fixtureContext({
        products: [],
        attributes: { coldStart: true, surface: "HOME" },
        services: { generatedCollections: new GeneratedCollectionsRepository(db) },
      }),
    ),
  ).toEqual([]);

  // Through the pipeline: the generated collections compete with the others (one carousel of this tiny catalog survives de-duplication).
  const execute = await llmServer(db, offline());
  const result = await execute(CAROUSELS, { userId: "u-grocer", storeId: STORE });
  expect(result.errors).toBeUndefined();
  const withoutStore = await execute(CAROUSELS, { userId: "u-grocer" });
  expect(withoutStore.errors).toBeUndefined();
});

test("through the fake Messages server: grounded model collections, cache on the second run, fallback on a fault", async () => {
  fake.reset();
  fake.setDefault({
    kind: "tool",
    input: {
      collections: [
        {
          title: "Saucy weeknights",
          description: "Jarred pasta sauces for quick dinners.",
          constraints: { categoryIds: ["pasta-sauce", "made-up-aisle"], brands: ["Ragu", "Nonexistent"] },
          exampleProductIds: ["p-ragu-chunky", "p-invented-42"],
        },
        {
          title: "Hallucinated shelf",
          description: "Nothing real here.",
          constraints: { categoryIds: ["no-such-category"] },
        },
      ],
    },
  });
  const gateway = online();
  const first = await generateCollections(db, gateway, { minItems: 2, maxStores: 1, maxCategories: 0 });
  expect(first.bySource.LLM).toBeGreaterThan(0);
  expect(first.groundingDrops).toBeGreaterThanOrEqual(4); // made-up-aisle, Nonexistent, p-invented-42, the whole hallucinated shelf
  const saucy = (await stored()).filter((document) => document.title === "Saucy weeknights");
  expect(saucy.length).toBeGreaterThan(0);
  for (const document of saucy)
    expect(document.constraints).toEqual({ categoryIds: ["pasta-sauce"], tags: [], brands: ["Ragu"], maxPrice: null });
  const calls = fake.requests.length;

  const second = await generateCollections(db, gateway, { minItems: 2, maxStores: 1, maxCategories: 0 });
  expect(second.bySource.CACHE).toBe(first.bySource.LLM);
  // Grounded answers were cached; only the target whose answer was ungrounded (the diner cluster: no pasta aisle in its context) asks again.
  expect(fake.requests.length).toBe(calls + 1);

  fake.reset();
  fake.setDefault({ kind: "malformed" });
  const faulty = await generateCollections(db, online(), { minItems: 2, maxStores: 1, maxCategories: 0, perTarget: 2 });
  expect(faulty.bySource.LLM).toBe(0);
  expect(faulty.stored).toBeGreaterThan(0);
  expect(faulty.bySource.OFFLINE).toBe(faulty.stored);
});

test("served from read models: collections and their items answer like the database queries, without a database command (last: its client closes)", async () => {
  const documents = await stored();
  expect(documents.length).toBeGreaterThan(0);
  // The served service answers like the repository, without a database command once its read models are loaded.
  const monitored = await MongoClient.connect(process.env.MONGODB_URI!, { monitorCommands: true });
  try {
    const monitoredDb = monitored.db(db.databaseName);
    const models = readModelsFor(monitoredDb);
    const served = new ServedGeneratedCollections(monitoredDb, models);
    await served.forTargets(["cluster:GROCERY|high"], 1);
    await served.items({ categoryIds: ["pasta-sauce"], tags: [], brands: [], maxPrice: null }, null, 1);
    const commands: string[] = [];
    monitored.on("commandStarted", (event) =>
      commands.push(`${event.commandName} ${JSON.stringify(event.command[event.commandName])}`),
    );
    const repository = new GeneratedCollectionsRepository(db);
    const targets = ["store:s-market", "cluster:GROCERY|high", "category:pantry"];
    expect(await served.forTargets(targets, 5)).toEqual(await repository.forTargets(targets, 5));
    for (const document of documents) {
      for (const storeId of [null, STORE]) {
        const expected = await repository.items(document.constraints, storeId, 50);
        expect(await served.items(document.constraints, storeId, 50)).toEqual(expected);
      }
    }
    expect(commands.filter((command) => !command.startsWith("endSessions"))).toEqual([]);
  } finally {
    await monitored.close();
  }
});

test("job flags are validated by name", () => {
  expect(parseLlmCollectionsArgs(["--min-items", "3"])).toMatchObject({ minItems: 3, perTarget: 3 });
  expect(() => parseLlmCollectionsArgs(["--min-items", "0"])).toThrow(/--min-items needs a whole number 1–100/);
  expect(() => parseLlmCollectionsArgs(["--bogus", "1"])).toThrow(/unknown option/);
});
