import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import type { Db } from "mongodb";
import type { CategoryDocument } from "../../../core/documents/category.document";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { MerchantDocument, OfferDocument } from "../../../core/documents/merchant.document";
import type { OrderDocument } from "../../../core/documents/order.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import type { UserDocument } from "../../../core/documents/user.document";
import type { Vertical } from "../../../core/documents/vertical";
import { createLogger, type Logger } from "../../../core/logger";
import { catalogSubgraph } from "../../../subgraphs/catalog/catalog.subgraph";
import { createCatalogContext } from "../../../subgraphs/catalog/context";
import { createPersonalizationContext, type PersonalizationContext } from "../../../subgraphs/personalization/context";
import { personalizationSubgraph } from "../../../subgraphs/personalization/personalization.subgraph";
import { rebuildPopularity } from "../../../subgraphs/personalization/popularity.builder";
import { DEALS_COLLECTION, type DealDocument } from "../../../subgraphs/personalization/services/deals.document";
import { CatalogTextSearch } from "../../../subgraphs/personalization/services/text-search.service";
import { timingsPlugin } from "../../../subgraphs/personalization/timings.plugin";
import {
  USER_ATTRIBUTES_COLLECTION,
  type UserAttributesDocument,
} from "../../../subgraphs/user-profile/attributes/user-attributes.document";
import { bindPrincipal } from "../../../subgraphs/shared/authorization";

/** Who these executions act for: in-process executions act as an admin: authorization is tested through the gateway (test/e2e/safe-to-expose.test.ts). */
const ACTS_AS_ADMIN = { role: "admin", subject: "test-admin" } as const;

/** Request time of every test (fixtures are dated relative to it). */
export const NOW = new Date("2024-06-01T12:00:00Z");
const DAY = 86_400_000;

const tree: [string, string, string | null, Vertical][] = [
  ["grocery", "Grocery", null, "GROCERY"],
  ["dairy", "Dairy", "grocery", "GROCERY"],
  ["milk", "Milk", "dairy", "GROCERY"],
  ["yogurt", "Yogurt", "dairy", "GROCERY"],
  ["snacks", "Snacks", "grocery", "GROCERY"],
  ["chips", "Chips", "snacks", "GROCERY"],
  ["cookies", "Cookies", "snacks", "GROCERY"],
  ["alcohol", "Alcohol", null, "ALCOHOL"],
  ["beer", "Beer", "alcohol", "ALCOHOL"],
  ["retail", "Retail", null, "RETAIL"],
  ["home", "Home", "retail", "RETAIL"],
  ["candles", "Candles", "home", "RETAIL"],
];
export const CATEGORIES: CategoryDocument[] = tree.map(([id, name, parentId, vertical]) => {
  const path: string[] = [id];
  for (let parent = parentId; parent; parent = tree.find((entry) => entry[0] === parent)![2]) path.unshift(parent);
  return { _id: id, name, vertical, parentId, path, depth: path.length - 1, source: "test" };
});

function product(
  id: string,
  name: string,
  categoryId: string,
  price: number,
  tags: string[],
  brand?: string,
  unit?: number,
): ProductDocument {
  const category = CATEGORIES.find((c) => c._id === categoryId)!;
  return {
    _id: id,
    name,
    ...(brand ? { brand } : {}),
    vertical: category.vertical,
    categoryId,
    categoryPath: category.path,
    price,
    currency: "USD",
    ...(unit ? { unitPrice: { value: unit, per: "l" } } : {}),
    tags,
    source: "test",
    createdAt: new Date(Date.UTC(2024, 0, 1) + Number(id.replace(/\D/g, "")) * DAY),
    updatedAt: new Date(Date.UTC(2024, 0, 1)),
  };
}

