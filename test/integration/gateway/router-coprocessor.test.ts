import "reflect-metadata";
import { GATEWAY_ASSERTION_HEADER } from "../../../core/auth/tokens";
import { loadConfig } from "../../../core/config";
import {
  DEADLINE_CONTEXT_KEY,
  PRINCIPAL_CONTEXT_KEY,
  startRouterCoprocessor,
  type CoprocessorMessage,
  type RunningCoprocessor,
} from "../../../gateway/router-coprocessor";
import { startSubgraph, type RunningSubgraph } from "../../../subgraphs/shared/subgraph";
import { userProfileSubgraph } from "../../../subgraphs/user-profile/user-profile.subgraph";
import { TEST_JWT_SECRET, tokenFor } from "../../support/tokens";

/**
 * The coprocessor a Router deployment needs (deploy/router/router.yaml), spoken to as the Router does
 * (protocol version 1, the reference's message shapes), and its subgraph requests sent on to the real
 * user-profile subgraph, which checks the signed assertion and ownership. No Router binary runs here.
 */
const config = loadConfig({
  ...process.env,
  MONGODB_DATABASE: `test_router_coprocessor_${process.pid}`,
  LOG_LEVEL: "silent",
  AUTH_JWT_SECRET: TEST_JWT_SECRET,
  SUBGRAPH_SECRET: "test-subgraph-secret-for-the-coprocessor-test-0123456789",
  REQUEST_DEADLINE_MS: "8000",
});

let coprocessor: RunningCoprocessor;
let subgraph: RunningSubgraph<object>;

beforeAll(async () => {
  coprocessor = await startRouterCoprocessor(config, 0);
  subgraph = (await startSubgraph(
    userProfileSubgraph,
    { ...config, MONGODB_URI: process.env.MONGODB_URI! },
    0,
  )) as never;
});

afterAll(async () => {
  await coprocessor?.close();
  await subgraph?.stop();
});

async function call(message: Partial<CoprocessorMessage>): Promise<CoprocessorMessage> {
  const response = await fetch(coprocessor.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ version: 1, control: "continue", id: "1b19c05fdafc521016df33148ad63c1b", ...message }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as CoprocessorMessage;
}

const QUERY = { query: "query Who($id: ID!) { user(id: $id) { id } }" };

/** The RouterRequest and SubgraphRequest stages for one client request, then the subgraph request itself. */
async function throughRouter(authorization: string | null, userId: string, deadlineMs?: number) {
  const routerRequest = await call({
    stage: "RouterRequest",
    headers: {
      "content-type": ["application/json"],
      ...(authorization ? { authorization: [authorization] } : {}),
      ...(deadlineMs ? { "x-request-deadline-ms": [String(deadlineMs)] } : {}),
    },
    body: JSON.stringify(QUERY),
    context: { entries: { "accepts-json": true } },
    path: "/",
    method: "POST",
  });
  if (routerRequest.control !== "continue") return { routerRequest };
  const subgraphRequest = await call({
    stage: "SubgraphRequest",
    subgraphRequestId: "4a1f",
    serviceName: "user-profile",
    uri: subgraph.url,
    // A client-sent assertion must not survive.
    headers: { "content-type": ["application/json"], "X-Gateway-Assertion": ["forged.by.client"] },
    body: { ...QUERY, variables: { id: userId } },
    context: routerRequest.context!,
    method: "POST",
  });
  const headers = Object.fromEntries(
    Object.entries(subgraphRequest.headers ?? {}).map(([name, [value]]) => [name, value!]),
  );
  const response = await fetch(subgraph.url, {
    method: "POST",
    headers,
    body: JSON.stringify(subgraphRequest.body),
  });
  return {
    routerRequest,
    subgraphRequest,
    status: response.status,
    answer: (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> },
  };
}

test("a shopper's token becomes a signed assertion the subgraph accepts: own data answered, another shopper's FORBIDDEN", async () => {
  const token = await tokenFor("u:router:1");
  const own = await throughRouter(`Bearer ${token}`, "u:router:1", 5000);
  expect(own.routerRequest.context?.entries?.[PRINCIPAL_CONTEXT_KEY]).toEqual({
    role: "shopper",
    subject: "u:router:1",
  });
  expect(own.status).toBe(200);
  expect(own.answer?.errors?.map((error) => error.extensions?.code) ?? []).not.toContain("FORBIDDEN");
  expect(Object.keys(own.subgraphRequest!.headers!)).toEqual([
    "content-type",
    GATEWAY_ASSERTION_HEADER,
    "x-request-deadline-ms",
  ]);
  const left = Number(own.subgraphRequest!.headers!["x-request-deadline-ms"]![0]);
  expect(left).toBeGreaterThan(0);
  expect(left).toBeLessThanOrEqual(5000);

  const other = await throughRouter(`Bearer ${token}`, "u:router:2");
  expect(other.answer?.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  // Without a deadline from the client, REQUEST_DEADLINE_MS.
  expect(Number(other.subgraphRequest!.headers!["x-request-deadline-ms"]![0])).toBeLessThanOrEqual(8000);
});

test("no token: an anonymous assertion (the subgraph answers UNAUTHENTICATED for user data); a bad token ends the request with 401", async () => {
  const anonymous = await throughRouter(null, "u:router:1");
  expect(anonymous.status).toBe(200);
  expect(anonymous.answer?.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");

  const bad = await throughRouter("Bearer not.a.token", "u:router:1");
  expect(bad.routerRequest.control).toEqual({ break: 401 });
  expect(JSON.parse(bad.routerRequest.body as string)).toEqual({
    errors: [expect.objectContaining({ extensions: { code: "UNAUTHENTICATED" } })],
  });
  expect(bad.routerRequest.headers?.["www-authenticate"]?.[0]).toMatch(/^Bearer error="invalid_token"/);
});

test("a subgraph request after the deadline is answered DEADLINE_EXCEEDED without reaching the subgraph", async () => {
  const answer = await call({
    stage: "SubgraphRequest",
    serviceName: "user-profile",
    headers: {},
    body: QUERY,
    context: {
      entries: { [PRINCIPAL_CONTEXT_KEY]: { role: "admin", subject: "a" }, [DEADLINE_CONTEXT_KEY]: Date.now() - 1 },
    },
  });
  expect(answer.control).toEqual({ break: 200 });
  expect((answer.body as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe(
    "DEADLINE_EXCEEDED",
  );
});

test("the subgraph refuses the request without the coprocessor's assertion; the coprocessor refuses what is not a coprocessor request", async () => {
  const direct = await fetch(subgraph.url, {
    method: "POST",
    headers: { "content-type": "application/json", [GATEWAY_ASSERTION_HEADER]: "forged.by.client" },
    body: JSON.stringify({ ...QUERY, variables: { id: "u:router:1" } }),
  });
  expect(direct.status).toBe(401);
  const junk = await fetch(coprocessor.url, { method: "POST", body: "{}" });
  expect(junk.status).toBe(400);
  expect((await fetch(`${coprocessor.url}/health`)).status).toBe(200);
});
