import { ApolloServer } from "@apollo/server";
import type { LlmFeatureRegistry } from "../../../subgraphs/personalization/llm-features";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import type { Db } from "mongodb";
import type { CategoryDocument } from "../../../core/documents/category.document";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { MerchantDocument, OfferDocument } from "../../../core/documents/merchant.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import type { UserDocument } from "../../../core/documents/user.document";
import { CatalogContextLoader } from "../../../core/llm/catalog-context.loader";
import { termsOf } from "../../../core/llm/context-narrowing";
import type { LlmGateway } from "../../../core/llm/llm-gateway";
import { createLogger } from "../../../core/logger";
import type { ScoredId, TextSearchService } from "../../../plugins/sdk/services";
import { createPersonalizationContext, type PersonalizationContext } from "../../../subgraphs/personalization/context";
import { personalizationSubgraph } from "../../../subgraphs/personalization/personalization.subgraph";
import { rebuildPopularity } from "../../../subgraphs/personalization/popularity.builder";
import {
  USER_ATTRIBUTES_COLLECTION,
  type UserAttributesDocument,
} from "../../../subgraphs/user-profile/attributes/user-attributes.document";
import { CATEGORIES, ITEMS } from "../../unit/llm/rewrite-catalog.fixture";
import { bindPrincipal } from "../../../subgraphs/shared/authorization";

/** Who these executions act for: in-process executions act as an admin: authorization is tested through the gateway (test/e2e/safe-to-expose.test.ts). */
const ACTS_AS_ADMIN = { role: "admin", subject: "test-admin" } as const;

/** Request time of every test. */
export const NOW = new Date("2024-06-01T12:00:00Z");
export const STORE = "s-market";

/** Attributes document with everything empty but the given shares. */
export function attributes(
  id: string,
  shares: {
    verticals?: [string, number][];
    brands?: [string, number][];
    cuisines?: [string, number][];
    categories?: [string, number][];
    sensitivity?: number;
    items?: string[];
  },
): UserAttributesDocument {
  const entries = (list: [string, number][] = []) =>
    list.map(([key, share]) => ({ key, share, lines: Math.round(share * 20) }));
  return {
    _id: id,
    asOf: NOW,
    computedAt: NOW,
    purchaseLines: 20,
    occasions: 6,
    units: 20,
    items: (shares.items ?? []).map((productId) => ({
      productId,
      purchaseCount: 4,
      units: 4,
      lastPurchasedAt: new Date(NOW.getTime() - 5 * 86400_000),
      reorderIntervalDays: 7,
      nextReorderDueAt: null,
    })),
    categories: entries(shares.categories),
    verticals: entries(shares.verticals) as UserAttributesDocument["verticals"],
    brands: entries(shares.brands),
    brandLoyalty: shares.brands ? 0.5 : null,
    categoryBrandLoyalty: [],
    price: {
      index: 1,
      dealShare: 0.2,
      meanDiscountRate: 0.05,
      sensitivity: shares.sensitivity ?? 0.4,
      linesCompared: 10,
    },
    size: { index: 1, bulkShare: 0, linesCompared: 0 },
    stockUp: { medianDaysBetweenOccasions: 7, meanUnitsPerOccasion: 3, stockUpShare: 0 },
    dietary: [],
    cuisines: entries(shares.cuisines),
  };
}