const brands = ["Moo", "Oat Co", "Crunch", "Baker", "Hops"];
export const PRODUCTS: ProductDocument[] = [
  ...Array.from({ length: 8 }, (_, i) =>
    product(
      `milk${i}`,
      `${i % 2 ? "Oat" : "Whole"} Milk ${i}`,
      "milk",
      2 + i * 0.3,
      i % 2 ? ["vegan", "organic"] : ["vegetarian"],
      i % 2 ? "Oat Co" : "Moo",
      1 + i * 0.4,
    ),
  ),
  ...Array.from({ length: 6 }, (_, i) =>
    product(
      `yog${i}`,
      `Yogurt ${i}`,
      "yogurt",
      1 + i * 0.2,
      i === 0 ? ["vegan", "low-sugar"] : ["vegetarian"],
      brands[i % 2],
    ),
  ),
  ...Array.from({ length: 8 }, (_, i) =>
    product(
      `chip${i}`,
      `Potato Chips ${i}`,
      "chips",
      2.5 + i * 0.2,
      i % 3 === 0 ? ["vegan"] : [],
      i < 4 ? "Crunch" : `Chipco${i}`,
    ),
  ),
  ...Array.from({ length: 6 }, (_, i) =>
    product(`cookie${i}`, `Cookies ${i}`, "cookies", 3 + i * 0.5, i === 2 ? ["vegan", "whole-grain"] : [], "Baker"),
  ),
  ...Array.from({ length: 4 }, (_, i) =>
    product(`beer${i}`, `Lager Beer ${i}`, "beer", 9 + i, ["age-restricted", "vegan"], "Hops"),
  ),
  ...Array.from({ length: 4 }, (_, i) =>
    product(`candle${i}`, `Scented Candle ${i}`, "candles", 12 + i, [], `Glow${i}`),
  ),
];

export const STORE = "s1";
export const MERCHANTS: MerchantDocument[] = [
  { _id: STORE, name: "Corner Market", kind: "STORE", verticals: ["GROCERY"], source: "test" },
];
/** The store sells milk0-5 (milk5 out of stock), every yogurt and chip; nothing else. */
export const OFFERS: OfferDocument[] = PRODUCTS.filter((p) => /^(milk[0-5]|yog|chip)/.test(p._id)).map((p) => ({
  _id: `${STORE}|${p._id}`,
  merchantId: STORE,
  productId: p._id,
  price: p.price,
  available: p._id !== "milk5",
}));

function user(id: string, preferences: Partial<UserDocument["preferences"]> = {}, ageVerified = false): UserDocument {
  return {
    _id: id,
    name: id,
    ageVerified,
    preferences: { dietary: [], excludedBrands: [], excludedCategoryIds: [], ...preferences },
    createdAt: new Date("2023-01-01T00:00:00Z"),
    source: "test",
  };
}
export const USERS: UserDocument[] = [
  user("u-warm"),
  user("u-attr", {}, true),
  user("u-vegan", { dietary: ["vegan"] }),
  user("u-picky", { excludedBrands: ["moo"], excludedCategoryIds: ["snacks"] }),
  user("u-new"),
];

let orderNumber = 0;
function order(userId: string, daysAgo: number, productIds: string[]): OrderDocument {
  orderNumber += 1;
  return {
    _id: `o${orderNumber}`,
    userId,
    merchantId: STORE,
    placedAt: new Date(NOW.getTime() - daysAgo * DAY),
    lines: productIds.map((productId) => ({
      productId,
      quantity: 1,
      unitPrice: 2,
      discount: productId.startsWith("chip") ? 0.5 : 0,
    })),
    total: productIds.length * 2,
    source: "test",
  };
}
export const ORDERS: OrderDocument[] = [
  ...[35, 28, 21, 14, 7].map((d) => order("u-warm", d, ["milk0", "chip1", ...(d % 2 ? ["yog2"] : ["cookie1"])])),
  ...[20, 10].map((d) => order("u-vegan", d, ["milk1", "yog0", "chip0"])),
  ...[20, 10].map((d) => order("u-picky", d, ["milk0", "milk2", "chip1"])),
  // Other shoppers make popularity: lower numbers are more popular.
  ...Array.from({ length: 12 }, (_, i) =>
    order(
      `crowd${i}`,
      3 + i,
      PRODUCTS.filter((_, j) => j % (i + 2) === 0).map((p) => p._id),
    ),
  ),
];

