import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createGatewayRuntime, type GatewayPlugin } from "@graphql-hive/gateway-runtime";
import type { Principal } from "../../core/auth/principal";
import { ANONYMOUS } from "../../core/auth/principal";
import {
  createTokenVerifier,
  GATEWAY_ASSERTION_HEADER,
  InvalidTokenError,
  signGatewayAssertion,
  subgraphSecret,
} from "../../core/auth/tokens";
import type { Config } from "../../core/config";
import { ErrorCode } from "../../subgraphs/shared/errors";

/** A running Hive Gateway: where it answers, and how to stop it. */
export interface HiveGateway {
  url: string;
  close(): Promise<void>;
}

/**
 * Points each `@join__graph` of a supergraph SDL at `urls[name]` (the committed supergraph names
 * 127.0.0.1:4001–4003; a stack on other ports, or in containers, needs its own).
 */
export function withSubgraphUrls(supergraphSdl: string, urls: Record<string, string>): string {
  return supergraphSdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (whole, name: string) =>
    urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : whole,
  );
}

/**
 * Serves the committed supergraph with Hive Gateway (The Guild's engine) instead of Apollo Gateway, against
 * the same subgraphs. The second engine proves the supergraph is not tied to one gateway. It speaks to the
 * subgraphs as ours does: a plugin verifies the bearer token the same way (a bad one is HTTP 401,
 * `UNAUTHENTICATED`), and each subgraph request carries the gateway assertion signed with SUBGRAPH_SECRET.
 * Operation limits, rate limits and deadlines are Apollo-gateway features here (gateway/): a production
 * Hive deployment configures its own.
 */
export async function startHiveGateway(config: Config, supergraphSdl: string, port = 0): Promise<HiveGateway> {
  const verify = createTokenVerifier(config);
  const secret = subgraphSecret(config);
  const principals = new WeakMap<Request, Principal>();
  const assertions = new WeakMap<Request, Promise<string>>();

  const authenticate: GatewayPlugin = {
    async onRequest({ request, endResponse }) {
      const header = request.headers.get("authorization");
      if (!header || header.trim() === "") return void principals.set(request, ANONYMOUS);
      const refuse = (message: string) =>
        endResponse(
          new Response(JSON.stringify({ errors: [{ message, extensions: { code: ErrorCode.UNAUTHENTICATED } }] }), {
            status: 401,
            headers: { "content-type": "application/json" },
          }),
        );
      const match = /^Bearer\s+([A-Za-z0-9\-_.]+)\s*$/i.exec(header);
      if (!match) return refuse("The Authorization header must be `Bearer <token>`");
      try {
        principals.set(request, await verify(match[1]!));
      } catch (error) {
        if (error instanceof InvalidTokenError) return refuse(error.message);
        throw error;
      }
    },
  };

  const runtime = createGatewayRuntime({
    supergraph: supergraphSdl,
    logging: (process.env.HIVE_GATEWAY_LOG ?? "error") as "error",
    landingPage: false,
    graphqlEndpoint: "/graphql",
    plugins: () => [authenticate],
    propagateHeaders: {
      fromClientToSubgraphs({ request }) {
        let assertion = assertions.get(request);
        if (!assertion)
          assertions.set(request, (assertion = signGatewayAssertion(secret, principals.get(request) ?? ANONYMOUS)));
        return assertion.then((value) => ({ [GATEWAY_ASSERTION_HEADER]: value }));
      },
    },
  });
  const server = createServer(runtime);
  await new Promise<void>((resolveListen) => server.listen(port, "127.0.0.1", resolveListen));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    async close() {
      await runtime.dispose();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}
