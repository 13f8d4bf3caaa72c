import { MongoClient } from "mongodb";
import type { Stack } from "../../bin/stack";
import { startTestStack } from "../support/test-stack";

/**
 * The gateway facing hostile or careless clients (issue "Safe to expose"): client mistakes are the
 * client's (typed codes, HTTP 400, nothing internal leaked). The stack runs in development, where
 * details are most exposed, to show that even there nothing internal is forwarded.
 */
const DATABASE = `e2e_safety_${process.pid}`;
let stack: Stack;
let client: MongoClient;

/** POSTs a raw body and returns the status and the parsed body. */
async function post(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string; json: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } }> {
  const response = await fetch(stack.gatewayUrl, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) };
}

beforeAll(async () => {
  stack = await startTestStack(DATABASE, { NODE_ENV: "development" });
  client = await MongoClient.connect(stack.mongodbUri);
}, 180000);

afterAll(async () => {
  await client?.db(DATABASE).dropDatabase();
  await client?.close();
  await stack?.stop();
});

describe("client errors are the client's", () => {
  test("a bad DateTime in recordEvents or placeOrder is BAD_USER_INPUT, without the subgraph's URL or stack trace", async () => {
    const user = await client.db(DATABASE).collection<{ _id: string }>("users").findOne({});
    const product = await client.db(DATABASE).collection<{ _id: string }>("products").findOne({});
    const attempts = [
      { query: "mutation($e: [EventInput!]!) { recordEvents(events: $e) { stored } }", variables: { e: [{ eventId: "bad-date-1", userId: user!._id, type: "CLICK", productId: product!._id, timestamp: "yesterday" }] } },
      { query: `mutation { recordEvents(events: [{ eventId: "bad-date-2", userId: "${user!._id}", type: CLICK, productId: "${product!._id}", timestamp: "2024-13-45" }]) { stored } }` },
      { query: "mutation($o: PlaceOrderInput!) { placeOrder(input: $o) { id } }", variables: { o: { userId: user!._id, lines: [{ productId: product!._id, quantity: 1 }], placedAt: "not a date" } } },
    ];
    for (const attempt of attempts) {
      const { status, text, json } = await post(attempt);
      expect(status).toBeLessThan(500);
      expect(json.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(json.errors?.[0]?.message).toMatch(/DateTime/);
      expect(text).not.toMatch(/stacktrace|127\.0\.0\.1|http:\/\//);
    }
  });

  test("subscriptions and ambiguous documents are HTTP 400 BAD_REQUEST with a clear message", async () => {
    const subscription = await post({ query: "subscription { dimensions { name } }" });
    expect(subscription.status).toBe(400);
    expect(subscription.json.errors?.[0]).toMatchObject({ message: expect.stringMatching(/Subscriptions are not supported/), extensions: { code: "BAD_REQUEST" } });
    const two = await post({ query: "query A { dimensions { name } } query B { popularProducts(first: 1) { id } }" });
    expect(two.status).toBe(400);
    expect(two.json.errors?.[0]).toMatchObject({ message: expect.stringMatching(/operationName.*A, B/), extensions: { code: "BAD_REQUEST" } });
    const unknown = await post({ query: "query A { dimensions { name } } query B { dimensions { name } }", operationName: "C" });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors?.[0]?.message).toMatch(/no operation named "C"/);
    const chosen = await post({ query: "query A { dimensions { name } } query B { popularProducts(first: 1) { id } }", operationName: "B" });
    expect(chosen.status).toBe(200);
    expect(chosen.json.errors).toBeUndefined();
  });
});

describe("operation limits at the gateway", () => {
  test("each abuse case is refused with HTTP 400 and a code naming the limit, and the gateway keeps answering", async () => {
    const nest = (levels: number) => `{ category(id: "grocery") { ${"ancestors { children { ".repeat(levels)}id name${" } }".repeat(levels)} } }`;
    const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(" ")} }`;
    const cases: Array<[string, string]> = [
      [nest(4), "MAX_COST_EXCEEDED"],
      [nest(5), "MAX_DEPTH_EXCEEDED"],
      [`{ user(id: "u:sim:00001") { orders { edges { node { lines { product { category { products { edges { node { offers { merchant { offers { id } } } } } } } } } } } } } }`, "MAX_DEPTH_EXCEEDED"],
      [aliases(30000, "dimensions { name }"), "DOCUMENT_TOO_LARGE"],
      [aliases(100, "carousels(surface: HOME) { id }"), "MAX_ALIASES_EXCEEDED"],
      [`{ dimensions { ${"name ".repeat(3100)}} }`, "MAX_TOKENS_EXCEEDED"],
    ];
    for (const [query, code] of cases) {
      const { status, json } = await post({ query });
      expect({ status, code: json.errors?.[0]?.extensions?.code }).toEqual({ status: 400, code });
    }
    const variablePage = await post({ query: "query($n: Int) { popularProducts(first: $n) { id offers(first: $n) { price merchant { id name } } } }", variables: { n: 100 } });
    expect({ status: variablePage.status, code: variablePage.json.errors?.[0]?.extensions?.code }).toEqual({ status: 400, code: "MAX_COST_EXCEEDED" });
    const fine = await post({ query: "{ popularProducts(first: 3) { id name category { name } } }" });
    expect(fine.status).toBe(200);
    expect(fine.json.errors).toBeUndefined();
  });
});
