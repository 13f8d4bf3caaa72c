import type { IncomingMessage } from "node:http";
import type { BaseContext } from "@apollo/server";
import { ANONYMOUS, type Principal } from "../core/auth/principal";
import { bearerToken, gatewayAssertion, InvalidTokenError, type TokenVerifier } from "../core/auth/tokens";
import { ErrorCode } from "../subgraphs/shared/errors";
import type { HttpRejection } from "../subgraphs/shared/http-server";
import { currentDeadline, Deadline } from "../subgraphs/shared/deadline";
import { sessionPrincipal, type CookieUse } from "./session";

/** The gateway's request context: who the request acts for, and the assertion that tells the subgraphs. */
export interface GatewayContext extends BaseContext {
  principal: Principal;
  /** The signed assertion of `principal` for subgraphs (shared by its requests for half the assertion's lifetime). */
  assertion(): Promise<string>;
  /** When the request must be done (REQUEST_DEADLINE_MS, or less if the client asked); subgraphs get what is left. */
  deadline?: Deadline;
}

/**
 * Reads `Authorization: Bearer <token>`: a valid token names a shopper, service or admin; anything
 * else (another scheme, a bad signature, an expired token) is refused with HTTP 401 and
 * `UNAUTHENTICATED` rather than served anonymously, so a client notices. Without the header, the
 * storefront's session cookie (gateway/session.ts) names the shopper when `use` allows it: on a page
 * request always, on an API request only when the request proves it comes from this origin (the
 * cross-site request forgery defense); a session cookie that does not verify is refused like a bad
 * token on the API and ignored (anonymous) on a page. Otherwise the caller is anonymous.
 */
export async function authenticate(
  request: IncomingMessage,
  verify: TokenVerifier,
  use: CookieUse = "api",
): Promise<Principal | HttpRejection> {
  const header = request.headers.authorization;
  if (header !== undefined && header.trim() !== "") return authenticateHeader(header, verify);
  const session = await sessionPrincipal(request, verify, use);
  if (session.principal) return session.principal;
  if (session.invalid && use === "api")
    return {
      status: 401,
      headers: { "www-authenticate": 'Bearer error="invalid_token"' },
      errors: [
        {
          message: "The storefront session is not valid any more; choose the shopper again",
          extensions: { code: ErrorCode.UNAUTHENTICATED },
        },
      ],
    };
  return ANONYMOUS;
}

/** {@link authenticate} on the value of an `Authorization` header (undefined: none); the Router coprocessor uses it too. */
export async function authenticateHeader(
  header: string | undefined,
  verify: TokenVerifier,
): Promise<Principal | HttpRejection> {
  if (header === undefined || header.trim() === "") return ANONYMOUS;
  const token = bearerToken(header);
  const refuse = (message: string): HttpRejection => ({
    status: 401,
    headers: { "www-authenticate": `Bearer error="invalid_token", error_description="${message.replace(/"/g, "'")}"` },
    errors: [{ message, extensions: { code: ErrorCode.UNAUTHENTICATED } }],
  });
  if (token === null) return refuse("The Authorization header must be `Bearer <token>`");
  try {
    return await verify(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) return refuse(error.message);
    throw error;
  }
}

/** Builds the context of a request whose principal was established by {@link authenticate}. */
export function gatewayContext(
  principal: Principal,
  subgraphSecret: string,
  deadline: Deadline | undefined = currentDeadline(),
): GatewayContext {
  return { principal, assertion: () => gatewayAssertion(subgraphSecret, principal), deadline };
}