export const ATTRIBUTES: UserAttributesDocument = {
  _id: "u-attr",
  asOf: new Date(NOW.getTime() - 3 * DAY),
  computedAt: NOW,
  purchaseLines: 20,
  occasions: 6,
  units: 22,
  items: [
    {
      productId: "milk3",
      purchaseCount: 6,
      units: 6,
      lastPurchasedAt: new Date(NOW.getTime() - 7 * DAY),
      reorderIntervalDays: 7,
      nextReorderDueAt: NOW,
    },
    {
      productId: "yog4",
      purchaseCount: 3,
      units: 3,
      lastPurchasedAt: new Date(NOW.getTime() - 10 * DAY),
      reorderIntervalDays: 14,
      nextReorderDueAt: new Date(NOW.getTime() + 4 * DAY),
    },
    {
      productId: "beer1",
      purchaseCount: 2,
      units: 2,
      lastPurchasedAt: new Date(NOW.getTime() - 30 * DAY),
      reorderIntervalDays: null,
      nextReorderDueAt: null,
    },
  ],
  categories: [
    { key: "milk", share: 0.5, lines: 10 },
    { key: "yogurt", share: 0.3, lines: 6 },
    { key: "beer", share: 0.2, lines: 4 },
  ],
  verticals: [
    { key: "GROCERY", share: 0.8, lines: 16 },
    { key: "ALCOHOL", share: 0.2, lines: 4 },
  ],
  brands: [{ key: "Oat Co", share: 0.5, lines: 10 }],
  brandLoyalty: 0.6,
  categoryBrandLoyalty: [],
  price: { index: 0.9, dealShare: 0.5, meanDiscountRate: 0.1, sensitivity: 0.7, linesCompared: 20 },
  size: { index: 1, bulkShare: 0, linesCompared: 10 },
  stockUp: { medianDaysBetweenOccasions: 7, meanUnitsPerOccasion: 3, stockUpShare: 0 },
  dietary: [],
  cuisines: [],
};

export const DEALS: DealDocument[] = [
  {
    _id: "deal1",
    userId: "u-warm",
    productId: "chip2",
    kind: "PERCENT_OFF",
    value: 20,
    expiresAt: new Date(NOW.getTime() + 5 * DAY),
    reason: "20% off chips you like",
  },
  {
    _id: "deal-expired",
    userId: "u-warm",
    productId: "chip3",
    kind: "AMOUNT_OFF",
    value: 1,
    expiresAt: new Date(NOW.getTime() - DAY),
    reason: "expired",
  },
];

/** Inserts every fixture and computes popularity. */
export async function insertFixtures(db: Db): Promise<void> {
  await db.collection<CategoryDocument>(COLLECTIONS.categories).insertMany(CATEGORIES);
  await db.collection<ProductDocument>(COLLECTIONS.products).insertMany(PRODUCTS);
  await db.collection<MerchantDocument>(COLLECTIONS.merchants).insertMany(MERCHANTS);
  await db.collection<OfferDocument>(COLLECTIONS.offers).insertMany(OFFERS);
  await db.collection<UserDocument>(COLLECTIONS.users).insertMany(USERS);
  await db.collection<OrderDocument>(COLLECTIONS.orders).insertMany(ORDERS);
  await db.collection<UserAttributesDocument>(USER_ATTRIBUTES_COLLECTION).insertOne(ATTRIBUTES);
  await db.collection<DealDocument>(DEALS_COLLECTION).insertMany(DEALS);
  await rebuildPopularity(db);
}

/** The parts of a GraphQL result the tests read. */
export interface Result {
  // GraphQL data is untyped JSON; each test reads the shape its query asked for.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data?: any;
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, unknown>;
}

/** Lexical text search through an in-process catalog server over `db` (no sockets). */
export async function inProcessCatalogTextSearch(db: Db, logger: Logger): Promise<CatalogTextSearch> {
  const catalog = new ApolloServer({
    schema: await catalogSubgraph.schema(),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  return new CatalogTextSearch(async (query, variables) => {
    const response = await catalog.executeOperation(
      { query, variables },
      { contextValue: createCatalogContext({ db, logger }) },
    );
    if (response.body.kind !== "single") throw new Error("expected a single result");
    return response.body.singleResult as { data?: unknown; errors?: { message: string }[] };
  }, 30000);
}

/** A socket-free personalization server whose text search calls an in-process catalog server. */
export async function personalizationServer(db: Db): Promise<{
  execute: (
    query: string,
    variables?: Record<string, unknown>,
    extensions?: Record<string, unknown>,
  ) => Promise<Result>;
}> {
  const logger = createLogger("personalization-test", "silent");
  const textSearch = await inProcessCatalogTextSearch(db, logger);
  const server = new ApolloServer<PersonalizationContext>({
    schema: await personalizationSubgraph.schema(),
    plugins: [ApolloServerPluginInlineTraceDisabled(), timingsPlugin()],
  });
  return {
    async execute(query, variables, extensions) {
      const response = await server.executeOperation(
        { query, variables, extensions },
        {
          contextValue: bindPrincipal(
            createPersonalizationContext({ db, logger }, { textSearch, now: () => NOW, ranker: null }),
            ACTS_AS_ADMIN,
          ),
        },
      );
      if (response.body.kind !== "single") throw new Error("expected a single result");
      return response.body.singleResult as Result;
    },
  };
}

/** `extensions.code` of the first error. */
export function errorCode(result: Result): unknown {
  return result.errors?.[0]?.extensions?.code;
}
