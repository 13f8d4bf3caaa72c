import "reflect-metadata";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { MongoClient, type Db } from "mongodb";
import { loadConfig } from "../../../core/config";
import type { CategoryDocument } from "../../../core/documents/category.document";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { OrderDocument } from "../../../core/documents/order.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import { createLogger } from "../../../core/logger";
import { main as indexJob } from "../../../jobs/index.job";
import { seedDatabase } from "../../../jobs/seed/seed";
import { main as trainTextEncoder } from "../../../jobs/train/text-encoder.train";
import { main as trainTwoTower } from "../../../jobs/train/two-tower.train";
import { LearnedRetrieval } from "../../../ml/embeddings/learned-retrieval";
import { SEMANTIC_IDS_COLLECTION, type SemanticIdDocument } from "../../../ml/semantic-ids/semantic-id.repository";
import { assignMissingSemanticIds, SemanticIdFollower } from "../../../ml/semantic-ids/incremental-assigner";
import { semanticIdCacheFor, semanticIdLookup } from "../../../ml/semantic-ids/semantic-id.cache";
import { CatalogContextLoader } from "../../../core/llm/catalog-context.loader";
import {
  createFamiliarityDimension,
  FOR_YOU_COLLECTION,
  FROM_YOUR_PREFERENCES_COLLECTION,
  FROM_YOUR_VISIT_COLLECTION,
  LEARNED_REASON,
} from "../../../plugins/familiarity/familiarity.dimension";
import { characteristicPrefixes } from "../../../ml/semantic-ids/cold-start";
import { DIETARY_TAGS } from "../../../core/documents/dietary-tags";
import { bumpCatalogVersion } from "../../../core/catalog/catalog-version";
import { FOOD_VERTICALS } from "../../../subgraphs/personalization/pipeline/eligibility.rules";
import type { UserDocument } from "../../../core/documents/user.document";
import type { EventDocument } from "../../../core/documents/event.document";
import { runPipeline } from "../../../subgraphs/personalization/pipeline/run-pipeline";
import { USER_READ_TTL_MS } from "../../../subgraphs/personalization/services/user-reads";
import { HybridTextSearch } from "../../../subgraphs/personalization/search/hybrid-text-search";
import type { PurchasedItem } from "../../../plugins/sdk/blended-attributes";
import type { PluginContext } from "../../../plugins/sdk/contract";
import { fixtureAttributes, fixtureServices, toCandidates } from "../../../plugins/sdk/testkit";
import type { LearnedRetrievalService } from "../../../plugins/sdk/services";
import { SearchIndex } from "../../../subgraphs/catalog/search/search-index";
import { createPersonalizationContext, type PersonalizationContext } from "../../../subgraphs/personalization/context";
import { learnedRetrievalFor } from "../../../subgraphs/personalization/learned-retrieval.provider";
import { inProcessCatalogTextSearch } from "../personalization/personalization-fixtures";
import { personalizationSubgraph } from "../../../subgraphs/personalization/personalization.subgraph";
import { bindPrincipal } from "../../../subgraphs/shared/authorization";

/** Who these executions act for: in-process executions act as an admin: authorization is tested through the gateway (test/e2e/safe-to-expose.test.ts). */
const ACTS_AS_ADMIN = { role: "admin", subject: "test-admin" } as const;

jest.setTimeout(180_000);

const name = `test_learned_retrieval_${process.pid}_${Date.now().toString(36)}`;
const dataDir = mkdtempSync(join(tmpdir(), "learned-retrieval-"));
const emptyDataDir = mkdtempSync(join(tmpdir(), "learned-retrieval-none-"));
const env = {
  DATA_DIR: process.env.DATA_DIR,
  MONGODB_DATABASE: process.env.MONGODB_DATABASE,
  PROGRESS: process.env.PROGRESS,
  VECTOR_STORE: process.env.VECTOR_STORE,
};
const NEW_CANDLE = "p:test:harvest-candle";
const LATE_CANDLE = "p:test:late-candle";
const logger = createLogger("learned-retrieval-test", "silent");

let client: MongoClient;
let db: Db;
let products: ProductDocument[];
let popularity: Map<string, number>;
let shopper: string;
let bought: Set<string>;
let purchases: PurchasedItem[];
let service: LearnedRetrieval;

