import { MongoClient } from "mongodb";
import type { Stack } from "../../bin/stack";
import { graphql } from "../support/graphql-client";
import { startTestStack } from "../support/test-stack";

const DATABASE = `e2e_supergraph_${process.pid}`;
let stack: Stack;
let client: MongoClient;

beforeAll(async () => {
  stack = await startTestStack(DATABASE);
  client = await MongoClient.connect(stack.mongodbUri);
}, 180000);

afterAll(async () => {
  await client?.db(DATABASE).dropDatabase();
  await client?.close();
  await stack?.stop();
});

describe("the whole supergraph through the gateway", () => {
  test("one query spans user-profile, catalog and personalization", async () => {
    const order = await client.db(DATABASE).collection("orders").findOne({}, { sort: { placedAt: -1 } });
    expect(order).not.toBeNull();
    const result = await graphql<{
      user: { id: string; name: string; orders: { totalCount: number; edges: Array<{ node: { lines: Array<{ product: { id: string; name: string; price: number } }> } }> } };
      popularProducts: Array<{ id: string; name: string; category: { name: string } }>;
    }>(
      stack.gatewayUrl,
      `query Home($userId: ID!) {
        user(id: $userId) {
          id name
          orders(first: 3) { totalCount edges { node { id placedAt lines { quantity product { id name price } } } } }
        }
        popularProducts(first: 5) { id name category { name } }
      }`,
      { userId: order!.userId },
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
    for await (const order of client.db(DATABASE).collection<{ userId: string; lines: Array<{ productId: string }> }>("orders").find()) {
      for (const line of order.lines) {
        const set = buyers.get(line.productId) ?? new Set<string>();
        set.add(order.userId);
        buyers.set(line.productId, set);
      }
    }
    const mostBuyers = Math.max(...[...buyers.values()].map((set) => set.size));
    const result = await graphql<{ popularProducts: Array<{ id: string }> }>(stack.gatewayUrl, "{ popularProducts(first: 1) { id } }");
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

  test("every process answers /health and /ready", async () => {
    for (const entry of stack.processes) {
      expect((await fetch(`http://127.0.0.1:${entry.port}/health`)).status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${entry.port}/ready`);
      expect(ready.status).toBe(200);
    }
  });
});
