import { MongoClient, type CommandStartedEvent, type Db } from "mongodb";
import { FILLER, NAMED, catalogServer, errorCode, insertCatalog, type ExecuteResult } from "./catalog-fixtures";

const PRODUCTS_QUERY = `
  query ($id: ID!, $first: Int, $after: String, $filter: ProductFilter) {
    category(id: $id) {
      products(first: $first, after: $after, filter: $filter) {
        edges { cursor node { id } }
        pageInfo { hasNextPage endCursor }
        totalCount
      }
    }
  }`;

let client: MongoClient;
let db: Db;
let execute: (query: string, variables?: Record<string, unknown>) => Promise<ExecuteResult>;
const finds: CommandStartedEvent[] = [];

beforeAll(async () => {
  client = new MongoClient(process.env.MONGODB_URI!, { monitorCommands: true });
  client.on("commandStarted", (event) => {
    if (event.commandName === "find") finds.push(event);
  });
  db = client.db(`test_catalog_products_${process.pid}`);
  await insertCatalog(db);
  ({ execute } = await catalogServer(db));
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

async function ids(
  categoryId: string,
  filter?: Record<string, unknown>,
  first = 100,
): Promise<{ ids: string[]; totalCount: number; result: ExecuteResult }> {
  const result = await execute(PRODUCTS_QUERY, { id: categoryId, first, filter });
  const connection = result.data?.category?.products;
  return {
    ids: connection ? connection.edges.map((edge: { node: { id: string } }) => edge.node.id) : [],
    totalCount: connection?.totalCount,
    result,
  };
}

describe("Category.products", () => {
  test("includes the whole subtree, ordered by id, with totalCount", async () => {
    const all = await ids("grocery");
    const grocery = [...NAMED, ...FILLER]
      .filter((p) => p.categoryPath.includes("grocery"))
      .map((p) => p._id)
      .sort();
    expect(all.ids).toEqual(grocery);
    expect(all.totalCount).toBe(grocery.length);
    expect((await ids("produce")).ids).toEqual(["p-apple", "p-banana", "p-banana-org"]);
    expect((await ids("fruit")).ids).toEqual(["p-apple", "p-banana", "p-banana-org"]);
  });

  test("paginates with cursors until hasNextPage is false", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result = await execute(PRODUCTS_QUERY, { id: "dairy", first: 10, after });
      expect(result.errors).toBeUndefined();
      const connection = result.data.category.products;
      expect(connection.totalCount).toBe(45);
      seen.push(...connection.edges.map((edge: { node: { id: string } }) => edge.node.id));
      pages += 1;
      expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1)?.cursor ?? null);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(pages).toBe(5);
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
    expect(seen).toEqual([...seen].sort());
  });

  test("filters by all given tags", async () => {
    expect((await ids("grocery", { tags: ["organic", "vegan"] })).ids).toEqual(["p-apple", "p-banana-org"]);
    expect((await ids("grocery", { tags: ["Vegan"] })).ids).toEqual(["p-apple", "p-banana-org", "p-sourdough"]);
    const none = await ids("grocery", { tags: ["organic", "gluten-free"] });
    expect(none.ids).toEqual([]);
    expect(none.totalCount).toBe(0);
  });

  test("filters by list price range, inclusive", async () => {
    const inRange = await ids("grocery", { minPrice: 1.2, maxPrice: 3 });
    expect(inRange.ids).toEqual(["p-apple", "p-banana-org", "p-cheese-01", "p-cheese-02", "p-cheese-03", "p-yogurt"]);
    expect(inRange.totalCount).toBe(6);
    expect((await ids("fruit", { maxPrice: 0.5 })).ids).toEqual(["p-banana"]);
  });

  test("filters by merchant assortment, offer price and stock", async () => {
    const assortment = await ids("grocery", { merchantId: "m-store" });
    expect(assortment.ids).toEqual(["p-apple", "p-banana", "p-banana-bread", "p-banana-org", "p-cheese-01"]);
    expect(assortment.totalCount).toBe(5);
    expect((await ids("fruit", { merchantId: "m-store" })).ids).toEqual(["p-apple", "p-banana", "p-banana-org"]);
    expect((await ids("grocery", { merchantId: "m-store", inStock: true })).ids).toEqual([
      "p-apple",
      "p-banana",
      "p-banana-bread",
      "p-cheese-01",
    ]);
    // Offer price 2.1 matches though the list price is 1.99; list price 3 of the apple is out, its offer 2.5 is in.
    expect((await ids("fruit", { merchantId: "m-store", minPrice: 2, maxPrice: 2.6 })).ids).toEqual([
      "p-apple",
      "p-banana-org",
    ]);
    expect((await ids("grocery", { merchantId: "m-store", tags: ["vegan"], inStock: true })).ids).toEqual(["p-apple"]);
  });

  test("paginates a merchant-filtered list", async () => {
    const first = await execute(PRODUCTS_QUERY, { id: "grocery", first: 2, filter: { merchantId: "m-store" } });
    expect(first.data.category.products.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
      "p-apple",
      "p-banana",
    ]);
    expect(first.data.category.products.pageInfo.hasNextPage).toBe(true);
    const second = await execute(PRODUCTS_QUERY, {
      id: "grocery",
      first: 3,
      filter: { merchantId: "m-store" },
      after: first.data.category.products.pageInfo.endCursor,
    });
    expect(second.data.category.products.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
      "p-banana-bread",
      "p-banana-org",
      "p-cheese-01",
    ]);
    expect(second.data.category.products.pageInfo.hasNextPage).toBe(false);
  });

  test("an unknown merchant in the filter is NOT_FOUND; stock without a merchant is BAD_USER_INPUT", async () => {
    const unknown = await ids("grocery", { merchantId: "m-nowhere" });
    expect(errorCode(unknown.result)).toBe("NOT_FOUND");
    expect(unknown.result.errors?.[0]?.message).toContain("m-nowhere");
    expect(errorCode((await ids("grocery", { inStock: true })).result)).toBe("BAD_USER_INPUT");
  });

  test("rejects bad page sizes, bad cursors and bad price ranges with BAD_USER_INPUT", async () => {
    expect(errorCode(await execute(PRODUCTS_QUERY, { id: "grocery", first: 101 }))).toBe("BAD_USER_INPUT");
    expect(errorCode(await execute(PRODUCTS_QUERY, { id: "grocery", first: 0 }))).toBe("BAD_USER_INPUT");
    expect(errorCode(await execute(PRODUCTS_QUERY, { id: "grocery", after: "not-a-cursor" }))).toBe("BAD_USER_INPUT");
    expect(
      errorCode(await execute(PRODUCTS_QUERY, { id: "grocery", after: Buffer.from('{"x":1}').toString("base64url") })),
    ).toBe("BAD_USER_INPUT");
    expect(errorCode((await ids("grocery", { minPrice: 5, maxPrice: 1 })).result)).toBe("BAD_USER_INPUT");
    expect(errorCode((await ids("grocery", { minPrice: -1 })).result)).toBe("BAD_USER_INPUT");
    expect(errorCode((await ids("grocery", { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })).result)).toBe(
      "BAD_USER_INPUT",
    );
  });
});

