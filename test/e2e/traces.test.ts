import { randomBytes } from "node:crypto";
import type { Stack } from "../../bin/stack";
import { graphql } from "../support/graphql-client";
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from "../support/otlp-receiver";
import { startTestStack } from "../support/test-stack";
import { tokenFor } from "../support/tokens";

const DATABASE = `e2e_traces_${process.pid}`;
let stack: Stack;
let receiver: OtlpReceiver;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  stack = await startTestStack(DATABASE, {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    // Export within a fraction of a second instead of the default 5 s batches.
    OTEL_BSP_SCHEDULE_DELAY: "200",
  });
}, 180000);

afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

const HOME = `
  query TracedHome($u: ID!) {
    user(id: $u) {
      name
    }
    carousels(userId: $u, surface: HOME, first: 2) {
      title
      items(first: 3) {
        edges {
          node {
            product {
              id
              name
              price
              tags
            }
          }
        }
      }
    }
  }
`;

/** Waits until `ready` holds for the spans of `traceId` received so far. */
async function collect(traceId: string, ready: (spans: ReceivedSpan[]) => boolean): Promise<ReceivedSpan[]> {
  const deadline = Date.now() + 30000;
  for (;;) {
    const spans = receiver.spans.filter((span) => span.traceId === traceId);
    if (ready(spans) || Date.now() > deadline) return spans;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test("one HOME carousels query is one trace across the gateway, the subgraphs and their database commands", async () => {
  // The client starts the trace: the gateway continues the caller's W3C trace context.
  const traceId = randomBytes(16).toString("hex");
  const clientSpanId = randomBytes(8).toString("hex");
  const token = await tokenFor("u:sim:00001");
  const home = await graphql(
    stack.gatewayUrl,
    HOME,
    { u: "u:sim:00001" },
    { token, headers: { traceparent: `00-${traceId}-${clientSpanId}-01` } },
  );
  expect(home.errors).toBeUndefined();
  expect((home.data as { carousels: unknown[] }).carousels.length).toBeGreaterThan(0);

  const services = (spans: ReceivedSpan[]) => new Set(spans.map((span) => span.service));
  const spans = await collect(traceId, (received) => {
    const seen = services(received);
    return (
      ["gateway", "catalog", "user-profile", "personalization"].every((name) => seen.has(name)) &&
      received.some((span) => span.name === "pipeline present") &&
      received.some((span) => span.service === "personalization" && span.attributes["db.system.name"] === "mongodb") &&
      received.some((span) => span.service === "user-profile" && span.attributes["db.system.name"] === "mongodb")
    );
  });
  expect(receiver.refused).toEqual([]);
  expect([...services(spans)].sort()).toEqual(["catalog", "gateway", "personalization", "user-profile"]);

  // One connected tree: every span's parent is the client's span or another span of the trace.
  const ids = new Set(spans.map((span) => span.spanId));
  for (const span of spans)
    expect([span.name, ids.has(span.parentSpanId!) || span.parentSpanId === clientSpanId]).toEqual([span.name, true]);
  const byId = new Map(spans.map((span) => [span.spanId, span]));

  // The gateway's server span is the client's child and names the operation.
  const gatewayServer = spans.find((span) => span.service === "gateway" && span.kind === 2)!;
  expect(gatewayServer.parentSpanId).toBe(clientSpanId);
  expect(gatewayServer.attributes["graphql.operation.name"]).toBe("TracedHome");
  expect(gatewayServer.attributes["http.response.status_code"]).toBe(200);

  // Each subgraph's server span is the child of a gateway fetch (client) span to that subgraph.
  for (const name of ["catalog", "user-profile", "personalization"]) {
    const server = spans.find((span) => span.service === name && span.kind === 2);
    expect(server).toBeDefined();
    const parent = byId.get(server!.parentSpanId!)!;
    expect([parent.service, parent.kind, parent.attributes["subgraph.name"]]).toEqual(["gateway", 3, name]);
  }

  // Personalization: the five pipeline steps, plugin calls inside them, database commands as client spans.
  const personalization = spans.filter((span) => span.service === "personalization");
  for (const step of ["blend", "prospect", "rank", "target", "present"])
    expect(personalization.find((span) => span.name === `pipeline ${step}`)?.attributes["pipeline.step"]).toBe(step);
  const plugin = personalization.find((span) => span.attributes["plugin.hook"] === "score");
  expect(plugin?.attributes["plugin.outcome"]).toBe("ok");
  expect(byId.get(plugin!.parentSpanId!)?.name).toBe("pipeline score");

  const ancestors = (span: ReceivedSpan): ReceivedSpan[] => {
    const chain: ReceivedSpan[] = [];
    for (let at = byId.get(span.parentSpanId ?? ""); at; at = byId.get(at.parentSpanId ?? "")) chain.push(at);
    return chain;
  };
  // Database commands: client spans under the step (or resolver) that issued them, in both subgraphs that read.
  for (const name of ["personalization", "user-profile"]) {
    const command = spans.find((span) => span.service === name && span.attributes["db.system.name"] === "mongodb");
    expect(command).toBeDefined();
    expect(command!.kind).toBe(3);
    expect(typeof command!.attributes["db.operation.name"]).toBe("string");
    expect(typeof command!.attributes["db.collection.name"]).toBe("string");
    expect(ancestors(command!).some((span) => span.service === name && span.kind === 2)).toBe(true);
    expect(ancestors(command!).at(-1)).toBe(gatewayServer);
  }
  const stepCommand = personalization.find(
    (span) =>
      span.attributes["db.system.name"] === "mongodb" && byId.get(span.parentSpanId!)?.name === "pipeline blend",
  );
  expect(stepCommand).toBeDefined();
});

test("a query without a traceparent starts its own trace at the gateway", async () => {
  const before = new Set(receiver.spans.map((span) => span.traceId));
  const result = await graphql(
    stack.gatewayUrl,
    `
      query TracedProduct {
        product(id: "p:000001") {
          id
        }
      }
    `,
  );
  expect(result.errors).toBeUndefined();
  const deadline = Date.now() + 30000;
  let root: ReceivedSpan | undefined;
  while (!root && Date.now() < deadline) {
    root = receiver.spans.find(
      (span) =>
        !before.has(span.traceId) &&
        span.service === "gateway" &&
        span.kind === 2 &&
        span.attributes["graphql.operation.name"] === "TracedProduct",
    );
    if (!root) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(root?.parentSpanId).toBeUndefined();
  const catalog = await collect(root!.traceId, (spans) => spans.some((span) => span.service === "catalog"));
  expect(catalog.some((span) => span.service === "catalog" && span.kind === 2)).toBe(true);
});

test("a search's LLM feature call is a span saying where its answer came from", async () => {
  const traceId = randomBytes(16).toString("hex");
  const result = await graphql(
    stack.gatewayUrl,
    `
      query TracedSearch {
        search(query: "ragu sauce") {
          query
          results(first: 3) {
            totalCount
          }
        }
      }
    `,
    {},
    { headers: { traceparent: `00-${traceId}-${randomBytes(8).toString("hex")}-01` } },
  );
  expect(result.errors).toBeUndefined();
  const spans = await collect(traceId, (received) =>
    received.some((span) => span.service === "personalization" && span.name.startsWith("llm ")),
  );
  const llm = spans.find((span) => span.service === "personalization" && span.name.startsWith("llm "));
  // The stack runs without an API key: the offline twin answers, and the span says so.
  expect(llm?.attributes).toMatchObject({
    "llm.source": "OFFLINE",
    "llm.fallback": true,
    "llm.fallback_reason": "no-key",
    "llm.called": false,
    "gen_ai.usage.input_tokens": 0,
  });
  expect(typeof llm?.attributes["llm.feature"]).toBe("string");
  const parent = spans.find((span) => span.spanId === llm!.parentSpanId);
  expect(parent?.attributes["plugin.hook"]).toBe("interpretQuery");
});