/** A candle added to the catalog after the models were trained, in the seeded Home Decor aisle; nobody ever bought it. */
function candle(id: string, productName: string, template: ProductDocument): ProductDocument {
  return {
    ...template,
    _id: id,
    name: productName,
    brand: "Yankee Candle",
    tags: [],
    description: "Hand-poured soy wax jar candle",
    source: "test",
    createdAt: new Date("2025-06-29T00:00:00Z"),
    updatedAt: new Date("2025-06-29T00:00:00Z"),
  };
}

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!);
  db = client.db(name);
  await seedDatabase(db, { scale: "tiny", seed: 42 });
  Object.assign(process.env, { DATA_DIR: dataDir, MONGODB_DATABASE: name, PROGRESS: "off", VECTOR_STORE: "hnsw" });
  const quiet = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
  const quietErr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    await trainTextEncoder(["--epochs", "3"]);
    await trainTwoTower(["--epochs", "3", "--dims", "32"]);
    const categories = await db.collection<CategoryDocument>(COLLECTIONS.categories).find({}).toArray();
    const decor = categories.find((category) => category.name === "Home Decor & Storage")!;
    const template = (await db.collection<ProductDocument>(COLLECTIONS.products).findOne({ categoryId: decor._id }))!;
    // Inserted after training, before indexing: the index job gives it vectors and a Semantic ID.
    await db
      .collection<ProductDocument>(COLLECTIONS.products)
      .insertOne(candle(NEW_CANDLE, "Harvest Pumpkin Spice Jar Candle", template));
    await indexJob([]);
    // Inserted after indexing: no vectors, no stored Semantic ID (coded on the fly from its content).
    await db
      .collection<ProductDocument>(COLLECTIONS.products)
      .insertOne(candle(LATE_CANDLE, "Autumn Leaves Pillar Candle", template));
  } finally {
    quiet.mockRestore();
    quietErr.mockRestore();
  }
  products = await db.collection<ProductDocument>(COLLECTIONS.products).find({}).toArray();
  const orders = await db.collection<OrderDocument>(COLLECTIONS.orders).find({}).toArray();
  const buyers = new Map<string, Set<string>>();
  for (const order of orders)
    for (const line of order.lines)
      (buyers.get(line.productId) ?? buyers.set(line.productId, new Set()).get(line.productId)!).add(order.userId);
  const most = Math.max(...[...buyers.values()].map((set) => set.size));
  popularity = new Map([...buyers].map(([id, set]) => [id, set.size / most]));
  const byUser = new Map<string, number>();
  for (const order of orders) byUser.set(order.userId, (byUser.get(order.userId) ?? 0) + 1);
  shopper = [...byUser].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  const history = new Map<string, PurchasedItem>();
  for (const order of orders.filter((candidate) => candidate.userId === shopper)) {
    for (const line of order.lines) {
      const item = history.get(line.productId) ?? { productId: line.productId, count: 0, lastPurchasedAt: new Date(0) };
      item.count += 1;
      if (new Date(order.placedAt) > item.lastPurchasedAt) item.lastPurchasedAt = new Date(order.placedAt);
      history.set(line.productId, item);
    }
  }
  purchases = [...history.values()];
  bought = new Set(history.keys());
  service = new LearnedRetrieval({ db, dataDir, config: loadConfig(process.env), logger });
});

afterAll(async () => {
  await service?.close();
  for (const [key, value] of Object.entries(env))
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  await db.dropDatabase();
  await client.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(emptyDataDir, { recursive: true, force: true });
});

/** The familiarity plugin's context for the shopper: the seeded products and their popularity in memory, learned retrieval as given. */
function familiarityContext(embeddings: LearnedRetrievalService | undefined): PluginContext {
  const base = fixtureServices(products, { popularity: Object.fromEntries(popularity) });
  return {
    attributes: fixtureAttributes({
      userId: shopper,
      coldStart: false,
      surface: "HOME",
      purchases,
      now: new Date("2025-07-01T00:00:00Z"),
    }),
    services: { ...base, ...(embeddings ? { embeddings } : {}) },
    logger,
    seed: 1,
  };
}

