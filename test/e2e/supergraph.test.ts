import { MongoClient } from "mongodb";
import type { Stack } from "../../bin/stack";
import { graphql } from "../support/graphql-client";
import { startTestStack } from "../support/test-stack";
import { adminToken, tokenFor } from "../support/tokens";

const DATABASE = `e2e_supergraph_${process.pid}`;
let stack: Stack;
let client: MongoClient;

beforeAll(async () => {
  // Production settings end to end: no introspection, no landing page, and Apollo's own signal handlers active.
  stack = await startTestStack(DATABASE, { NODE_ENV: "production" });
  client = await MongoClient.connect(stack.mongodbUri);
}, 180000);

afterAll(async () => {
  await client?.db(DATABASE).dropDatabase();
  await client?.close();
  await stack?.stop();
});

describe("the whole supergraph through the gateway", () => {
  test("one query spans user-profile, catalog and personalization", async () => {
    const order = await client
      .db(DATABASE)
      .collection("orders")
      .findOne({}, { sort: { placedAt: -1 } });
    expect(order).not.toBeNull();
    const result = await graphql<{
      user: {
        id: string;
        name: string;
        orders: {
          totalCount: number;
          edges: Array<{ node: { lines: Array<{ product: { id: string; name: string; price: number } }> } }>;
        };
      };
      popularProducts: Array<{ id: string; name: string; category: { name: string } }>;
    }>(
      stack.gatewayUrl,
      `
        query Home($userId: ID!) {
          user(id: $userId) {
            id
            name
            orders(first: 3) {
              totalCount
              edges {
                node {
                  id
                  placedAt
                  lines {
                    quantity
                    product {
                      id
                      name
                      price
                    }
                  }
                }
              }
            }
          }
          popularProducts(first: 5) {
            id
            name
            category {
              name
            }
          }
        }
      `,
      { userId: order!.userId },
      { token: await tokenFor(order!.userId) },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.user.id).toBe(order!.userId);
    expect(result.data!.user.orders.totalCount).toBeGreaterThan(0);
    const firstLine = result.data!.user.orders.edges[0]!.node.lines[0]!;
    expect(firstLine.product.name.length).toBeGreaterThan(0);
    expect(typeof firstLine.product.price).toBe("number");
    expect(result.data!.popularProducts).toHaveLength(5);
    for (const product of result.data!.popularProducts) expect(product.name.length).toBeGreaterThan(0);
  });

  test("popularProducts ranks by distinct buyers from the stored orders", async () => {
    const buyers = new Map<string, Set<string>>();
    for await (const order of client
      .db(DATABASE)
      .collection<{ userId: string; lines: Array<{ productId: string }> }>("orders")
      .find()) {
      for (const line of order.lines) {
        const set = buyers.get(line.productId) ?? new Set<string>();
        set.add(order.userId);
        buyers.set(line.productId, set);
      }
    }
    const mostBuyers = Math.max(...[...buyers.values()].map((set) => set.size));
    const result = await graphql<{ popularProducts: Array<{ id: string }> }>(
      stack.gatewayUrl,
      "{ popularProducts(first: 1) { id } }",
    );
    expect(buyers.get(result.data!.popularProducts[0]!.id)!.size).toBe(mostBuyers);
  });

  test("malformed ids are BAD_USER_INPUT and unknown categories NOT_FOUND, with no stack traces", async () => {
    const malformed = await graphql(stack.gatewayUrl, '{ product(id: "bad id; drop") { id } }');
    expect(malformed.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(malformed)).not.toContain("stacktrace");
    const unknown = await graphql(stack.gatewayUrl, '{ popularProducts(categoryId: "cat:nope") { id } }');
    expect(unknown.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const tooMany = await graphql(stack.gatewayUrl, "{ popularProducts(first: 1000) { id } }");
    expect(tooMany.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  test("every surface answers through the gateway, for a shopper with history and for cold starts", async () => {
    const order = await client
      .db(DATABASE)
      .collection<{ userId: string; lines: Array<{ productId: string }> }>("orders")
      .findOne({});
    const product = await client
      .db(DATABASE)
      .collection<{ _id: string; categoryPath: string[] }>("products")
      .findOne({ vertical: "GROCERY" });
    const carouselsQuery = `query($u: ID) { carousels(userId: $u, surface: HOME, first: 4) { id title items(first: 5) { edges { node { score product { id name } reasons { dimension score text } } } } } }`;
    for (const userId of [order!.userId, "u:never-seen", null]) {
      const result = await graphql<{
        carousels: Array<{
          title: string;
          items: { edges: Array<{ node: { score: number; product: { name: string }; reasons: unknown[] } }> };
        }>;
      }>(stack.gatewayUrl, carouselsQuery, { u: userId }, { token: userId ? await tokenFor(userId) : undefined });
      expect(result.errors).toBeUndefined();
      expect(result.data!.carousels.length).toBeGreaterThan(0);
      const first = result.data!.carousels[0]!.items.edges[0]!.node;
      expect(first.product.name.length).toBeGreaterThan(0);
      expect(first.score).toBeGreaterThanOrEqual(0);
      expect(first.reasons.length).toBeGreaterThan(0);
    }
    const others = await graphql<{
      categoryPage: { edges: unknown[] };
      checkoutAisle: { title: string; items: { edges: unknown[] } };
      search: { rewrite: { source: string }; results: { edges: Array<{ node: { product: { name: string } } }> } };
    }>(
      stack.gatewayUrl,
      `
        query ($u: ID, $c: ID!, $cart: [ID!]!) {
          categoryPage(userId: $u, categoryId: $c, first: 5) {
            edges {
              node {
                product {
                  name
                }
              }
            }
          }
          checkoutAisle(userId: $u, cart: $cart, first: 5) {
            title
            items {
              edges {
                node {
                  product {
                    name
                  }
                }
              }
            }
          }
          search(query: "milk", userId: $u) {
            rewrite {
              source
            }
            results(first: 5) {
              edges {
                node {
                  product {
                    name
                  }
                }
              }
            }
          }
        }
      `,
      { u: order!.userId, c: product!.categoryPath[0], cart: order!.lines.slice(0, 2).map((line) => line.productId) },
      { token: await tokenFor(order!.userId) },
    );
    expect(others.errors).toBeUndefined();
    expect(others.data!.categoryPage.edges.length).toBeGreaterThan(0);
    expect(others.data!.checkoutAisle.title.length).toBeGreaterThan(0);
    expect(others.data!.search.rewrite.source).toBe("OFFLINE");
    expect(others.data!.search.results.edges.some((edge) => /milk/i.test(edge.node.product.name))).toBe(true);
  });

  test("events recorded through the gateway change the shopper's attributes at once", async () => {
    const userId = "u:e2e-events";
    const product = await client.db(DATABASE).collection<{ _id: string }>("products").findOne({ vertical: "GROCERY" });
    const record = await graphql<{ recordEvents: { stored: number } }>(
      stack.gatewayUrl,
      `
        mutation ($events: [EventInput!]!) {
          recordEvents(events: $events) {
            stored
            duplicates
            rejected
          }
        }
      `,
      {
        events: [
          {
            eventId: "e2e-1",
            userId,
            type: "PURCHASE",
            productId: product!._id,
            timestamp: new Date(Date.now() - 60000).toISOString(),
          },
        ],
      },
      { token: await tokenFor("ingestion", "service") },
    );
    expect(record.errors).toBeUndefined();
    expect(record.data!.recordEvents.stored).toBe(1);
    const read = await graphql<{
      user: { attributes: { items: Array<{ product: { id: string; name: string }; purchaseCount: number }> } };
    }>(
      stack.gatewayUrl,
      `
        query ($id: ID!) {
          user(id: $id) {
            attributes {
              items(first: 5) {
                purchaseCount
                product {
                  id
                  name
                }
              }
            }
          }
        }
      `,
      { id: userId },
      { token: await adminToken() },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data!.user.attributes.items).toEqual([
      { purchaseCount: 1, product: { id: product!._id, name: expect.any(String) } },
    ]);
  });

  test("production hides the schema: introspection is refused and GET shows no landing page", async () => {
    const introspection = await graphql(stack.gatewayUrl, "{ __schema { queryType { name } } }");
    expect(introspection.data ?? null).toBeNull();
    expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
    const page = await fetch(stack.gatewayUrl, { headers: { accept: "text/html" } });
    expect(await page.text()).not.toMatch(/sandbox/i);
  });

  test("every process answers /health and /ready", async () => {
    for (const entry of stack.processes) {
      expect((await fetch(`http://127.0.0.1:${entry.port}/health`)).status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${entry.port}/ready`);
      expect(ready.status).toBe(200);
    }
  });

  test("SIGTERM stops every process gracefully (exit code 0, no SIGKILL)", async () => {
    await stack.stop();
    for (const entry of stack.processes)
      expect({ name: entry.name, code: entry.child.exitCode, signal: entry.child.signalCode }).toEqual({
        name: entry.name,
        code: 0,
        signal: null,
      });
  });
});
