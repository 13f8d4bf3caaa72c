import { setMetricsProcess, storefrontPages, storefrontRenderSeconds } from "../core/metrics";
import { flushTraces, startTracing } from "../core/tracing";
import { ApolloServer } from "@apollo/server";
import { ApolloGateway } from "@apollo/gateway";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { IncomingMessage, Server } from "node:http";
import { ANONYMOUS, type Principal } from "../core/auth/principal";
import { createTokenVerifier, subgraphSecret } from "../core/auth/tokens";
import { subgraphUrl, type Config } from "../core/config";
import { createLogger } from "../core/logger";
import { projectRoot } from "../core/paths";
import { apolloOptions } from "../subgraphs/shared/apollo-options";
import { close, createHttpServer, listen, type HttpRejection } from "../subgraphs/shared/http-server";
import { authenticate, gatewayContext, type GatewayContext } from "./authentication";
import { composeSupergraph } from "./compose";
import { operationGuardPlugin } from "./operation-guard";
import { createRateLimiter } from "./rate-limit";
import { createAdmissionControl, type AdmissionControl } from "./admission";
import { clientAddressResolver, clientKey } from "./client-identity";
import {
  checkDocument,
  LIMIT_CODES,
  operationCostPlugin,
  operationLimitRules,
  operationLimits,
} from "./operation-limits";
import {
  loadServerRenderer,
  storefrontHandler,
  STOREFRONT_DIST,
  type PageOperation,
  type PageOperationResult,
  type PageRenderer,
  type RenderedPage,
  type ServerRenderer,
  type StorefrontSessions,
} from "./storefront";
import { clearedSessionCookie, handleSession, sessionPrincipal, type CookieUse } from "./session";
import { SubgraphDataSource } from "./subgraph-data-source";
import { readSupergraphConfig } from "./supergraph-config";
import { deadlineFromRequest, runWithDeadline, type Deadline } from "../subgraphs/shared/deadline";

/** A started gateway. */
export interface RunningGateway {
  port: number;
  url: string;
  http: Server;
  /** Its admission control (the bounds in force, and what is in flight and waiting now). */
  admission: Pick<AdmissionControl, "limits" | "snapshot">;
  stop(): Promise<void>;
}

/** Options of {@link startGateway}. */
export interface GatewayOptions {
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  /** Subgraph URLs by name; by default from configuration (CATALOG_URL / CATALOG_PORT, …). */
  subgraphUrls?: Record<string, string>;
  /** The supergraph.yaml to compose; the repository's by default. */
  supergraphConfigPath?: string;
}

/**
 * Composes the subgraph SDLs listed in supergraph.yaml in-process (a composition error stops the
 * start with the composer's messages) and serves the supergraph with @apollo/gateway.
 */
