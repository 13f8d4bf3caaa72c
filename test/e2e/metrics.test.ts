import type { Stack } from "../../bin/stack";
import { graphql } from "../support/graphql-client";
import { startTestStack } from "../support/test-stack";
import { tokenFor } from "../support/tokens";

const DATABASE = `e2e_metrics_${process.pid}`;
let stack: Stack;

beforeAll(async () => {
  stack = await startTestStack(DATABASE);
}, 180000);

afterAll(async () => {
  await stack?.stop();
});

async function scrape(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
  return response.text();
}

/** The value of the first sample of `metric` whose labels include every `labels` pair. */
function sample(text: string, metric: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${metric}{`)) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
      return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

test("every process serves Prometheus metrics: operations, subgraph calls, pipeline steps, database commands, read models", async () => {
  const token = await tokenFor("u:sim:00001");
  const home = await graphql(
    stack.gatewayUrl,
    `
      query MetricsHome($u: ID) {
        carousels(userId: $u, surface: HOME, first: 2) {
          title
          items(first: 3) {
            edges {
              node {
                product {
                  id
                  name
                  tags
                }
              }
            }
          }
        }
      }
    `,
    { u: "u:sim:00001" },
    { token },
  );
  expect(home.errors).toBeUndefined();
  const bad = await graphql(
    stack.gatewayUrl,
    `
      query MetricsBad {
        product(id: "bad id; drop") {
          id
        }
      }
    `,
  );
  expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");

  const byName = Object.fromEntries(
    await Promise.all(stack.processes.map(async (p) => [p.name, await scrape(p.port)] as const)),
  );
  for (const [name, text] of Object.entries(byName)) {
    expect(
      sample(text, "discovery_process_cpu_user_seconds_total", { process: name }) ??
        Number(/discovery_process_cpu_user_seconds_total\{[^}]*\} (\S+)/.exec(text)?.[1]),
    ).toBeGreaterThan(0);
  }
  const gateway = byName.gateway!;
  expect(
    sample(gateway, "discovery_graphql_operation_duration_seconds_count", {
      process: "gateway",
      operation: "MetricsHome",
      type: "query",
    }),
  ).toBe(1);
  expect(sample(gateway, "discovery_graphql_errors_total", { operation: "MetricsBad", code: "BAD_USER_INPUT" })).toBe(
    1,
  );
  expect(
    sample(gateway, "discovery_subgraph_request_duration_seconds_count", {
      subgraph: "personalization",
      outcome: "ok",
    }),
  ).toBeGreaterThanOrEqual(1);
  expect(
    sample(gateway, "discovery_subgraph_request_duration_seconds_count", { subgraph: "catalog", outcome: "ok" }),
  ).toBeGreaterThanOrEqual(1);

  const personalization = byName.personalization!;
  expect(
    sample(personalization, "discovery_graphql_operation_duration_seconds_count", { process: "personalization" }),
  ).toBeGreaterThanOrEqual(1);
  for (const step of ["blend", "prospect", "rank", "target", "present"])
    expect(sample(personalization, "discovery_pipeline_step_duration_seconds_count", { step })).toBeGreaterThanOrEqual(
      1,
    );
  expect(sample(personalization, "discovery_db_command_duration_seconds_count", { outcome: "ok" })).toBeGreaterThan(0);
  expect(personalization).toMatch(
    /discovery_read_model_age_seconds\{read_model="[^"]+",process="personalization"\} \d/,
  );
});

test("ranked items bring their product's name, brand, price, currency and image: the catalog is called only for other fields", async () => {
  const token = await tokenFor("u:sim:00002");
  const catalogCalls = async () =>
    sample(
      await scrape(stack.processes.find((p) => p.name === "gateway")!.port),
      "discovery_subgraph_request_duration_seconds_count",
      { subgraph: "catalog", outcome: "ok" },
    ) ?? 0;
  const home = (fields: string) =>
    graphql<{ carousels: { items: { edges: { node: { product: Record<string, unknown> } }[] } }[] }>(
      stack.gatewayUrl,
      `query ProvidedHome($u: ID) { carousels(userId: $u, surface: HOME, first: 3) { items(first: 5) { edges { node { product { ${fields} } } } } } }`,
      { u: "u:sim:00002" },
      { token },
    );

  const before = await catalogCalls();
  const provided = await home("id name brand price currency imageUrl");
  expect(provided.errors).toBeUndefined();
  const products = provided.data!.carousels.flatMap((carousel) =>
    carousel.items.edges.map((edge) => edge.node.product),
  );
  expect(products.length).toBeGreaterThan(0);
  for (const product of products) {
    expect(typeof product.name).toBe("string");
    expect(typeof product.price).toBe("number");
  }
  expect(await catalogCalls()).toBe(before);

  // The same products as the catalog serves them, and a field personalization does not provide goes to the catalog.
  const withTags = await home("id name price tags");
  expect(withTags.errors).toBeUndefined();
  expect(await catalogCalls()).toBeGreaterThan(before);
  const byCatalog = await graphql<{ products: ({ id: string; name: string; price: number } | null)[] }>(
    stack.gatewayUrl,
    "query CatalogProducts($ids: [ID!]!) { products(ids: $ids) { id name price } }",
    { ids: products.map((product) => product.id) },
  );
  expect(byCatalog.data!.products.map((product) => [product!.id, product!.name, product!.price])).toEqual(
    products.map((product) => [product.id, product.name, product.price]),
  );
});
