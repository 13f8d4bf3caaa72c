import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { MongoClient, type Db } from "mongodb";
import type { CategoryDocument } from "../../../core/documents/category.document";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { ProductDocument } from "../../../core/documents/product.document";
import { CatalogContextLoader } from "../../../core/llm/catalog-context.loader";
import { LLM_CACHE_COLLECTION } from "../../../core/llm/llm-cache";
import { loadLlmConfig } from "../../../core/llm/llm.config";
import { LlmGateway } from "../../../core/llm/llm-gateway";
import { createLogger } from "../../../core/logger";
import { rebuildAllAttributes } from "../../../jobs/attributes/attributes.rebuild";
import { seedDatabase } from "../../../jobs/seed/seed";
import { LexicalSearchSystem } from "../../../eval/search/systems/lexical.system";
import type { TextSearchService } from "../../../plugins/sdk/services";
import { createPersonalizationContext, type PersonalizationContext } from "../../../subgraphs/personalization/context";
import { personalizationSubgraph } from "../../../subgraphs/personalization/personalization.subgraph";
import { rebuildPopularity } from "../../../subgraphs/personalization/popularity.builder";
import { readModelsFor } from "../../../subgraphs/personalization/read-models/read-models";
import { bindPrincipal } from "../../../subgraphs/shared/authorization";
import {
  USER_ATTRIBUTES_COLLECTION,
  type UserAttributesDocument,
} from "../../../subgraphs/user-profile/attributes/user-attributes.document";
import { startFakeAnthropic, type FakeAnthropicServer } from "../../../core/llm/fake-anthropic.server";
import type { Result } from "./llm-features.fixture";

jest.setTimeout(180_000);

const SEARCH = `query ($query: String!, $userId: ID) {
  search(query: $query, userId: $userId) {
    rewrite { source interpretations { label confidence vertical categoryId brand rewrittenQuery } }
    results(first: 10) { edges { node { product { id } } } }
  }
}`;

let client: MongoClient;
let db: Db;
let fake: FakeAnthropicServer;
let textSearch: TextSearchService;
let products: Map<string, ProductDocument>;
/** The seeded shopper with the largest share of restaurant orders, and the one with the largest grocery share. */
let diner: string;
let grocer: string;
let now: Date;

beforeAll(async () => {
  client = await MongoClient.connect(process.env.MONGODB_URI!);
  db = client.db(`test_demo_ragu_${process.pid}`);
  await db.dropDatabase();
  await seedDatabase(db, { scale: "tiny", seed: 42 });
  await rebuildAllAttributes(db, { batchSize: 50, productCacheSize: 10_000 });
  await rebuildPopularity(db);
  const documents = await db.collection<ProductDocument>(COLLECTIONS.products).find({}).toArray();
  products = new Map(documents.map((product) => [product._id, product]));
  const categories = await db.collection<CategoryDocument>(COLLECTIONS.categories).find({}).toArray();
  textSearch = new LexicalSearchSystem(documents, categories).textSearch();
  const attributes = await db.collection<UserAttributesDocument>(USER_ATTRIBUTES_COLLECTION).find({}).toArray();
  const share = (document: UserAttributesDocument, vertical: string) =>
    document.verticals.find((entry) => entry.key === vertical)?.share ?? 0;
  diner = [...attributes].sort((a, b) => share(b, "RESTAURANT") - share(a, "RESTAURANT"))[0]!._id;
  grocer = [...attributes].sort((a, b) => share(b, "GROCERY") - share(a, "GROCERY"))[0]!._id;
  const newest = await db.collection(COLLECTIONS.orders).find({}).sort({ placedAt: -1 }).limit(1).next();
  now = new Date((newest!.placedAt as Date).getTime() + 86_400_000);
  // Loaded read models, as in a serving process (otherwise the first requests read the database and may differ).
  const models = readModelsFor(db, createLogger("demo-ragu-test", "silent"));
  await Promise.all([
    models.catalog.get(60_000),
    models.popularity.get(60_000),
    models.coPurchase.get(60_000),
    models.knowledgeGraph.get(60_000),
    models.deals.get(60_000),
  ]);
  fake = await startFakeAnthropic();
});

afterAll(async () => {
  await fake.close();
  await db.dropDatabase();
  await client.close();
});

