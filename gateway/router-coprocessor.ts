import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ANONYMOUS, ROLES, type Principal } from "../core/auth/principal";
import {
  createTokenVerifier,
  GATEWAY_ASSERTION_HEADER,
  signGatewayAssertion,
  subgraphSecret,
} from "../core/auth/tokens";
import type { Config } from "../core/config";
import { DEADLINE_HEADER } from "../subgraphs/shared/deadline";
import { ErrorCode } from "../subgraphs/shared/errors";
import { authenticateHeader } from "./authentication";

/** Context entry holding the principal the RouterRequest stage verified. */
export const PRINCIPAL_CONTEXT_KEY = "discovery::principal";
/** Context entry holding when the request must be done (ms since the epoch). */
export const DEADLINE_CONTEXT_KEY = "discovery::deadline_at";

/**
 * A request of the Apollo Router's external coprocessor protocol (version 1), as far as this coprocessor
 * reads it: headers are lists of values per name, `context.entries` is the request's shared context.
 */
export interface CoprocessorMessage {
  version: number;
  stage: string;
  control: "continue" | { break: number };
  id: string;
  headers?: Record<string, string[]>;
  body?: unknown;
  context?: { entries?: Record<string, unknown> };
  serviceName?: string;
  [other: string]: unknown;
}

function header(headers: Record<string, string[]> | undefined, name: string): string | undefined {
  for (const [key, values] of Object.entries(headers ?? {})) if (key.toLowerCase() === name) return values[0];
  return undefined;
}

function asPrincipal(value: unknown): Principal {
  const candidate = value as { role?: unknown; subject?: unknown } | undefined;
  if (candidate && typeof candidate.subject === "string" && (ROLES as readonly unknown[]).includes(candidate.role))
    return { role: candidate.role as Principal["role"], subject: candidate.subject } as Principal;
  return ANONYMOUS;
}

/**
 * What a Router in front of these subgraphs must do that Apollo Gateway does in `gateway/`, as a
 * coprocessor: at `RouterRequest`, verify `Authorization: Bearer` exactly as the gateway does (a bad
 * token ends the request with HTTP 401 `UNAUTHENTICATED`) and record the principal and the request's
 * deadline (REQUEST_DEADLINE_MS, or less when the client sends `x-request-deadline-ms`) in the context;
 * at `SubgraphRequest`, replace any client-sent assertion with one signed with SUBGRAPH_SECRET for that
 * principal and send what is left of the deadline, or answer `DEADLINE_EXCEEDED` for the subgraph when
 * nothing is. Other stages pass unchanged.
 */
export function routerCoprocessor(config: Config): (message: CoprocessorMessage) => Promise<CoprocessorMessage> {
  const verify = createTokenVerifier(config);
  const secret = subgraphSecret(config);
  return async (message) => {
    const entries = message.context?.entries ?? {};
    if (message.stage === "RouterRequest") {
      const outcome = await authenticateHeader(header(message.headers, "authorization"), verify);
      if ("status" in outcome)
        return {
          ...message,
          control: { break: outcome.status },
          headers: {
            "content-type": ["application/json"],
            ...Object.fromEntries(Object.entries(outcome.headers ?? {}).map(([name, value]) => [name, [value]])),
          },
          body: JSON.stringify({ errors: outcome.errors }),
        };
      const asked = Number(header(message.headers, DEADLINE_HEADER));
      const budget =
        Number.isFinite(asked) && asked > 0
          ? Math.min(Math.floor(asked), config.REQUEST_DEADLINE_MS)
          : config.REQUEST_DEADLINE_MS;
      return {
        ...message,
        context: {
          ...message.context,
          entries: { ...entries, [PRINCIPAL_CONTEXT_KEY]: outcome, [DEADLINE_CONTEXT_KEY]: Date.now() + budget },
        },
      };
    }
    if (message.stage === "SubgraphRequest") {
      const deadlineAt = Number(entries[DEADLINE_CONTEXT_KEY]);
      const left = Number.isFinite(deadlineAt) ? Math.floor(deadlineAt - Date.now()) : config.REQUEST_DEADLINE_MS;
      if (left <= 0)
        return {
          ...message,
          control: { break: 200 },
          body: {
            data: null,
            errors: [
              {
                message: "The request did not finish within its deadline and was stopped; try again or ask for less",
                extensions: { code: ErrorCode.DEADLINE_EXCEEDED },
              },
            ],
          },
        };
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).filter(
          ([name]) => ![GATEWAY_ASSERTION_HEADER, DEADLINE_HEADER].includes(name.toLowerCase()),
        ),
      );
      headers[GATEWAY_ASSERTION_HEADER] = [
        await signGatewayAssertion(secret, asPrincipal(entries[PRINCIPAL_CONTEXT_KEY])),
      ];
      headers[DEADLINE_HEADER] = [String(left)];
      return { ...message, headers };
    }
    return message;
  };
}

/** A running coprocessor: where the Router reaches it, and how to stop it. */
export interface RunningCoprocessor {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves {@link routerCoprocessor} over HTTP (POST, JSON) on `port` (0: a free one) and `host`, and
 * `GET /health` for probes. A body
 * that is not a coprocessor message is answered 400, which the Router treats as a failed coprocessor
 * call and so refuses the client request: nothing reaches a subgraph unsigned.
 */
export async function startRouterCoprocessor(
  config: Config,
  port: number,
  host = "127.0.0.1",
): Promise<RunningCoprocessor> {
  const handle = routerCoprocessor(config);
  const server = createServer((request, response) => {
    if (request.method === "GET" && request.url === "/health") {
      response.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      void (async () => {
        let message: CoprocessorMessage;
        try {
          message = JSON.parse(Buffer.concat(chunks).toString("utf8")) as CoprocessorMessage;
          if (request.method !== "POST" || message?.version !== 1 || typeof message.stage !== "string")
            throw new Error("not a coprocessor request");
        } catch {
          response.writeHead(400, { "content-type": "application/json" }).end('{"error":"not a coprocessor request"}');
          return;
        }
        try {
          const answer = await handle(message);
          response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
        } catch {
          response.writeHead(500, { "content-type": "application/json" }).end('{"error":"coprocessor failed"}');
        }
      })();
    });
  });
  await new Promise<void>((resolveListen) => server.listen(port, host, resolveListen));
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    server,
    close: () => new Promise<void>((resolveClose) => server.close(() => resolveClose())),
  };
}