describe("familiarity with two-tower candidates", () => {
  it("proposes Picked for you, retrieves the shopper's two-tower candidates and says why", async () => {
    const learned = await service.userCandidates(shopper, 50);
    expect(learned.length).toBe(50);
    const familiarity = createFamiliarityDimension();
    const context = familiarityContext(service);
    const proposals = await familiarity.prospect!(context);
    const forYou = proposals.find((proposal) => proposal.id === FOR_YOU_COLLECTION)!;
    expect(forYou.title).toBe("Picked for you");
    const retrieved = await familiarity.retrieve!(context, forYou, 40);
    expect(retrieved.length).toBe(40);
    const learnedIds = new Set(learned.map((hit) => hit.productId));
    // Most of the collection are two-tower candidates, among them items the shopper never bought.
    expect(retrieved.filter((hit) => learnedIds.has(hit.productId)).length).toBeGreaterThanOrEqual(30);
    expect(retrieved.some((hit) => learnedIds.has(hit.productId) && !bought.has(hit.productId))).toBe(true);
    const byId = new Map(products.map((product) => [product._id, product]));
    const scores = await familiarity.score(context, toCandidates(retrieved.map((hit) => byId.get(hit.productId)!)));
    expect(scores.some((score) => score.reason === LEARNED_REASON)).toBe(true);
    // The blend: the shopper's top two-tower candidate outscores a never-bought item outside their candidates.
    const top = learned.find((hit) => !bought.has(hit.productId))!.productId;
    const outside = products.find(
      (product) => !learnedIds.has(product._id) && !bought.has(product._id) && popularity.has(product._id),
    )!;
    const [topScore, outsideScore] = await familiarity.score(context, toCandidates([byId.get(top)!, outside]));
    expect(topScore!.value).toBeGreaterThan(outsideScore!.value);
  });

  it("works as before without a model artifact, and says learned retrieval is off", async () => {
    const lines: string[] = [];
    const capture = {
      ...logger,
      info: (...args: unknown[]) => void lines.push(String(args[args.length - 1])),
      child: () => capture,
    } as unknown as typeof logger;
    process.env.DATA_DIR = emptyDataDir;
    const otherDb = client.db(`${name}_none`);
    try {
      expect(learnedRetrievalFor(otherDb, capture)).toBeUndefined();
    } finally {
      process.env.DATA_DIR = dataDir;
    }
    expect(lines.some((line) => line.startsWith("learned retrieval off"))).toBe(true);
    const familiarity = createFamiliarityDimension();
    const context = familiarityContext(undefined);
    expect((await familiarity.prospect!(context)).map((proposal) => proposal.id)).not.toContain(FOR_YOU_COLLECTION);
    const scores = await familiarity.score(context, toCandidates(products.slice(0, 60)));
    expect(scores).toHaveLength(60);
    expect(scores.some((score) => score.reason === LEARNED_REASON)).toBe(false);
  });
});