export async function startGateway(config: Config, options: GatewayOptions = {}): Promise<RunningGateway> {
  const logger = createLogger("gateway", config.LOG_LEVEL);
  setMetricsProcess("gateway");
  // Before the gateway builds its data sources: they trace their fetches only when tracing is on.
  if (startTracing("gateway", config)) logger.info("tracing: spans exported over OTLP/HTTP");
  const entries = readSupergraphConfig(options.supergraphConfigPath ?? join(projectRoot, "supergraph.yaml"));
  const subgraphs = entries.map((entry) => ({
    name: entry.name,
    url:
      options.subgraphUrls?.[entry.name] ??
      subgraphUrl(config, entry.name as Parameters<typeof subgraphUrl>[1]) ??
      entry.routingUrl,
    sdl: readFileSync(entry.schemaFile, "utf8"),
  }));
  const supergraphSdl = composeSupergraph(subgraphs);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new SubgraphDataSource(name, url!, logger),
  });
  const limits = operationLimits(config);
  const shared = apolloOptions(config.NODE_ENV, logger, {
    forwardsSubgraphErrors: true,
    clientCodes: Object.values(LIMIT_CODES),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    ...shared,
    validationRules: operationLimitRules(limits),
    plugins: [...(shared.plugins ?? []), operationGuardPlugin(), operationCostPlugin(limits)],
  });
  await apollo.start();

  const verify = createTokenVerifier(config);
  const secret = subgraphSecret(config);
  const principals = new WeakMap<IncomingMessage, Principal>();
  const clientAddress = clientAddressResolver(config.TRUSTED_PROXIES);
  const rateLimiter = createRateLimiter(config, logger, clientAddress);
  const admission = createAdmissionControl(config);
  if (admission.limits) logger.info({ admission: admission.limits }, "admission control");
  else logger.warn("ADMISSION_MAX_IN_FLIGHT=0: admission control is off");
  // Before the body is read, in order: the bearer token (a bad one is refused at once), the rate
  // limits, then a seat of admission control for the client, so a queued request holds only its socket.
  const admit = async (
    request: IncomingMessage,
    { deadline, signal }: { deadline: Deadline | undefined; signal: AbortSignal },
    use: CookieUse = "api",
  ): Promise<HttpRejection | { release(): void }> => {
    const principal = await authenticate(request, verify, use);
    if ("status" in principal) return principal;
    const address = clientAddress(request);
    const overBudget = await rateLimiter.admit(principal, request);
    if (overBudget) return overBudget;
    principals.set(request, principal);
    return admission.admit(clientKey(principal, address), { deadline: deadline?.at, signal });
  };
  // Once the body is read: the document's size and tokens, before parsing.
  const documentRejection = async (query: string | undefined): Promise<HttpRejection | undefined> => {
    const tooBig = query === undefined ? undefined : checkDocument(query, limits);
    if (!tooBig) return undefined;
    return {
      status: 400,
      errors: [
        {
          message: tooBig.message,
          extensions: { code: tooBig.extensions.code, limit: tooBig.extensions.limit, found: tooBig.extensions.found },
        },
      ],
    };
  };
  // Server rendering of the storefront's home: its queries go through the same gates as a browser's
  // (the page request's token or session cookie, rate limits, a seat of admission control, the document limits, the
  // validation rules and plugins, the deadline), executed in-process rather than over HTTP.
  const serverRender = loadServerRenderer();
  const renderPage: PageRenderer | undefined = !serverRender
    ? undefined
    : async (request, signal, userId) => {
        const started = performance.now();
        const rendered = await renderHome(serverRender, request, signal, userId);
        const outcome = rendered === null ? "unrendered" : rendered.memoized ? "memoized" : "rendered";
        storefrontPages.inc({ outcome, session: userId === null ? "anonymous" : "shopper" });
        storefrontRenderSeconds.observe({ outcome }, (performance.now() - started) / 1000);
        return rendered;
      };
  /** Home rendered for one page request under the page request's gates, or null to serve it unrendered. */
  async function renderHome(
    render: ServerRenderer,
    request: IncomingMessage,
    signal: AbortSignal,
    userId: string | null,
  ): Promise<RenderedPage | null> {
    const deadline = deadlineFromRequest(request, config.REQUEST_DEADLINE_MS);
    let admitted: Awaited<ReturnType<typeof admit>>;
    try {
      admitted = await admit(request, { deadline, signal }, "page");
    } catch (error) {
      // The head is already sent: a failure here (the identity provider's keys unreachable, Redis down) serves the page unrendered.
      logger.warn({ err: error }, "page request not admitted for rendering; serving the page unrendered");
      return null;
    }
    if ("status" in admitted) return null;
    try {
      const principal = principals.get(request) ?? ANONYMOUS;
      // Rendered for a shopper only under that shopper's own session (never another principal's page).
      if (userId !== null && principal.subject !== userId) return null;
      const execute = async (operation: PageOperation): Promise<PageOperationResult> => {
        const refused = await documentRejection(operation.query);
        if (refused) return { errors: refused.errors };
        const response = await apollo.executeOperation(
          { query: operation.query, operationName: operation.operationName, variables: operation.variables },
          { contextValue: gatewayContext(principal, secret, deadline) },
        );
        if (response.body.kind !== "single") return { errors: [{ message: "Incremental delivery is not served" }] };
        return response.body.singleResult as PageOperationResult;
      };
      const stop = AbortSignal.any([signal, AbortSignal.timeout(Math.max(0, deadline.remainingMs()))]);
      return await runWithDeadline(deadline, () => render(execute, stop, { userId }));
    } catch (error) {
      logger.warn({ err: error }, "server rendering failed; serving the page unrendered");
      return null;
    } finally {
      admitted.release();
    }
  }
  // The storefront's session cookie (gateway/session.ts): set and cleared at /storefront/session, read
  // by page requests (a page request with its own Authorization header is rendered anonymous).
  const secureCookies = config.NODE_ENV === "production";
  const sessions: StorefrontSessions = {
    async pageShopper(request) {
      if (request.headers.authorization) return { userId: null, clear: false };
      try {
        const session = await sessionPrincipal(request, verify, "page");
        return { userId: session.principal?.subject ?? null, clear: session.invalid };
      } catch (error) {
        // Not a bad token but a failure to check one (the identity provider's keys unreachable): the anonymous page, cookie kept.
        logger.warn({ err: error }, "session cookie not checked; serving the anonymous page");
        return { userId: null, clear: false };
      }
    },
    handle: (request, response) => handleSession(request, response, verify, secureCookies),
    cleared: clearedSessionCookie(secureCookies),
  };
  const http = createHttpServer<GatewayContext>({
    apollo,
    context: async (request) => gatewayContext(principals.get(request) ?? ANONYMOUS, secret),
    corsOrigins: config.CORS_ORIGINS,
    // Fixed on arrival: REQUEST_DEADLINE_MS, or less when the client sends x-request-deadline-ms.
    deadline: (request) => deadlineFromRequest(request, config.REQUEST_DEADLINE_MS),
    pages: storefrontHandler(config, STOREFRONT_DIST, renderPage, sessions),
    admit,
    guard: async (_request, { query }) => documentRejection(query),
    ready: async () => {
      const states = await Promise.all(
        subgraphs.map(
          async (subgraph) => [subgraph.name, await probe(subgraph.url.replace(/\/graphql$/, "/ready"))] as const,
        ),
      );
      return { ready: states.every(([, up]) => up), details: Object.fromEntries(states) };
    },
  });
  const port = await listen(http, options.port ?? config.GATEWAY_PORT);
  logger.info(
    { port, subgraphs: subgraphs.map((s) => `${s.name}=${s.url}`) },
    `gateway listening on http://localhost:${port}/graphql (storefront at /)`,
  );
  return {
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    http,
    admission,
    async stop() {
      await close(http);
      await apollo.stop();
      await rateLimiter.close();
      admission.close();
      await flushTraces();
      logger.info("stopped");
    },
  };
}

async function probe(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}