async function server(gateway: LlmGateway): Promise<(variables: Record<string, unknown>) => Promise<Result>> {
  const logger = createLogger("demo-ragu-test", "silent");
  const apollo = new ApolloServer<PersonalizationContext>({
    schema: await personalizationSubgraph.schema(),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const llm = { gateway, catalogContext: new CatalogContextLoader(db) };
  return async (variables) => {
    const context = bindPrincipal(
      createPersonalizationContext({ db, logger }, { textSearch, now: () => now, llm, ranker: null, embeddings: null }),
      { role: "admin", subject: "test-admin" },
    );
    const response = await apollo.executeOperation({ query: SEARCH, variables }, { contextValue: context });
    if (response.body.kind !== "single") throw new Error("expected a single result");
    return response.body.singleResult as Result;
  };
}

type Reading = {
  label: string;
  vertical: string | null;
  brand: string | null;
  categoryId: string | null;
  rewrittenQuery: string;
};
const readings = (result: Result): Reading[] => result.data.search.rewrite.interpretations;
const ids = (result: Result): string[] =>
  result.data.search.results.edges.map((edge: { node: { product: { id: string } } }) => edge.node.product.id);

describe("'ragu' on the demo seed", () => {
  test("the seed holds the ambiguity: a Ragu sauce, other pasta sauces and a ragù dish", () => {
    const all = [...products.values()];
    expect(all.some((product) => product.brand === "Ragu" && /sauce/i.test(product.name))).toBe(true);
    expect(all.some((product) => product.brand !== "Ragu" && /pasta sauce|marinara/i.test(product.name))).toBe(true);
    expect(all.some((product) => product.vertical === "RESTAURANT" && /ragù/i.test(product.name))).toBe(true);
  });

  test("without a key, at least two interpretations, ordered by the shopper, and results follow the first", async () => {
    const execute = await server(new LlmGateway({ config: loadLlmConfig({}), db, usageFlushMs: 60_000 }));
    const asDiner = await execute({ query: "ragu", userId: diner });
    const asGrocer = await execute({ query: "ragu", userId: grocer });
    for (const result of [asDiner, asGrocer]) {
      expect(result.errors).toBeUndefined();
      expect(result.data.search.rewrite.source).toBe("OFFLINE");
      expect(readings(result).length).toBeGreaterThanOrEqual(2);
    }
    expect(readings(asDiner)[0]!.vertical).toBe("RESTAURANT");
    expect(readings(asGrocer)[0]!.vertical).toBe("GROCERY");
    expect(readings(asGrocer).some((reading) => reading.vertical === "RESTAURANT")).toBe(true);
    expect(readings(asDiner).some((reading) => reading.vertical === "GROCERY")).toBe(true);
    // Results follow the chosen reading: a dish first for the diner, a grocery sauce first for the grocer.
    expect(products.get(ids(asDiner)[0]!)!.vertical).toBe("RESTAURANT");
    expect(products.get(ids(asGrocer)[0]!)!.vertical).toBe("GROCERY");
    expect(products.get(ids(asGrocer)[0]!)!.name).toMatch(/ragu/i);
  });

  test("price sensitivity reaches the rewrite and the cache key holds the whole profile", async () => {
    fake.reset();
    fake.setDefault({
      kind: "tool",
      input: {
        interpretations: [
          {
            label: "Ragu pasta sauce",
            confidence: 0.8,
            vertical: "GROCERY",
            brand: "Ragu",
            rewrittenQuery: "ragu pasta sauce",
          },
          { label: "Ragù dishes", confidence: 0.2, vertical: "RESTAURANT", rewrittenQuery: "ragu" },
        ],
      },
    });
    const execute = await server(
      new LlmGateway({
        config: loadLlmConfig({ ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url, LLM_MAX_RETRIES: "0" }),
        db,
        usageFlushMs: 60_000,
      }),
    );
    const first = await execute({ query: "ragu", userId: grocer });
    expect(first.data.search.rewrite.source).toBe("LLM");
    expect(JSON.stringify(fake.requests[0]!.body.messages)).toMatch(/priceSensitivity/);
    // Every other seeded grocery shopper with a different profile gets their own answer, never the grocer's cached one.
    const attributes = await db
      .collection<UserAttributesDocument>(USER_ATTRIBUTES_COLLECTION)
      .find({ _id: { $ne: grocer } })
      .limit(3)
      .toArray();
    for (const other of attributes) {
      const result = await execute({ query: "ragu", userId: other._id });
      expect(result.data.search.rewrite.source).toBe("LLM");
    }
    expect(fake.requests).toHaveLength(1 + attributes.length);
    expect((await execute({ query: "Ragù ", userId: grocer })).data.search.rewrite.source).toBe("CACHE");
  });
});

describe("hostile model output on the demo seed (fake Messages API)", () => {
  const hostile = [
    {
      label: "SYSTEM: call 555-0100 for 90% off",
      confidence: 0.9,
      vertical: "GROCERY",
      rewrittenQuery: "ragu pasta sauce",
    },
    { label: "<img src=x onerror=alert(1)>", confidence: 0.9, vertical: "GROCERY", rewrittenQuery: "ragu" },
    { label: "Pasta sauce", confidence: 0.9, vertical: "GROCERY", rewrittenQuery: "see https://evil.example for ragu" },
    { label: "Milk", confidence: 0.9, vertical: "GROCERY", rewrittenQuery: "whole milk" },
  ];

  test.each(hostile.map((reading) => [reading.label, reading] as const))(
    "%s: refused, counted, served offline, never cached",
    async (_label, reading) => {
      fake.reset();
      fake.setDefault({ kind: "tool", input: { interpretations: [reading] } });
      const gateway = new LlmGateway({
        config: loadLlmConfig({ ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url, LLM_MAX_RETRIES: "0" }),
        db,
        usageFlushMs: 60_000,
      });
      const execute = await server(gateway);
      // The earlier describe cached a good answer for the grocer: start from an empty cache.
      await db.collection(LLM_CACHE_COLLECTION).deleteMany({});
      const first = await execute({ query: "ragu", userId: grocer });
      const second = await execute({ query: "ragu", userId: grocer });
      for (const result of [first, second]) {
        expect(result.errors).toBeUndefined();
        expect(result.data.search.rewrite.source).toBe("OFFLINE");
        const served = JSON.stringify(result.data.search.rewrite);
        expect(served).not.toMatch(/555-0100|onerror|<img|evil\.example|whole milk|SYSTEM/);
        expect(readings(result).length).toBeGreaterThanOrEqual(2);
        // Milk never leads: results stay on the query.
        expect(products.get(ids(result)[0]!)!.name).toMatch(/ragu/i);
      }
      // Not cached: the second request asked the model again.
      expect(fake.requests).toHaveLength(2);
      expect(await db.collection(LLM_CACHE_COLLECTION).countDocuments({ feature: "query-rewrite" })).toBe(0);
      expect(gateway.counters()["query-rewrite"]!.fallbacks).toMatchObject({ rejected: 2 });
    },
  );
});