/** Inserts the "ragu" catalog (sauces, dishes, wine…), a store, and a diner and a grocer. */
export async function insertRaguCatalog(db: Db): Promise<void> {
  await db.collection<CategoryDocument>(COLLECTIONS.categories).insertMany(
    CATEGORIES.map((c) => ({
      _id: c.id,
      name: c.name,
      vertical: c.vertical,
      parentId: c.parentId,
      path: c.path,
      depth: c.depth,
      source: "test",
    })),
  );
  await db.collection<ProductDocument>(COLLECTIONS.products).insertMany(
    ITEMS.map((item, i) => ({
      _id: item.id,
      name: item.name,
      ...(item.brand ? { brand: item.brand } : {}),
      vertical: item.vertical,
      categoryId: item.categoryId,
      categoryPath: item.categoryPath,
      tags: item.tags,
      ...(item.merchantId ? { merchantId: item.merchantId } : {}),
      ...(item.cuisines ? { cuisines: item.cuisines } : {}),
      price: 2 + i,
      currency: "USD",
      source: "test",
      createdAt: NOW,
      updatedAt: NOW,
    })),
  );
  await db
    .collection<MerchantDocument>(COLLECTIONS.merchants)
    .insertOne({ _id: STORE, name: "Pasta Market", kind: "STORE", verticals: ["GROCERY"], source: "test" });
  await db.collection<OfferDocument>(COLLECTIONS.offers).insertMany(
    ITEMS.filter((item) => item.vertical === "GROCERY").map((item) => ({
      _id: `${STORE}|${item.id}`,
      merchantId: STORE,
      productId: item.id,
      price: 3,
      available: item.id !== "p-raos",
    })),
  );
  const user = (id: string): UserDocument => ({
    _id: id,
    name: id,
    ageVerified: false,
    preferences: { dietary: [], excludedBrands: [], excludedCategoryIds: [] },
    createdAt: NOW,
    source: "test",
  });
  await db.collection<UserDocument>(COLLECTIONS.users).insertMany([user("u-diner"), user("u-grocer")]);
  await db.collection<UserAttributesDocument>(USER_ATTRIBUTES_COLLECTION).insertMany([
    attributes("u-diner", {
      verticals: [
        ["RESTAURANT", 0.8],
        ["GROCERY", 0.2],
      ],
      cuisines: [["italian", 0.6]],
      categories: [["restaurant-italian", 0.8]],
      items: ["d-tagliatelle"],
    }),
    attributes("u-grocer", {
      verticals: [
        ["GROCERY", 0.9],
        ["RESTAURANT", 0.1],
      ],
      brands: [["Ragu", 0.3]],
      categories: [
        ["pasta-sauce", 0.6],
        ["dry-pasta", 0.3],
      ],
      sensitivity: 0.8,
      items: ["p-ragu-traditional", "p-spaghetti"],
    }),
  ]);
  await rebuildPopularity(db);
}

/** Lexical stand-in for the catalog's BM25: hits = items sharing a word (prefix 3+) with the query, more shared words first. */
export function stubTextSearch(db: Db): TextSearchService {
  return {
    async search(query: string, limit: number): Promise<ScoredId[]> {
      const terms = termsOf(query);
      const products = await db
        .collection<ProductDocument>(COLLECTIONS.products)
        .find({}, { projection: { name: 1, brand: 1 } })
        .toArray();
      return products
        .map((product) => {
          const words = termsOf(`${product.name} ${product.brand ?? ""}`);
          return {
            productId: product._id,
            score: terms.filter((term) => words.some((word) => word.startsWith(term.replace(/s$/, "")))).length,
          };
        })
        .filter((hit) => hit.score > 0)
        .sort((a, b) => b.score - a.score || a.productId.localeCompare(b.productId))
        .slice(0, limit);
    },
  };
}

/** Parts of a GraphQL result the tests read. */
export interface Result {
  // GraphQL data is untyped JSON; each test reads the shape its query asked for.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data?: any;
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
}

/** A socket-free personalization server using `gateway` for every LLM feature (of `features`, default the served registry). */
export async function llmServer(
  db: Db,
  gateway: LlmGateway,
  features?: LlmFeatureRegistry,
): Promise<(query: string, variables?: Record<string, unknown>) => Promise<Result>> {
  const logger = createLogger("llm-features-test", "silent");
  const server = new ApolloServer<PersonalizationContext>({
    schema: await personalizationSubgraph.schema(),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const llm = { gateway, catalogContext: new CatalogContextLoader(db) };
  const textSearch = stubTextSearch(db);
  return async (query, variables) => {
    const response = await server.executeOperation(
      { query, variables },
      {
        contextValue: bindPrincipal(
          createPersonalizationContext({ db, logger }, { textSearch, now: () => NOW, llm, features }),
          ACTS_AS_ADMIN,
        ),
      },
    );
    if (response.body.kind !== "single") throw new Error("expected a single result");
    return response.body.singleResult as Result;
  };
}
