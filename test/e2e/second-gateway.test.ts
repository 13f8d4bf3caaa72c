import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import type { Stack } from "../../bin/stack";
import { loadConfig } from "../../core/config";
import { projectRoot } from "../../core/paths";
import { graphql } from "../support/graphql-client";
import { startHiveGateway, withSubgraphUrls, type HiveGateway } from "../support/hive-gateway";
import { startTestStack } from "../support/test-stack";
import { TEST_JWT_SECRET, tokenFor } from "../support/tokens";

// The committed supergraph, served by a second engine (Hive Gateway) against the same subgraph processes
// as Apollo Gateway: every operation must answer the same on both.
const DATABASE = `e2e_second_gateway_${process.pid}`;
const SUBGRAPH_SECRET = "test-subgraph-secret-for-the-test-stacks-only-0123456789";
let stack: Stack;
let hive: HiveGateway;
let client: MongoClient;

beforeAll(async () => {
  stack = await startTestStack(DATABASE);
  client = await MongoClient.connect(stack.mongodbUri);
  const urls = Object.fromEntries(
    stack.processes.filter((p) => p.name !== "gateway").map((p) => [p.name, `http://127.0.0.1:${p.port}/graphql`]),
  );
  const supergraph = withSubgraphUrls(readFileSync(join(projectRoot, "schema", "supergraph.graphql"), "utf8"), urls);
  hive = await startHiveGateway(
    loadConfig({ NODE_ENV: "test", AUTH_JWT_SECRET: TEST_JWT_SECRET, SUBGRAPH_SECRET }),
    supergraph,
  );
}, 180000);

afterAll(async () => {
  await hive?.close();
  await client?.db(DATABASE).dropDatabase();
  await client?.close();
  await stack?.stop();
});

test("the same operations give the same answers through Apollo Gateway and Hive Gateway", async () => {
  const order = await client.db(DATABASE).collection<{ userId: string }>("orders").findOne({});
  const product = await client.db(DATABASE).collection<{ _id: string }>("products").findOne({});
  const userId = order!.userId;
  const token = await tokenFor(userId);
  const operations: Array<{ query: string; variables?: Record<string, unknown>; token?: string }> = [
    // Three subgraphs in one operation, as the shopper.
    {
      query: `query Home($userId: ID!) { user(id: $userId) { id name orders(first: 3) { totalCount edges { node { id lines { quantity product { id name price } } } } } }
        popularProducts(first: 5) { id name category { name } } }`,
      variables: { userId },
      token,
    },
    // Personalization's carousels resolved into catalog products.
    {
      query: `query($u: ID) { carousels(userId: $u, surface: HOME, first: 3) { title items(first: 4) { edges { node { product { id name } } } } } }`,
      variables: { u: userId },
      token,
    },
    {
      query: `query($id: ID!) { product(id: $id) { id name price category { id name } } }`,
      variables: { id: product!._id },
    },
    { query: `{ searchCatalog(text: "milk", first: 5) { edges { node { id name } } } }` },
  ];
  for (const operation of operations) {
    const viaApollo = await graphql(stack.gatewayUrl, operation.query, operation.variables, { token: operation.token });
    const viaHive = await graphql(hive.url, operation.query, operation.variables, { token: operation.token });
    expect(viaApollo.errors).toBeUndefined();
    expect(viaHive.errors).toBeUndefined();
    expect(viaHive.data).toEqual(viaApollo.data);
  }
});

test("ownership and authentication hold through Hive Gateway too: the subgraphs decide from the signed assertion", async () => {
  const order = await client.db(DATABASE).collection<{ userId: string }>("orders").findOne({});
  const query = `query($id: ID!) { user(id: $id) { id name } }`;
  const anonymous = await graphql(hive.url, query, { id: order!.userId });
  expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  const other = await graphql(hive.url, query, { id: order!.userId }, { token: await tokenFor("u:someone-else") });
  expect(other.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  const forged = await fetch(hive.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer not.a.token" },
    body: JSON.stringify({ query: "{ __typename }" }),
  });
  expect(forged.status).toBe(401);
  expect(
    ((await forged.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code,
  ).toBe("UNAUTHENTICATED");
});
