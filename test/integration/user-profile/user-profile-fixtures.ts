import "reflect-metadata";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { MongoClient, type Db } from "mongodb";
import type { CategoryDocument } from "../../../core/documents/category.document";
import { COLLECTIONS } from "../../../core/documents/collections";
import type { MerchantDocument, OfferDocument } from "../../../core/documents/merchant.document";
import type { OrderDocument } from "../../../core/documents/order.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import type { UserDocument } from "../../../core/documents/user.document";
import { createLogger } from "../../../core/logger";
import { createUserProfileContext, type UserProfileContext } from "../../../subgraphs/user-profile/context";
import { userProfileSubgraph } from "../../../subgraphs/user-profile/user-profile.subgraph";
import { bindPrincipal } from "../../../subgraphs/shared/authorization";

/** Who these executions act for: in-process executions act as an admin: authorization is tested through the gateway (test/e2e/safe-to-expose.test.ts). */
const ACTS_AS_ADMIN = { role: "admin", subject: "test-admin" } as const;

const created = new Date("2024-01-01T00:00:00Z");

function product(id: string, fields: Partial<ProductDocument>): ProductDocument {
  return {
    _id: id,
    name: id,
    vertical: "GROCERY",
    categoryId: "milk",
    categoryPath: ["grocery", "dairy", "milk"],
    price: 2,
    currency: "USD",
    tags: [],
    source: "test",
    createdAt: created,
    updatedAt: created,
    ...fields,
  };
}

/** A small catalog: milk (two brands and sizes), bread, two restaurant dishes, soap. */
export const PRODUCTS: ProductDocument[] = [
  product("p-milk-a", {
    brand: "Acme",
    size: { value: 1, unit: "l", count: 1, text: "1 l" },
    tags: ["vegetarian", "gluten-free"],
  }),
  product("p-milk-b", {
    brand: "Bolt",
    price: 3,
    size: { value: 2, unit: "l", count: 1, text: "2 l" },
    tags: ["vegan", "vegetarian"],
  }),
  product("p-milk-c", {
    brand: "Acme",
    price: 1,
    size: { value: 500, unit: "ml", count: 1, text: "500 ml" },
    tags: ["vegetarian"],
  }),
  product("p-bread", {
    categoryId: "bread",
    categoryPath: ["grocery", "bakery", "bread"],
    brand: "Loaf",
    price: 3,
    tags: ["vegan"],
  }),
  product("p-ramen", {
    vertical: "RESTAURANT",
    categoryId: "dishes",
    categoryPath: ["restaurant", "dishes"],
    price: 12,
    merchantId: "m-noodle",
    cuisines: ["japanese"],
  }),
  product("p-curry", {
    vertical: "RESTAURANT",
    categoryId: "dishes",
    categoryPath: ["restaurant", "dishes"],
    price: 10,
    merchantId: "m-noodle",
    cuisines: ["japanese", "indian"],
  }),
  product("p-soap", {
    vertical: "RETAIL",
    categoryId: "soap",
    categoryPath: ["retail", "soap"],
    brand: "Clean",
    price: 4,
  }),
];

export const CATEGORIES: CategoryDocument[] = [
  { _id: "milk", name: "Milk", vertical: "GROCERY", parentId: null, path: ["milk"], depth: 0, source: "test" },
  { _id: "bread", name: "Bread", vertical: "GROCERY", parentId: null, path: ["bread"], depth: 0, source: "test" },
];

export const MERCHANTS: MerchantDocument[] = [
  { _id: "m-store", name: "Corner Store", kind: "STORE", verticals: ["GROCERY"], source: "test" },
  {
    _id: "m-noodle",
    name: "Noodle Bar",
    kind: "RESTAURANT",
    verticals: ["RESTAURANT"],
    cuisines: ["japanese"],
    source: "test",
  },
];

export const OFFERS: OfferDocument[] = [
  { _id: "m-store|p-milk-a", merchantId: "m-store", productId: "p-milk-a", price: 1.5, available: true },
  { _id: "m-store|p-bread", merchantId: "m-store", productId: "p-bread", price: 3, available: true },
  { _id: "m-store|p-milk-b", merchantId: "m-store", productId: "p-milk-b", price: 3, available: false },
];

/** A shopper with explicit preferences. */
export function user(id: string, dietary: string[] = []): UserDocument {
  return {
    _id: id,
    name: `User ${id}`,
    ageVerified: true,
    preferences: { dietary, excludedBrands: [], excludedCategoryIds: [] },
    createdAt: created,
    source: "test",
  };
}

/** An order of one product per line at list price. */
export function order(
  id: string,
  userId: string,
  placedAt: Date,
  lines: [productId: string, quantity: number][],
): OrderDocument {
  const priced = lines.map(([productId, quantity]) => ({
    productId,
    quantity,
    unitPrice: PRODUCTS.find((p) => p._id === productId)?.price ?? 1,
    discount: 0,
  }));
  return {
    _id: id,
    userId,
    placedAt,
    lines: priced,
    total: priced.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0),
    source: "test",
  };
}

/** A test database with the catalog fixtures, and a socket-free executor of the user-profile schema. */
export interface Harness {
  client: MongoClient;
  db: Db;
  run<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
  close(): Promise<void>;
}

/** Opens database `name` (dropped first and on close), loads the catalog fixtures and builds the schema. */
export async function openHarness(name: string): Promise<Harness> {
  const client = new MongoClient(process.env.MONGODB_URI!);
  await client.connect();
  const db = client.db(name);
  await db.dropDatabase();
  await db.collection<ProductDocument>(COLLECTIONS.products).insertMany(PRODUCTS);
  await db.collection<CategoryDocument>(COLLECTIONS.categories).insertMany(CATEGORIES);
  await db.collection<MerchantDocument>(COLLECTIONS.merchants).insertMany(MERCHANTS);
  await db.collection<OfferDocument>(COLLECTIONS.offers).insertMany(OFFERS);
  await userProfileSubgraph.ensureIndexes(db);
  const server = new ApolloServer<UserProfileContext>({
    schema: await userProfileSubgraph.schema(),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const logger = createLogger("test", "silent");
  return {
    client,
    db,
    async run(query, variables) {
      const response = await server.executeOperation(
        { query, variables },
        { contextValue: bindPrincipal(createUserProfileContext({ db, logger }), ACTS_AS_ADMIN) },
      );
      if (response.body.kind !== "single") throw new Error("unexpected incremental response");
      return response.body.singleResult as never;
    },
    async close() {
      await db.dropDatabase();
      await client.close();
    },
  };
}
