import { join } from "node:path";
import { MongoClient } from "mongodb";
import type { Stack } from "../../bin/stack";
import { importInstacart } from "../../jobs/import/instacart.importer";
import { graphql } from "../support/graphql-client";
import { startTestStack } from "../support/test-stack";

const DATABASE = `e2e_instacart_search_${process.pid}`;
/** 300 real rows of Instacart's products.csv (the first 280 and 20 banana products), with its aisles and departments. */
const SLICE = join(__dirname, "../fixtures/import/instacart-300");
let stack: Stack;
let client: MongoClient;

beforeAll(async () => {
  process.env.PROGRESS = "off";
  client = await MongoClient.connect(process.env.MONGODB_URI!);
  const summary = await importInstacart(client.db(DATABASE), SLICE, {
    reportFile: join(require("node:os").tmpdir(), `e2e-instacart-${process.pid}.jsonl`),
  });
  expect(summary.collections.products).toMatchObject({ inserted: 300, rejected: 0 });
  stack = await startTestStack(DATABASE, { SEED_SCALE: "none" });
}, 180000);

afterAll(async () => {
  await client?.db(DATABASE).dropDatabase();
  await client?.close();
  await stack?.stop();
});

describe("an imported Instacart catalog through the gateway", () => {
  test('searchCatalog(text: "banana") finds the bananas, Banana first', async () => {
    const result = await graphql<{
      searchCatalog: {
        totalCount: number;
        edges: Array<{ score: number; node: { id: string; name: string; category: { name: string } } }>;
      };
    }>(
      stack.gatewayUrl,
      `
        {
          searchCatalog(text: "banana", first: 10) {
            totalCount
            edges {
              score
              node {
                id
                name
                category {
                  name
                }
              }
            }
          }
        }
      `,
    );
    expect(result.errors).toBeUndefined();
    const { totalCount, edges } = result.data!.searchCatalog;
    expect(totalCount).toBeGreaterThanOrEqual(20);
    for (const edge of edges) expect(edge.node.name).toMatch(/banana/i);
    // BM25 favours short names: "Banana" itself comes first, and the three plain bananas are on the first page.
    expect(edges[0]!.node).toMatchObject({
      id: "p:instacart:24852",
      name: "Banana",
      category: { name: "fresh fruits" },
    });
    expect(edges.map((e) => e.node.id)).toEqual(
      expect.arrayContaining(["p:instacart:13176", "p:instacart:24852", "p:instacart:37067"]),
    );
  });
});