describe("semantic and hybrid search", () => {
  it('finds candles for "cozy fall candles", which no product matches lexically in full', async () => {
    const names = new Map(
      (await db.collection<CategoryDocument>(COLLECTIONS.categories).find({}).toArray()).map((category) => [
        category._id,
        category.name,
      ]),
    );
    const index = new SearchIndex((id) => names.get(id));
    for (const product of products) index.add(product);
    const lexical = index.search("cozy fall candles", 10);
    // BM25 falls back to matching any term: no hit has all three.
    expect(lexical.hits.every((hit) => Object.keys(hit.match).length < 3)).toBe(true);
    const byId = new Map(products.map((product) => [product._id, product]));
    const semantic = await service.queryCandidates("cozy fall candles", 5);
    const candles = semantic.filter((hit) => /candle/i.test(byId.get(hit.productId)!.name));
    expect(candles.length).toBeGreaterThanOrEqual(3);
    const hybrid = new HybridTextSearch(
      {
        search: async (query, limit) =>
          index.search(query, limit).hits.map((hit) => ({ productId: hit.id, score: hit.score })),
      },
      (query, limit) => service.queryCandidates(query, limit),
    );
    const fused = await hybrid.search("cozy fall candles", 10);
    expect(
      fused.slice(0, 5).filter((hit) => /candle/i.test(byId.get(hit.productId)!.name)).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it("serves Search.results hybrid through the personalization subgraph", async () => {
    const textSearch = await inProcessCatalogTextSearch(db, logger);
    const server = new ApolloServer<PersonalizationContext>({
      schema: await personalizationSubgraph.schema(),
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    const run = async (embeddings: LearnedRetrievalService | null): Promise<string[]> => {
      const response = await server.executeOperation(
        {
          query: `{ search(query: "cozy fall candles") { results(first: 10) { edges { node { product { id } } } } } }`,
        },
        {
          contextValue: bindPrincipal(
            createPersonalizationContext({ db, logger }, { textSearch, ranker: null, embeddings }),
            ACTS_AS_ADMIN,
          ),
        },
      );
      if (response.body.kind !== "single") throw new Error("expected a single result");
      expect(response.body.singleResult.errors).toBeUndefined();
      const data = response.body.singleResult.data as {
        search: { results: { edges: { node: { product: { id: string } } }[] } };
      };
      const byId = new Map(products.map((product) => [product._id, product.name]));
      return data.search.results.edges.map((edge) => byId.get(edge.node.product.id) ?? edge.node.product.id);
    };
    const hybrid = await run(service);
    const lexicalOnly = await run(null);
    const count = (names: string[]) => names.slice(0, 5).filter((productName) => /candle/i.test(productName)).length;
    expect(count(hybrid)).toBeGreaterThanOrEqual(3);
    expect(hybrid).not.toEqual(lexicalOnly);
  });

  // The demo seed now stocks Ragu sauces (its core lines); "gnocchi" is a dish word it has no product for.
  it('finds nothing for "gnocchi", which no product is named after and whose semantic neighbours are far (no cereal "Matches “gnocchi”")', async () => {
    const textSearch = await inProcessCatalogTextSearch(db, logger);
    const server = new ApolloServer<PersonalizationContext>({
      schema: await personalizationSubgraph.schema(),
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    expect(products.some((product) => /gnocchi/i.test(product.name))).toBe(false);
    const response = await server.executeOperation(
      {
        query: `{ search(query: "gnocchi") { results(first: 10) { totalCount edges { node { product { id } reasons { dimension text } } } } } }`,
      },
      { contextValue: createPersonalizationContext({ db, logger }, { textSearch, ranker: null, embeddings: service }) },
    );
    if (response.body.kind !== "single") throw new Error("expected a single result");
    expect(response.body.singleResult.errors).toBeUndefined();
    expect(
      (response.body.singleResult.data as { search: { results: { totalCount: number } } }).search.results.totalCount,
    ).toBe(0);
  });
});

describe("cold start through Semantic IDs", () => {
  it("gives an item added after training a Semantic ID in its department and vectors, from the index job", async () => {
    const stored = await db
      .collection<SemanticIdDocument>(SEMANTIC_IDS_COLLECTION)
      .find({ _id: { $in: [NEW_CANDLE, LATE_CANDLE] } })
      .toArray();
    expect(stored.map((document) => document._id)).toEqual([NEW_CANDLE]);
    const template = products.find((product) => product._id === NEW_CANDLE)!;
    const sibling = products.find(
      (product) =>
        product.categoryId === template.categoryId && product._id !== NEW_CANDLE && product._id !== LATE_CANDLE,
    )!;
    const siblingId = (await db.collection<SemanticIdDocument>(SEMANTIC_IDS_COLLECTION).findOne({ _id: sibling._id }))!;
    expect(stored[0]!.codes[0]).toBe(siblingId.codes[0]);
    const hits = await service.queryCandidates("pumpkin spice jar candle", 5);
    expect(hits.map((hit) => hit.productId)).toContain(NEW_CANDLE);
  });

  it("lets new items inherit popularity from Semantic-ID neighbours, stored or coded on the fly, so familiarity ranks them", async () => {
    const fresh = products.filter((product) => product._id === NEW_CANDLE || product._id === LATE_CANDLE);
    expect(fresh.every((product) => !popularity.has(product._id))).toBe(true);
    const inherited = await service.inherit(
      fresh,
      popularity,
      async (ids) => new Map(ids.flatMap((id) => (popularity.has(id) ? [[id, popularity.get(id)!] as const] : []))),
    );
    expect(inherited.get(NEW_CANDLE)?.value).toBeGreaterThan(0);
    expect(inherited.get(LATE_CANDLE)?.value).toBeGreaterThan(0);
    const scores = await createFamiliarityDimension().score(familiarityContext(service), toCandidates(fresh));
    for (const score of scores) {
      expect(score.value).toBeGreaterThan(0);
      expect([LEARNED_REASON, "New, like popular items close to it"]).toContain(score.reason);
    }
  });
});

describe("Semantic IDs without a manual step, in search and in RAG context", () => {
  it("assigns an item added after the index job a Semantic ID incrementally, leaving the others as they were", async () => {
    const collection = db.collection<SemanticIdDocument>(SEMANTIC_IDS_COLLECTION);
    const before = new Map((await collection.find({}).toArray()).map((document) => [document._id, document.sid]));
    expect(before.has(LATE_CANDLE)).toBe(false);
    const follower = new SemanticIdFollower(dataDir);
    const first = await follower.run(db);
    expect(first).toMatchObject({ assigned: 1 });
    const after = new Map((await collection.find({}).toArray()).map((document) => [document._id, document]));
    for (const [id, sid] of before) expect(after.get(id)?.sid).toBe(sid);
    const late = after.get(LATE_CANDLE)!;
    const sibling = after.get(NEW_CANDLE)!;
    // Same department code as the candle the index job coded; its full id is unique.
    expect(late.codes[0]).toBe(sibling.codes[0]);
    expect([...after.values()].filter((document) => document.sid === late.sid)).toHaveLength(1);
    // Nothing changed since: the next pass does nothing; a new catalog version with nothing missing assigns none.
    expect(await follower.run(db)).toHaveProperty("unchanged");
    expect(await assignMissingSemanticIds(db, dataDir)).toMatchObject({ assigned: 0 });
  });

  it('retrieves candles for "cozy fall candles" through the query\'s Semantic-ID prefixes', async () => {
    const byId = new Map(products.map((product) => [product._id, product]));
    const hits = await service.prefixCandidates("cozy fall candles", 10);
    expect(hits.length).toBeGreaterThan(0);
    const candles = hits.filter((hit) => /candle/i.test(byId.get(hit.productId)?.name ?? ""));
    expect(candles.length).toBeGreaterThanOrEqual(3);
    // Lexically, no product matches all three words: the prefixes find candles the words alone rank lower.
    expect(
      hits.slice(0, 5).filter((hit) => /candle/i.test(byId.get(hit.productId)?.name ?? "")).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it("fills the RAG context loader's Semantic IDs (what its Semantic-ID narrowing step reads)", async () => {
    const loader = new CatalogContextLoader(db, { semanticIds: semanticIdLookup(db) });
    const candidates = await loader.candidates("candle");
    expect(candidates.length).toBeGreaterThan(0);
    const index = await semanticIdCacheFor(db).index();
    for (const item of candidates) expect(item.semanticId).toBe(index.format(item.id) ?? undefined);
    expect(candidates.some((item) => item.semanticId)).toBe(true);
    // Without the lookup the step has nothing to work with.
    expect(
      (await new CatalogContextLoader(db).candidates("candle")).every((item) => item.semanticId === undefined),
    ).toBe(true);
  });
});

/** HOME's carousels (id and item ids) for `userId`, served by a pipeline over `embeddings`, at a fixed time. */
async function homeCarousels(
  userId: string | null,
  embeddings: LearnedRetrievalService,
): Promise<Array<{ id: string; items: string[] }>> {
  const context = createPersonalizationContext(
    { db, logger },
    { ranker: null, embeddings, now: () => new Date("2025-07-01T12:00:00Z") },
  );
  const { collections } = await runPipeline(
    context.pipeline,
    {
      userId,
      surface: "HOME",
      storeId: null,
      categoryId: null,
      cart: [],
      query: null,
      weights: {},
      now: new Date("2025-07-01T12:00:00Z"),
    },
    { first: 8 },
  );
  return collections.map((collection) => ({
    id: collection.id,
    items: collection.items.map((item) => item.productId),
  }));
}

describe("cold start for a new shopper through Semantic-ID prefixes", () => {
  const NEWCOMER = "u:test:first-session";
  const home = (): Promise<Array<{ id: string; items: string[] }>> => homeCarousels(NEWCOMER, service);

  it("turns the candles a new shopper clicked into a HOME carousel of their Semantic-ID neighbours", async () => {
    const user: UserDocument = {
      _id: NEWCOMER,
      name: "First Visit",
      ageVerified: false,
      preferences: { dietary: [], excludedBrands: [], excludedCategoryIds: [] },
      createdAt: new Date("2025-07-01T00:00:00Z"),
      source: "test",
    };
    await db.collection<UserDocument>(COLLECTIONS.users).insertOne(user);
    expect((await home()).some((collection) => collection.id === FROM_YOUR_VISIT_COLLECTION)).toBe(false);

    const clicked = products
      .filter((product) => /candle/i.test(product.name) && product._id !== LATE_CANDLE)
      .slice(0, 2);
    expect(clicked).toHaveLength(2);
    await db.collection<EventDocument>(COLLECTIONS.events).insertMany(
      clicked.map((product, i) => ({
        _id: `e:test:first-session:${i}`,
        userId: NEWCOMER,
        type: "CLICK",
        productId: product._id,
        surface: "HOME",
        sessionId: "s1",
        timestamp: new Date(`2025-07-01T10:0${i}:00Z`),
      })),
    );
    // Past the shared reads' window, as the shopper's next page would be.
    await new Promise((resolve) => setTimeout(resolve, USER_READ_TTL_MS + 50));
    const carousel = (await home()).find((collection) => collection.id === FROM_YOUR_VISIT_COLLECTION);
    expect(carousel).toBeDefined();
    expect(carousel!.items.length).toBeGreaterThanOrEqual(3);
    const index = await semanticIdCacheFor(db).index();
    const seedPrefixes = new Set(clicked.map((product) => index.get(product._id)!.codes.slice(0, 2).join("-")));
    for (const id of carousel!.items) {
      expect(clicked.map((product) => product._id)).not.toContain(id);
      expect(seedPrefixes.has(index.get(id)!.codes.slice(0, 2).join("-"))).toBe(true);
    }
  });
});

describe("cold start from stated preferences through Semantic-ID prefixes", () => {
  const STATED = "u:test:stated-diet";
  const homeFor = (
    userId: string | null,
    embeddings: LearnedRetrievalService = service,
  ): Promise<Array<{ id: string; items: string[] }>> => homeCarousels(userId, embeddings);

  it("turns a new shopper's stated diet into HOME items from the Semantic-ID prefixes characteristic of it, diet rules kept", async () => {
    const byId = new Map(products.map((product) => [product._id, product]));
    // The stated diet: the dietary tag most food products of the seed carry.
    const [tag] = DIETARY_TAGS.map(
      (candidate) =>
        [
          candidate,
          products.filter((product) => FOOD_VERTICALS.has(product.vertical) && product.tags.includes(candidate)).length,
        ] as const,
    ).sort((a, b) => b[1] - a[1])[0]!;
    const fits = (id: string): boolean => {
      const product = byId.get(id)!;
      return (
        !FOOD_VERTICALS.has(product.vertical) ||
        product.tags.includes(tag) ||
        (["vegetarian", "dairy-free"].includes(tag) && product.tags.includes("vegan"))
      );
    };
    await db.collection<UserDocument>(COLLECTIONS.users).insertOne({
      _id: STATED,
      name: "Stated Diet",
      ageVerified: false,
      preferences: { dietary: [tag], excludedBrands: [], excludedCategoryIds: [] },
      createdAt: new Date("2025-07-01T00:00:00Z"),
      source: "test",
    });

    const anonymous = await homeFor(null);
    expect(anonymous.some((collection) => collection.id === FROM_YOUR_PREFERENCES_COLLECTION)).toBe(false);
    // Stated preferences, filtering only (no Semantic-ID retrieval): what the shopper got before.
    const filterOnly = await homeFor(
      STATED,
      Object.assign(Object.create(service) as LearnedRetrieval, { preferenceCandidates: undefined }),
    );
    expect(filterOnly.some((collection) => collection.id === FROM_YOUR_PREFERENCES_COLLECTION)).toBe(false);

    const stated = await homeFor(STATED);
    const carousel = stated.find((collection) => collection.id === FROM_YOUR_PREFERENCES_COLLECTION);
    expect(carousel).toBeDefined();
    expect(carousel!.items.length).toBeGreaterThanOrEqual(3);
    // Its items come from the prefixes most characteristic of the products that fit the diet.
    const index = await semanticIdCacheFor(db).index();
    const seeds = products.filter((product) => product.tags.includes(tag)).map((product) => product._id);
    const characteristic = characteristicPrefixes(seeds, index)
      .slice(0, 8)
      .map((prefix) => prefix.prefix.join("-"));
    for (const id of carousel!.items) expect(characteristic).toContain(index.get(id)!.codes.slice(0, 2).join("-"));
    // Diet rules hold on the whole HOME.
    for (const collection of stated) for (const id of collection.items) expect(fits(id)).toBe(true);
    // Measurably different: items neither the anonymous HOME nor the filter-only HOME served.
    const shown = (home: Array<{ items: string[] }>) => new Set(home.flatMap((collection) => collection.items));
    const before = new Set([...shown(anonymous), ...shown(filterOnly)]);
    expect(carousel!.items.filter((id) => !before.has(id)).length).toBeGreaterThanOrEqual(1);
    const share = (home: Array<{ items: string[] }>) => {
      const items = [...shown(home)].filter((id) => FOOD_VERTICALS.has(byId.get(id)!.vertical));
      return items.filter((id) => byId.get(id)!.tags.includes(tag)).length / Math.max(1, items.length);
    };
    expect(share(stated)).toBeGreaterThan(share(anonymous));
  });
});

describe("vectors for products added below the refresh threshold", () => {
  const ADDED = ["p:test:sea-salt-candle", "p:test:fig-candle", "p:test:cedar-candle"];

  it("embeds products new since the index build into the open indexes, so semantic search finds them without a rebuild", async () => {
    const template = products.find((product) => product._id === NEW_CANDLE)!;
    const names = ["Sea Salt Driftwood Candle", "Black Fig Wax Candle", "Cedar Smoke Wick Candle"];
    await db
      .collection<ProductDocument>(COLLECTIONS.products)
      .insertMany(ADDED.map((id, i) => candle(id, names[i]!, template)));
    const found = async (retrieval: LearnedRetrieval, i: number) =>
      (await retrieval.queryCandidates(names[i]!.toLowerCase(), 10)).map((hit) => hit.productId);
    // Served before: the indexes of the last build lack them.
    for (let i = 0; i < ADDED.length; i += 1) expect(await found(service, i)).not.toContain(ADDED[i]);
    expect(await service.newProductVectors()).toBeNull();

    await bumpCatalogVersion(db);
    const config = loadConfig(process.env);
    const tooMany = new LearnedRetrieval({ db, dataDir, config, logger, newProductShare: 0.001 });
    const fresh = new LearnedRetrieval({ db, dataDir, config, logger, newProductShare: 0.2 });
    try {
      // Above the share, the model refresh's rebuild is left to do it.
      expect(await tooMany.newProductVectors()).toMatchObject({ skipped: expect.stringMatching(/model refresh/) });
      for (let i = 0; i < ADDED.length; i += 1) expect(await found(tooMany, i)).not.toContain(ADDED[i]);
      // Below it: the three (and the late candle) are embedded into the build's namespace.
      const result = await fresh.newProductVectors();
      expect(result).toMatchObject({ added: ADDED.length + 1, newProducts: ADDED.length + 1 });
      for (let i = 0; i < ADDED.length; i += 1) expect((await found(fresh, i)).slice(0, 5)).toContain(ADDED[i]);
    } finally {
      await tooMany.close();
      await fresh.close();
    }
  });
});

// Last: these runs save newer artifacts in DATA_DIR, which the tests above must not load.
describe("training on a sample, as at the large seed", () => {
  it("two-tower --max-users trains on the sampled shoppers' orders and --holdout-users bounds the evaluation", async () => {
    const out = join(dataDir, "two-tower-sample.json");
    await trainTwoTower(["--epochs", "1", "--dims", "8", "--max-users", "5", "--holdout-users", "2", "--out", out]);
    const metrics = JSON.parse(readFileSync(out, "utf8")) as {
      sampledUsers: number;
      holdoutUsers: number;
      examples: number;
    };
    expect(metrics.sampledUsers).toBe(5);
    expect(metrics.holdoutUsers).toBeGreaterThan(0);
    expect(metrics.holdoutUsers).toBeLessThanOrEqual(2);
    const orders = await db
      .collection<OrderDocument>(COLLECTIONS.orders)
      .find({}, { projection: { lines: 1 } })
      .toArray();
    expect(metrics.examples).toBeLessThan(orders.reduce((sum, order) => sum + order.lines.length, 0) / 2);
  });

  it("text-encoder --max-pairs keeps the catalog pairs of a sample of products", async () => {
    const out = join(dataDir, "text-encoder-sample.json");
    await trainTextEncoder(["--epochs", "1", "--max-pairs", "1000", "--out", out]);
    const metrics = JSON.parse(readFileSync(out, "utf8")) as { products: number; pairProducts: number; pairs: number };
    expect(metrics.pairProducts).toBeLessThan(metrics.products / 2);
    expect(metrics.pairs).toBeLessThanOrEqual(1000 + metrics.pairProducts);
  });
});
