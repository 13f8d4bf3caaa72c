import type { IncomingMessage, ServerResponse } from "node:http";
import { decodeJwt } from "jose";
import type { Principal } from "../core/auth/principal";
import { bearerToken, InvalidTokenError, type TokenVerifier } from "../core/auth/tokens";
import { ErrorCode } from "../subgraphs/shared/errors";

/**
 * The storefront's session cookie: a shopper's bearer token, set by `POST /storefront/session` when
 * the shopper is chosen, so that a page load can be rendered on the server for them.
 *
 * Contract (docs/frontend.md, "Signed-in server rendering"):
 * - `HttpOnly` (page scripts never read it), `SameSite=Strict` (browsers do not send it on requests
 *   from other sites), `Path=/`, `Max-Age` up to the token's own expiry, `Secure` in production.
 * - It authenticates a page request (`GET` of the storefront's HTML, which runs only home's own
 *   queries, fixed by the server) whatever the request's origin, and a `/graphql` request only when
 *   the request proves it comes from this origin (`Sec-Fetch-Site: same-origin`, or, from a browser
 *   that sends no fetch metadata, an `Origin` whose host is the request's `Host`). A request with an
 *   `Authorization` header is authenticated by that header alone.
 * - Only shopper tokens are accepted: a service's or admin's token never goes into a browser cookie.
 */
export const SESSION_COOKIE = "storefront_session";

/** The path of the session endpoint (POST sets the cookie, DELETE clears it). */
export const SESSION_PATH = "/storefront/session";

/** The session cookie's token in `request`, or undefined without one. */
export function sessionToken(request: IncomingMessage): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at < 0) continue;
    if (part.slice(0, at).trim() === SESSION_COOKIE) {
      const value = part.slice(at + 1).trim();
      return value === "" ? undefined : value;
    }
  }
  return undefined;
}

/**
 * Whether a browser sent `request` from this origin's own pages (the cross-site request forgery
 * check for cookie-authenticated `/graphql` requests and the session endpoint). Browsers set
 * `Sec-Fetch-Site` and `Origin` themselves; a page on another origin (another port or subdomain of
 * the same site included) cannot make them say `same-origin` or this host. A request carrying
 * neither is not taken as same-origin.
 */
export function isSameOrigin(request: IncomingMessage): boolean {
  const site = request.headers["sec-fetch-site"];
  if (typeof site === "string") return site === "same-origin";
  const origin = request.headers.origin;
  const host = request.headers.host;
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

/** How a request's session cookie is read: for a page render, or for an API request (same origin only). */
export type CookieUse = "page" | "api";

/**
 * The principal of `request`'s session cookie, or undefined when the cookie is absent, not to be used
 * here (an API request that does not prove it is same-origin), or does not hold a valid shopper
 * token (`invalid` is then true, so a page response can clear it).
 */
export async function sessionPrincipal(
  request: IncomingMessage,
  verify: TokenVerifier,
  use: CookieUse,
): Promise<{ principal?: Principal; invalid: boolean }> {
  const token = sessionToken(request);
  if (token === undefined) return { invalid: false };
  if (use === "api" && !isSameOrigin(request)) return { invalid: false };
  try {
    const principal = await verify(token);
    if (principal.role !== "shopper") return { invalid: true };
    return { principal, invalid: false };
  } catch (error) {
    if (error instanceof InvalidTokenError) return { invalid: true };
    throw error;
  }
}

/** The `Set-Cookie` value that stores `token` until `expiresAt` (seconds since the epoch). */
export function sessionCookie(token: string, expiresAt: number, secure: boolean, now = Date.now()): string {
  const maxAge = Math.max(0, Math.floor(expiresAt - now / 1000));
  return `${SESSION_COOKIE}=${token}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
}

/** The `Set-Cookie` value that removes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
}

function sendJson(response: ServerResponse, status: number, body: unknown, cookie?: string): void {
  response.statusCode = status;
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.setHeader("cache-control", "no-store");
  if (cookie) response.setHeader("set-cookie", cookie);
  response.end(JSON.stringify(body));
}

const refusal = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

/**
 * `POST /storefront/session` with `Authorization: Bearer <shopper token>` stores the token in the
 * session cookie (answering `{ userId }`); `DELETE` clears it. Both only from this origin's pages
 * ({@link isSameOrigin}; 403 otherwise), so another site can neither sign a visitor in as someone else
 * nor sign them out. The token is verified as on `/graphql` (401 when it does not verify) and must be a
 * shopper's (403 otherwise). Returns false for other methods, leaving them to the caller.
 */
export async function handleSession(
  request: IncomingMessage,
  response: ServerResponse,
  verify: TokenVerifier,
  secure: boolean,
): Promise<boolean> {
  if (request.method !== "POST" && request.method !== "DELETE") return false;
  if (!isSameOrigin(request)) {
    sendJson(response, 403, refusal(ErrorCode.FORBIDDEN, "The session can only be changed from this origin's pages"));
    return true;
  }
  if (request.method === "DELETE") {
    sendJson(response, 200, { userId: null }, clearedSessionCookie(secure));
    return true;
  }
  const token = bearerToken(request.headers.authorization ?? "");
  if (token === null) {
    sendJson(response, 401, refusal(ErrorCode.UNAUTHENTICATED, "POST needs `Authorization: Bearer <token>`"));
    return true;
  }
  let principal: Principal;
  try {
    principal = await verify(token);
  } catch (error) {
    if (!(error instanceof InvalidTokenError)) throw error;
    sendJson(response, 401, refusal(ErrorCode.UNAUTHENTICATED, error.message));
    return true;
  }
  if (principal.role !== "shopper") {
    sendJson(response, 403, refusal(ErrorCode.FORBIDDEN, "Only a shopper's token can be a storefront session"));
    return true;
  }
  const expiresAt = decodeJwt(token).exp ?? Math.floor(Date.now() / 1000) + 3600;
  sendJson(response, 200, { userId: principal.subject }, sessionCookie(token, expiresAt, secure));
  return true;
}
