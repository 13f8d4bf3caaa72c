import { MongoClient, type Db } from "mongodb";
import { catalogServer, errorCode, insertCatalog, type ExecuteResult } from "./catalog-fixtures";

let client: MongoClient;
let db: Db;
let execute: (query: string, variables?: Record<string, unknown>) => Promise<ExecuteResult>;

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!);
  db = client.db(`test_catalog_merchants_${process.pid}`);
  await insertCatalog(db);
  ({ execute } = await catalogServer(db));
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

const OFFERS = `
  query ($id: ID!, $first: Int, $after: String, $filter: OfferFilter) {
    merchant(id: $id) {
      name kind verticals cuisines city
      offers(first: $first, after: $after, filter: $filter) {
        edges { cursor node { productId price available product { name } } }
        pageInfo { hasNextPage endCursor }
        totalCount
      }
    }
  }`;

describe("merchants and their assortment", () => {
  test("a merchant with its offers, paginated and filtered", async () => {
    const first = await execute(OFFERS, { id: "m-store", first: 3 });
    expect(first.errors).toBeUndefined();
    const merchant = first.data.merchant;
    expect(merchant).toMatchObject({
      name: "Corner Market",
      kind: "STORE",
      verticals: ["GROCERY"],
      cuisines: [],
      city: "Portland",
    });
    expect(merchant.offers.totalCount).toBe(5);
    expect(merchant.offers.edges.map((e: { node: { productId: string } }) => e.node.productId)).toEqual([
      "p-apple",
      "p-banana",
      "p-banana-bread",
    ]);
    expect(merchant.offers.edges[1].node).toEqual({
      productId: "p-banana",
      price: 0.3,
      available: true,
      product: { name: "Bananas" },
    });
    const rest = await execute(OFFERS, { id: "m-store", first: 3, after: merchant.offers.pageInfo.endCursor });
    expect(rest.data.merchant.offers.edges.map((e: { node: { productId: string } }) => e.node.productId)).toEqual([
      "p-banana-org",
      "p-cheese-01",
    ]);
    expect(rest.data.merchant.offers.pageInfo.hasNextPage).toBe(false);
    const stocked = await execute(OFFERS, { id: "m-store", filter: { inStock: true, maxPrice: 3 } });
    expect(stocked.data.merchant.offers.edges.map((e: { node: { productId: string } }) => e.node.productId)).toEqual([
      "p-apple",
      "p-banana",
      "p-cheese-01",
    ]);
    expect(stocked.data.merchant.offers.totalCount).toBe(3);
  });

  test("unknown merchant is null; bad page size, cursor and prices are BAD_USER_INPUT", async () => {
    expect((await execute(OFFERS, { id: "m-nowhere" })).data.merchant).toBeNull();
    expect(errorCode(await execute(OFFERS, { id: "m-store", first: 101 }))).toBe("BAD_USER_INPUT");
    expect(errorCode(await execute(OFFERS, { id: "m-store", after: "%%%" }))).toBe("BAD_USER_INPUT");
    expect(errorCode(await execute(OFFERS, { id: "m-store", filter: { minPrice: 3, maxPrice: 1 } }))).toBe(
      "BAD_USER_INPUT",
    );
  });

  test("merchants lists by id, by vertical, and resolves Merchant entities", async () => {
    const all = await execute(
      `{ merchants(first: 1) { edges { node { id } } pageInfo { hasNextPage endCursor } totalCount } restaurants: merchants(vertical: RESTAURANT) { edges { node { id name cuisines } } totalCount } }`,
    );
    expect(all.errors).toBeUndefined();
    expect(all.data.merchants.edges).toEqual([{ node: { id: "m-store" } }]);
    expect(all.data.merchants.pageInfo.hasNextPage).toBe(true);
    expect(all.data.merchants.totalCount).toBe(2);
    expect(all.data.restaurants).toEqual({
      edges: [{ node: { id: "m-thai", name: "Thai Basil", cuisines: ["thai"] } }],
      totalCount: 1,
    });
    const next = await execute(
      `query ($after: String) { merchants(first: 1, after: $after) { edges { node { id } } pageInfo { hasNextPage } } }`,
      { after: all.data.merchants.pageInfo.endCursor },
    );
    expect(next.data.merchants).toEqual({ edges: [{ node: { id: "m-thai" } }], pageInfo: { hasNextPage: false } });
    expect(errorCode(await execute(`{ merchants(first: 1000) { totalCount } }`))).toBe("BAD_USER_INPUT");
    const entities = await execute(
      `{ _entities(representations: [{ __typename: "Merchant", id: "m-thai" }, { __typename: "Merchant", id: "m-none" }]) { ... on Merchant { id kind } } }`,
    );
    expect(entities.data._entities).toEqual([{ id: "m-thai", kind: "RESTAURANT" }, null]);
  });
});
