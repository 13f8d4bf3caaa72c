import { MongoClient, type Db } from "mongodb";
import {
  PRODUCTS,
  STORE,
  errorCode,
  insertFixtures,
  personalizationServer,
  type Result,
} from "./personalization-fixtures";
import { readModelsFor } from "../../../subgraphs/personalization/read-models/read-models";

const ITEM = `product { id } score reasons { dimension score text } deal { id kind value reason }`;
const CAROUSELS = `query ($userId: ID, $surface: Surface!, $storeId: ID, $categoryId: ID, $first: Int, $weights: DimensionWeightsInput) {
  carousels(userId: $userId, surface: $surface, storeId: $storeId, categoryId: $categoryId, first: $first, weights: $weights) {
    id collectionId title subtitle dimension explanation items(first: 10) { totalCount edges { cursor node { ${ITEM} } } pageInfo { hasNextPage endCursor } }
  }
}`;

const byId = new Map(PRODUCTS.map((product) => [product._id, product]));
let client: MongoClient;
let db: Db;
let execute: Awaited<ReturnType<typeof personalizationServer>>["execute"];

beforeAll(async () => {
  client = await MongoClient.connect(process.env.MONGODB_URI!);
  db = client.db(`test_personalization_${process.pid}`);
  await db.dropDatabase();
  await insertFixtures(db);
  ({ execute } = await personalizationServer(db));
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

interface Item {
  product: { id: string };
  score: number;
  reasons: { dimension: string; score: number; text: string }[];
  deal: { id: string } | null;
}
const itemsOf = (carousel: { items: { edges: { node: Item }[] } }): Item[] =>
  carousel.items.edges.map((edge) => edge.node);
const allItems = (result: Result): Item[] => result.data.carousels.flatMap(itemsOf);

async function carousels(variables: Record<string, unknown>): Promise<Result> {
  const result = await execute(CAROUSELS, variables);
  return result;
}

describe("every surface answers for a shopper with history and for cold starts", () => {
  const cases: [string, Record<string, unknown>][] = [
    ["HOME", {}],
    ["STORE", { storeId: STORE }],
    ["CATEGORY", { categoryId: "dairy" }],
    ["CHECKOUT", {}],
    ["SEARCH", {}],
  ];
  test.each(cases)("%s", async (surface, extra) => {
    for (const userId of ["u-warm", "u-attr", "u-unknown", null]) {
      const result = await carousels({ surface, userId, ...extra });
      expect(result.errors).toBeUndefined();
      expect(result.data.carousels.length).toBeGreaterThan(0);
      for (const carousel of result.data.carousels) {
        expect(carousel.title.length).toBeGreaterThan(0);
        expect(carousel.explanation.length).toBeGreaterThan(0);
        expect(itemsOf(carousel).length).toBeGreaterThan(0);
      }
    }
  });
});

test("home: Top picks lead with the regulars of a shopper with orders (no attributes document: derived from orders), none for a cold start", async () => {
  const warm = await carousels({ surface: "HOME", userId: "u-warm" });
  const picks = warm.data.carousels[0];
  expect(picks.collectionId).toBe("pipeline.top-picks");
  expect(picks.dimension).toBe("familiarity");
  expect(itemsOf(picks).map((item) => item.product.id)).toEqual(expect.arrayContaining(["milk0", "chip1"]));
  const cold = await carousels({ surface: "HOME", userId: "u-unknown" });
  expect(cold.data.carousels.map((carousel: { collectionId: string }) => carousel.collectionId)).not.toContain(
    "familiarity.buy-it-again",
  );
  expect(cold.data.carousels.map((carousel: { collectionId: string }) => carousel.collectionId)).not.toContain(
    "pipeline.top-picks",
  );
  expect(cold.data.carousels[0].collectionId).toBe("pipeline.popular");
});

test("home reads user_attributes: the regulars of u-attr, age-restricted items allowed for a verified shopper", async () => {
  const result = await carousels({ surface: "HOME", userId: "u-attr" });
  const picks = result.data.carousels.find(
    (carousel: { collectionId: string }) => carousel.collectionId === "pipeline.top-picks",
  );
  expect(itemsOf(picks)[0]!.product.id).toBe("milk3");
  expect(itemsOf(picks)[0]!.reasons.find((reason) => reason.dimension === "familiarity")!.text).toMatch(/due/);
  expect(itemsOf(picks).map((item) => item.product.id)).toContain("beer1");
});

test("store: Your usual at the store, only items available there", async () => {
  const result = await carousels({ surface: "STORE", userId: "u-warm", storeId: STORE });
  expect(result.data.carousels.map((carousel: { title: string }) => carousel.title)).toContain(
    "Your usual at Corner Market",
  );
  for (const item of allItems(result)) expect(item.product.id).toMatch(/^(milk[0-4]|yog|chip)/);
});

test("reasons explain each score: the weighted blend of the reason scores", async () => {
  const result = await carousels({
    surface: "HOME",
    userId: "u-warm",
    weights: { familiarity: 0.5, affordability: 0.5, healthiness: 0.5, novelty: 0 },
  });
  const popular = result.data.carousels.find((carousel: { dimension: string | null }) => carousel.dimension === null);
  for (const item of itemsOf(popular)) {
    expect(item.reasons.map((reason) => reason.dimension).sort()).toEqual([
      "affordability",
      "familiarity",
      "healthiness",
    ]);
    const blend = item.reasons.reduce((sum, reason) => sum + reason.score, 0) / 3;
    expect(item.score).toBeGreaterThanOrEqual(0.85 * blend - 1e-3);
    expect(item.score).toBeLessThanOrEqual(0.85 * blend + 0.15 + 1e-3);
  }
});

test("weights re-balance the dimensions; out of range is BAD_USER_INPUT", async () => {
  const only = await carousels({
    surface: "HOME",
    userId: "u-warm",
    weights: { familiarity: 1, affordability: 0, healthiness: 0, novelty: 0 },
  });
  for (const item of allItems(only)) expect(item.reasons.map((reason) => reason.dimension)).toEqual(["familiarity"]);
  const bad = await carousels({ surface: "HOME", weights: { affordability: 1.5 } });
  expect(errorCode(bad)).toBe("BAD_USER_INPUT");
  expect(bad.errors?.[0]?.extensions?.field).toBe("weights.affordability");
  expect(errorCode(await carousels({ surface: "HOME", weights: { healthiness: -0.1 } }))).toBe("BAD_USER_INPUT");
});

test("no item appears twice across the carousels of one page", async () => {
  for (const userId of ["u-warm", null]) {
    const ids = allItems(await carousels({ surface: "HOME", userId })).map((item) => item.product.id);
    expect(new Set(ids).size).toBe(ids.length);
  }
});

test("exclusions: age-restricted for unverified, explicit vegan, excluded brands and categories", async () => {
  const anonymous = allItems(await carousels({ surface: "HOME" }));
  expect(anonymous.some((item) => byId.get(item.product.id)!.tags.includes("age-restricted"))).toBe(false);
  const vegan = allItems(await carousels({ surface: "HOME", userId: "u-vegan" }));
  expect(vegan.length).toBeGreaterThan(0);
  for (const item of vegan) {
    const product = byId.get(item.product.id)!;
    if (product.vertical !== "RETAIL") expect(product.tags).toContain("vegan");
  }
  const picky = allItems(await carousels({ surface: "HOME", userId: "u-picky" }));
  expect(picky.length).toBeGreaterThan(0);
  for (const item of picky) {
    const product = byId.get(item.product.id)!;
    expect(product.brand).not.toBe("Moo");
    expect(product.categoryPath).not.toContain("snacks");
  }
});

test("deals: the shopper's active deal is attached, expired ones are not", async () => {
  const result = await execute(
    `{ categoryPage(userId: "u-warm", categoryId: "chips", first: 20) { edges { node { product { id } deal { id kind value reason } } } } }`,
  );
  const deals = Object.fromEntries(
    result.data.categoryPage.edges.map((edge: { node: { product: { id: string }; deal: unknown } }) => [
      edge.node.product.id,
      edge.node.deal,
    ]),
  );
  expect(deals.chip2).toEqual({ id: "deal1", kind: "PERCENT_OFF", value: 20, reason: "20% off chips you like" });
  expect(deals.chip3).toBeNull();
});

test("NOT_FOUND for an unknown store or category; BAD_USER_INPUT for bad ids and sizes", async () => {
  expect(errorCode(await carousels({ surface: "STORE", storeId: "nope" }))).toBe("NOT_FOUND");
  expect(errorCode(await carousels({ surface: "CATEGORY", categoryId: "nope" }))).toBe("NOT_FOUND");
  expect(errorCode(await execute(`{ categoryPage(categoryId: "nope") { totalCount } }`))).toBe("NOT_FOUND");
  expect(errorCode(await carousels({ surface: "CATEGORY" }))).toBe("BAD_USER_INPUT");
  expect(errorCode(await carousels({ surface: "HOME", first: 21 }))).toBe("BAD_USER_INPUT");
  expect(errorCode(await carousels({ surface: "HOME", userId: "bad id!" }))).toBe("BAD_USER_INPUT");
});

test("category page: products of the category ranked, paginated without overlap", async () => {
  const query = `query ($after: String) { categoryPage(userId: "u-warm", categoryId: "dairy", first: 5, after: $after) { totalCount edges { node { product { id } score } } pageInfo { hasNextPage endCursor } } }`;
  const first = await execute(query);
  expect(first.data.categoryPage.totalCount).toBe(14);
  const second = await execute(query, { after: first.data.categoryPage.pageInfo.endCursor });
  const ids = [...first.data.categoryPage.edges, ...second.data.categoryPage.edges].map(
    (edge: { node: { product: { id: string } } }) => edge.node.product.id,
  );
  expect(new Set(ids).size).toBe(10);
  for (const id of ids) expect(byId.get(id)!.categoryPath).toContain("dairy");
  expect(errorCode(await execute(`{ categoryPage(categoryId: "dairy", after: "garbage") { totalCount } }`))).toBe(
    "BAD_USER_INPUT",
  );
});

test("checkout aisle: complements of the cart, never cart items nor substitutes of the same leaf category", async () => {
  const result = await execute(
    `{ checkoutAisle(userId: "u-warm", cart: ["milk0", "chip1"], first: 10) { id title items { edges { node { product { id } reasons { dimension } } } } } }`,
  );
  expect(result.errors).toBeUndefined();
  const ids = result.data.checkoutAisle.items.edges.map(
    (edge: { node: { product: { id: string } } }) => edge.node.product.id,
  );
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) {
    expect(["milk0", "chip1"]).not.toContain(id);
    expect(["milk", "chips"]).not.toContain(byId.get(id)!.categoryId);
  }
});

test("search: lexical matches from the catalog re-ranked with a relevance reason; store filter applies", async () => {
  const query = `query ($storeId: ID) { search(query: "milk", userId: "u-warm", storeId: $storeId) { query results(first: 20) { totalCount edges { node { product { id } reasons { dimension text } } } } } }`;
  const all = await execute(query);
  expect(all.errors).toBeUndefined();
  const ids = all.data.search.results.edges.map((edge: { node: { product: { id: string } } }) => edge.node.product.id);
  expect(ids.length).toBe(8);
  expect(
    all.data.search.results.edges[0].node.reasons.map((reason: { dimension: string }) => reason.dimension),
  ).toContain("relevance");
  const atStore = await execute(query, { storeId: STORE });
  const storeIds = atStore.data.search.results.edges.map(
    (edge: { node: { product: { id: string } } }) => edge.node.product.id,
  );
  expect(storeIds.sort()).toEqual(["milk0", "milk1", "milk2", "milk3", "milk4"]);
  expect(errorCode(await execute(`{ search(query: "  ") { query } }`))).toBe("BAD_USER_INPUT");
});

test('search: only what matches the query, each result with its "Matches" reason; a query nothing matches finds nothing', async () => {
  const milk = await execute(
    `{ search(query: "milk") { results(first: 20) { totalCount edges { node { product { id } reasons { dimension text } } } } } }`,
  );
  expect(milk.errors).toBeUndefined();
  const edges = milk.data.search.results.edges as {
    node: { product: { id: string }; reasons: { dimension: string; text: string }[] };
  }[];
  expect(edges.map((edge) => edge.node.product.id).sort()).toEqual(
    PRODUCTS.filter((product) => /milk/i.test(product.name))
      .map((product) => product._id)
      .sort(),
  );
  for (const edge of edges)
    expect(edge.node.reasons.find((reason) => reason.dimension === "relevance")?.text).toBe("Matches “milk”");
  const ragu = await execute(
    `{ search(query: "ragu") { results(first: 20) { totalCount edges { node { product { id } reasons { text } } } } } }`,
  );
  expect(ragu.errors).toBeUndefined();
  expect(ragu.data.search.results.totalCount).toBe(0);
});

test('age-restricted items: an explicit search shows them marked "ID required"; recommendations never push them to an unverified shopper', async () => {
  const search = await execute(
    `{ search(query: "beer") { results(first: 20) { edges { node { product { id } ageRestricted reasons { dimension text } } } } } }`,
  );
  expect(search.errors).toBeUndefined();
  const beers = search.data.search.results.edges.map((edge: { node: unknown }) => edge.node) as {
    product: { id: string };
    ageRestricted: boolean;
    reasons: { dimension: string; text: string }[];
  }[];
  expect(beers.map((item) => item.product.id).sort()).toEqual(["beer0", "beer1", "beer2", "beer3"]);
  for (const item of beers) {
    expect(item.ageRestricted).toBe(true);
    expect(item.reasons.find((reason) => reason.dimension === "age-restricted")?.text).toMatch(/^ID required/);
  }
  const milk = await execute(
    `{ search(query: "milk") { results(first: 1) { edges { node { ageRestricted reasons { dimension } } } } } }`,
  );
  expect(milk.data.search.results.edges[0].node.ageRestricted).toBe(false);
  expect(
    milk.data.search.results.edges[0].node.reasons.map((reason: { dimension: string }) => reason.dimension),
  ).not.toContain("age-restricted");
  const restricted = (ids: string[]) => ids.filter((id) => byId.get(id)!.tags.includes("age-restricted"));
  for (const userId of [null, "u-warm"]) {
    for (const surface of ["HOME", "CHECKOUT"])
      expect(restricted(allItems(await carousels({ surface, userId })).map((item) => item.product.id))).toEqual([]);
    const aisle = await execute(
      `query ($userId: ID) { checkoutAisle(userId: $userId, cart: ["chip1"], first: 10) { items { edges { node { product { id } } } } } }`,
      { userId },
    );
    expect(
      restricted(
        aisle.data.checkoutAisle.items.edges.map((edge: { node: { product: { id: string } } }) => edge.node.product.id),
      ),
    ).toEqual([]);
    const page = await execute(
      `query ($userId: ID) { categoryPage(userId: $userId, categoryId: "beer", first: 10) { totalCount } }`,
      { userId },
    );
    expect(page.errors).toBeUndefined();
    expect(page.data.categoryPage.totalCount).toBe(0);
  }
});

test("dimensions lists the registry, including the guide's healthiness example", async () => {
  const result = await execute(`{ dimensions { name description kind defaultWeight } }`);
  expect(result.data.dimensions.map((d: { name: string }) => d.name)).toEqual(
    expect.arrayContaining(["familiarity", "affordability", "healthiness"]),
  );
  expect(result.data.dimensions.find((d: { name: string }) => d.name === "healthiness").kind).toBe("DIMENSION");
  expect(result.data.dimensions.find((d: { name: string }) => d.name === "query_rewrite")).toMatchObject({
    kind: "LLM_FEATURE",
    defaultWeight: 0,
  });
});

test("User.carousels through federation (_entities)", async () => {
  const result = await execute(
    `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id carousels(surface: HOME, first: 3) { id items(first: 2) { edges { node { product { id } } } } } } } }`,
    {
      representations: [{ __typename: "User", id: "u-warm" }],
    },
  );
  expect(result.errors).toBeUndefined();
  expect(result.data._entities[0].id).toBe("u-warm");
  expect(result.data._entities[0].carousels.length).toBe(3);
});

test("timings are served in extensions when asked, not otherwise", async () => {
  const asked = await execute(`{ carousels(surface: HOME) { id } }`, undefined, { timings: true });
  expect(Object.keys(asked.extensions?.timings as object)).toEqual(
    expect.arrayContaining(["blend", "prospect", "rank", "target", "present"]),
  );
  const silent = await execute(`{ carousels(surface: HOME) { id } }`);
  expect(silent.extensions?.timings).toBeUndefined();
});

test("a cold start for an unknown shopper never reads orders (on FerretDB that read scans every order)", async () => {
  const monitored = await MongoClient.connect(process.env.MONGODB_URI!, { monitorCommands: true });
  try {
    const orderReads: unknown[] = [];
    monitored.on("commandStarted", (event) => {
      if (event.commandName === "find" && (event.command as { find?: string }).find === "orders")
        orderReads.push(event.command);
    });
    const server = await personalizationServer(monitored.db(db.databaseName));
    const cold = await server.execute(CAROUSELS, { surface: "HOME", userId: "u-never-seen" });
    expect(cold.errors).toBeUndefined();
    expect(cold.data.carousels.length).toBeGreaterThan(0);
    expect(orderReads).toEqual([]);
    const warm = await server.execute(CAROUSELS, { surface: "HOME", userId: "u-warm" });
    expect(warm.errors).toBeUndefined();
    expect(orderReads.length).toBeGreaterThan(0);
  } finally {
    await monitored.close();
  }
});

test("HOME reads categories from the catalog read model, not the database, once the model is loaded", async () => {
  const monitored = await MongoClient.connect(process.env.MONGODB_URI!, { monitorCommands: true });
  try {
    const reads: string[] = [];
    monitored.on("commandStarted", (event) => {
      const collection = (event.command as { find?: string }).find;
      if (event.commandName === "find" && collection) reads.push(collection);
    });
    const database = monitored.db(db.databaseName);
    const server = await personalizationServer(database);
    const first = await server.execute(CAROUSELS, { surface: "HOME", userId: "u-warm" });
    expect(first.errors).toBeUndefined();
    expect(await readModelsFor(database).catalog.get(30_000)).toBeTruthy();
    reads.length = 0;
    const warm = await server.execute(CAROUSELS, { surface: "HOME", userId: "u-warm" });
    expect(warm.errors).toBeUndefined();
    // The category collections HOME offers come from the read model: the same carousels, no `categories` read.
    expect(warm.data.carousels.map((c: { collectionId: string }) => c.collectionId)).toEqual(
      first.data.carousels.map((c: { collectionId: string }) => c.collectionId),
    );
    expect(reads.filter((collection) => collection === "categories")).toEqual([]);
  } finally {
    await monitored.close();
  }
});
