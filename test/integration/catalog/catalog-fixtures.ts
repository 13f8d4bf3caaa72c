import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import type { Db } from "mongodb";
import type { CategoryDocument } from "../../../core/documents/category.document";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { MerchantDocument, OfferDocument } from "../../../core/documents/merchant.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import { createLogger } from "../../../core/logger";
import { catalogSubgraph } from "../../../subgraphs/catalog/catalog.subgraph";
import { createCatalogContext, type CatalogContext } from "../../../subgraphs/catalog/context";

/** A small catalog: GROCERY › (Produce › Fruit, Bakery › Bread, Dairy), one store, one restaurant. */
export const CATEGORIES: CategoryDocument[] = [
  category("grocery", "Grocery", null, []),
  category("produce", "Produce", "grocery", ["grocery"]),
  category("fruit", "Fresh Fruit", "produce", ["grocery", "produce"]),
  category("bakery", "Bakery", "grocery", ["grocery"]),
  category("bread", "Bread", "bakery", ["grocery", "bakery"]),
  category("dairy", "Dairy", "grocery", ["grocery"]),
  category("restaurant", "Restaurants", null, [], "RESTAURANT"),
];

/** Named products the search and filter tests reason about. */
export const NAMED: ProductDocument[] = [
  product("p-banana", "Bananas", "fruit", 0.25, []),
  product("p-banana-org", "Organic Bananas", "fruit", 1.99, ["organic", "vegan"], "Nature's Best"),
  product("p-banana-bread", "Banana Bread", "bread", 4.5, ["vegetarian"], "Home Bakery"),
  product("p-apple", "Honeycrisp Apples", "fruit", 3, ["organic", "vegan"]),
  product("p-yogurt", "Strawberry Banana Yogurt", "dairy", 1.2, ["vegetarian", "gluten-free"], "Chobani"),
  product("p-sourdough", "Sourdough Bread", "bread", 5, ["vegan"]),
  {
    ...product("p-pad-thai", "Pad Thai with Tofu", "restaurant", 12, ["vegan"]),
    vertical: "RESTAURANT",
    merchantId: "m-thai",
    cuisines: ["thai"],
    ingredients: ["rice noodles", "tofu", "peanuts"],
  },
];

/** Filler dairy products (cheeses), enough for pagination and the 50-entity test. */
export const FILLER: ProductDocument[] = Array.from({ length: 44 }, (_, i) => {
  const n = String(i + 1).padStart(2, "0");
  return product(
    `p-cheese-${n}`,
    `Aged Cheddar Cheese Block ${n}`,
    "dairy",
    2 + i * 0.5,
    i % 2 === 0 ? ["vegetarian"] : [],
  );
});

export const MERCHANTS: MerchantDocument[] = [
  { _id: "m-store", name: "Corner Market", kind: "STORE", verticals: ["GROCERY"], city: "Portland", source: "test" },
  {
    _id: "m-thai",
    name: "Thai Basil",
    kind: "RESTAURANT",
    verticals: ["RESTAURANT"],
    cuisines: ["thai"],
    source: "test",
  },
];

export const OFFERS: OfferDocument[] = [
  offer("m-store", "p-banana", 0.3, true),
  offer("m-store", "p-banana-org", 2.1, false),
  offer("m-store", "p-apple", 2.5, true),
  offer("m-store", "p-banana-bread", 5, true),
  offer("m-store", "p-cheese-01", 3, true),
  offer("m-thai", "p-pad-thai", 12, true),
];

/** Inserts the fixture catalog into `db`. */
export async function insertCatalog(db: Db): Promise<void> {
  await db.collection<CategoryDocument>(COLLECTIONS.categories).insertMany(CATEGORIES);
  await db.collection<ProductDocument>(COLLECTIONS.products).insertMany([...NAMED, ...FILLER]);
  await db.collection<MerchantDocument>(COLLECTIONS.merchants).insertMany(MERCHANTS);
  await db.collection<OfferDocument>(COLLECTIONS.offers).insertMany(OFFERS);
}

/** A socket-free catalog server and an `execute` that builds a fresh request context each call. */
export async function catalogServer(db: Db): Promise<{
  execute: (query: string, variables?: Record<string, unknown>) => Promise<ExecuteResult>;
  server: ApolloServer<CatalogContext>;
}> {
  const server = new ApolloServer<CatalogContext>({
    schema: await catalogSubgraph.schema(),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const logger = createLogger("catalog-test", "silent");
  return {
    server,
    async execute(query, variables) {
      const response = await server.executeOperation(
        { query, variables },
        { contextValue: createCatalogContext({ db, logger }) },
      );
      if (response.body.kind !== "single") throw new Error("expected a single result");
      return response.body.singleResult as ExecuteResult;
    },
  };
}

/** The parts of a GraphQL result the tests read. */
export interface ExecuteResult {
  // GraphQL data is untyped JSON; each test reads the shape its query asked for.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data?: any;
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
}

/** The `extensions.code` of the first error, or undefined. */
export function errorCode(result: ExecuteResult): unknown {
  return result.errors?.[0]?.extensions?.code;
}

function category(
  id: string,
  name: string,
  parentId: string | null,
  ancestors: string[],
  vertical: CategoryDocument["vertical"] = "GROCERY",
): CategoryDocument {
  return { _id: id, name, vertical, parentId, path: [...ancestors, id], depth: ancestors.length, source: "test" };
}

/** A product in `categoryId` (path from the fixture tree). */
export function product(
  id: string,
  name: string,
  categoryId: string,
  price: number,
  tags: string[],
  brand?: string,
): ProductDocument {
  const path = CATEGORIES.find((c) => c._id === categoryId)?.path ?? [categoryId];
  const now = new Date("2024-01-01T00:00:00Z");
  return {
    _id: id,
    name,
    ...(brand ? { brand } : {}),
    vertical: "GROCERY",
    categoryId,
    categoryPath: path,
    price,
    currency: "USD",
    tags,
    source: "test",
    createdAt: now,
    updatedAt: now,
  };
}

function offer(merchantId: string, productId: string, price: number, available: boolean): OfferDocument {
  return { _id: `${merchantId}|${productId}`, merchantId, productId, price, available };
}