describe("Query.category and the tree", () => {
  test("an unknown category is null; ancestors and children are resolved", async () => {
    const result = await execute(`{
      missing: category(id: "nope") { id }
      fruit: category(id: "fruit") { name depth ancestors { id } children { id } }
      grocery: category(id: "grocery") { children(first: 2) { id } }
      roots: categories { id }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.missing).toBeNull();
    expect(result.data.fruit).toEqual({
      name: "Fresh Fruit",
      depth: 2,
      ancestors: [{ id: "grocery" }, { id: "produce" }],
      children: [],
    });
    expect(result.data.grocery.children).toEqual([{ id: "bakery" }, { id: "dairy" }]);
    expect(result.data.roots.map((c: { id: string }) => c.id).sort()).toEqual(["grocery", "restaurant"]);
    expect(errorCode(await execute(`{ categories(first: 501) { id } }`))).toBe("BAD_USER_INPUT");
  });
});

describe("Product entities", () => {
  test("50 _entities references cost exactly one find with $in on products", async () => {
    const wanted = [...NAMED, ...FILLER].slice(0, 50).map((p) => p._id);
    expect(wanted).toHaveLength(50);
    finds.length = 0;
    const result = await execute(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { id name price } } }`,
      {
        representations: wanted.map((id) => ({ __typename: "Product", id })),
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data._entities.map((entity: { id: string }) => entity.id)).toEqual(wanted);
    const onProducts = finds.filter((event) => event.command.find === "products");
    expect(onProducts).toHaveLength(1);
    expect([...onProducts[0]!.command.filter._id.$in].sort()).toEqual([...wanted].sort());
  });

  test("dishes expose their restaurant, cuisines and ingredients; products their offers", async () => {
    const result = await execute(`{
      dish: product(id: "p-pad-thai") { cuisines ingredients merchant { id kind cuisines } category { id } }
      banana: product(id: "p-banana-org") { cuisines merchant { id } offers { price available merchant { name } } stocked: offers(inStock: true) { price } }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.dish).toEqual({
      cuisines: ["thai"],
      ingredients: ["rice noodles", "tofu", "peanuts"],
      merchant: { id: "m-thai", kind: "RESTAURANT", cuisines: ["thai"] },
      category: { id: "restaurant" },
    });
    expect(result.data.banana).toEqual({
      cuisines: null,
      merchant: null,
      offers: [{ price: 2.1, available: false, merchant: { name: "Corner Market" } }],
      stocked: [],
    });
  });
});
