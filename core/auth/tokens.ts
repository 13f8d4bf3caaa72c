import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { LRUCache } from "lru-cache";
import type { Config } from "../config";
import { ROLES, type Principal, type Role } from "./principal";

import { DEVELOPMENT_JWT_SECRET, DEVELOPMENT_SUBGRAPH_SECRET } from "./secrets";

export { DEVELOPMENT_JWT_SECRET, DEVELOPMENT_SUBGRAPH_SECRET };

/** The secret between the gateway and the subgraphs: `SUBGRAPH_SECRET`, else (outside production) the development one. */
export function subgraphSecret(config: Pick<Config, "SUBGRAPH_SECRET">): string {
  return config.SUBGRAPH_SECRET ?? DEVELOPMENT_SUBGRAPH_SECRET;
}

/** The header that carries the gateway's assertion to subgraphs. */
export const GATEWAY_ASSERTION_HEADER = "x-gateway-assertion";

/** Why a bearer token was refused; the message is safe to show the client. */
export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidTokenError";
  }
}

/** What {@link signUserToken} needs from configuration. */
export type SigningConfig = Pick<Config, "AUTH_JWT_SECRET" | "AUTH_ISSUER" | "AUTH_AUDIENCE">;

/** The shared secret user tokens are signed with: `AUTH_JWT_SECRET`, else the development one. */
export function userTokenSecret(config: Pick<Config, "AUTH_JWT_SECRET">): string {
  return config.AUTH_JWT_SECRET ?? DEVELOPMENT_JWT_SECRET;
}

/** Signs an HS256 user token with the configured shared secret (`npm run token`, tests, benchmarks). */
export async function signUserToken(
  config: SigningConfig,
  claims: { subject: string; role?: Role; ttlSeconds?: number },
): Promise<string> {
  let jwt = new SignJWT({ role: claims.role ?? "shopper" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.subject)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (claims.ttlSeconds ?? 24 * 3600));
  if (config.AUTH_ISSUER) jwt = jwt.setIssuer(config.AUTH_ISSUER);
  if (config.AUTH_AUDIENCE) jwt = jwt.setAudience(config.AUTH_AUDIENCE);
  return jwt.sign(new TextEncoder().encode(userTokenSecret(config)));
}

/** The token of an `Authorization: Bearer <token>` header value (JWT characters only), or null when it is not one. */
export function bearerToken(header: string): string | null {
  return /^Bearer\s+([A-Za-z0-9\-_.]+)\s*$/i.exec(header)?.[1] ?? null;
}

/** Verifies a bearer token and returns who it names; throws {@link InvalidTokenError}. */
export type TokenVerifier = (token: string) => Promise<Principal>;

/**
 * The gateway's verifier: tokens signed with the JWKS at `AUTH_JWKS_URL` (RS256/ES256/EdDSA, keys
 * fetched and cached by jose) when it is set, else HS256 with the shared secret. `exp` is required;
 * `iss` and `aud` are checked when configured; the `role` claim (default `shopper`) must be one of
 * shopper, service, admin, and `sub` is required.
 */
export function createTokenVerifier(
  config: Pick<Config, "AUTH_JWT_SECRET" | "AUTH_JWKS_URL" | "AUTH_ISSUER" | "AUTH_AUDIENCE">,
): TokenVerifier {
  const jwks: JWTVerifyGetKey | null = config.AUTH_JWKS_URL ? createRemoteJWKSet(new URL(config.AUTH_JWKS_URL)) : null;
  const secret = new TextEncoder().encode(userTokenSecret(config));
  const options = { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, requiredClaims: ["exp", "sub"] };
  const verified = new VerifiedTokens();
  return async (token) => {
    const known = verified.get(token);
    if (known) return known;
    let payload: JWTPayload;
    try {
      payload = jwks
        ? (await jwtVerify(token, jwks, options)).payload
        : (await jwtVerify(token, secret, { ...options, algorithms: ["HS256"] })).payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new InvalidTokenError("The token has expired");
      if (error instanceof errors.JOSEError) throw new InvalidTokenError(`The token is not valid (${error.code})`);
      throw error;
    }
    return verified.add(token, principalFromClaims(payload), payload.exp);
  };
}

/** Tokens remembered as verified, at most. */
const VERIFIED_TOKENS_KEPT = 10_000;
/** Longest a verification is reused, whatever the token's own expiry (a JWKS key withdrawn is noticed by then). */
const VERIFIED_REUSE_MS = 60_000;

/**
 * Tokens already verified by this process, each with whom it names, until its `exp` (at most
 * {@link VERIFIED_REUSE_MS}): a client or the gateway sends the same token with many requests, and
 * checking its signature again each time was a few percent of every process's CPU under load. Keyed by
 * the whole token string, so a token differing in any byte is verified afresh.
 */
class VerifiedTokens {
  private readonly tokens = new LRUCache<string, { principal: Principal; until: number }>({
    max: VERIFIED_TOKENS_KEPT,
  });

  get(token: string): Principal | undefined {
    const entry = this.tokens.get(token);
    if (entry === undefined) return undefined;
    if (Date.now() < entry.until) return entry.principal;
    this.tokens.delete(token);
    return undefined;
  }

  /** Remembers `token` as naming `principal` until `exp` (seconds since the epoch); returns `principal`. */
  add(token: string, principal: Principal, exp: number | undefined): Principal {
    if (typeof exp === "number")
      this.tokens.set(token, { principal, until: Math.min(exp * 1000, Date.now() + VERIFIED_REUSE_MS) });
    return principal;
  }
}

/** The principal a verified payload names; throws {@link InvalidTokenError} for an unknown role or a missing subject. */
export function principalFromClaims(payload: JWTPayload): Principal {
  const role = (payload.role ?? "shopper") as Role;
  if (!ROLES.includes(role))
    throw new InvalidTokenError(`The token's role ${JSON.stringify(payload.role)} is not one of ${ROLES.join(", ")}`);
  if (typeof payload.sub !== "string" || payload.sub.length === 0 || payload.sub.length > 128)
    throw new InvalidTokenError("The token has no valid subject (sub)");
  return { role, subject: payload.sub };
}

/** Audience of the gateway's assertions to subgraphs. */
const GATEWAY_AUDIENCE = "discovery-subgraphs";
/** How long an assertion is valid: one request's lifetime, with room for clock skew between hosts. */
const GATEWAY_ASSERTION_SECONDS = 120;

/**
 * Signs what the gateway verified for a subgraph: a short-lived HS256 JWT with the shared
 * `SUBGRAPH_SECRET`, carrying the principal (`anonymous` included). It also proves the request came
 * through the gateway.
 */
export async function signGatewayAssertion(secret: string, principal: Principal): Promise<string> {
  return new SignJWT({ role: principal.role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(principal.subject ?? "anonymous")
    .setAudience(GATEWAY_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + GATEWAY_ASSERTION_SECONDS)
    .sign(new TextEncoder().encode(secret));
}

/** Assertions each subgraph secret has verified (a process has one secret; tests may use several). */
const verifiedAssertions = new Map<string, VerifiedTokens>();

/** Verifies a gateway assertion (subgraphs); throws {@link InvalidTokenError} when it is missing, forged or expired. */
export async function verifyGatewayAssertion(secret: string, assertion: string | undefined): Promise<Principal> {
  if (!assertion) throw new InvalidTokenError("Subgraphs answer only the gateway");
  let verified = verifiedAssertions.get(secret);
  if (!verified) verifiedAssertions.set(secret, (verified = new VerifiedTokens()));
  const known = verified.get(assertion);
  if (known) return known;
  let payload: JWTPayload;
  try {
    payload = (
      await jwtVerify(assertion, new TextEncoder().encode(secret), {
        audience: GATEWAY_AUDIENCE,
        algorithms: ["HS256"],
        requiredClaims: ["exp", "sub"],
      })
    ).payload;
  } catch {
    throw new InvalidTokenError("Subgraphs answer only the gateway");
  }
  return verified.add(
    assertion,
    payload.role === "anonymous" ? { role: "anonymous", subject: null } : principalFromClaims(payload),
    payload.exp,
  );
}

/**
 * The gateway's assertions by secret and principal, each signed once and reused until half its
 * lifetime has passed (then the subgraph's cached verification of it is reused too).
 */
const signedAssertions = new LRUCache<string, { token: Promise<string>; until: number }>({ max: VERIFIED_TOKENS_KEPT });

/** A gateway assertion of `principal`: {@link signGatewayAssertion}, reused while less than half its lifetime has passed. */
export function gatewayAssertion(secret: string, principal: Principal): Promise<string> {
  const key = `${secret.length}:${secret}|${principal.role}|${principal.subject ?? ""}`;
  const current = signedAssertions.get(key);
  if (current && Date.now() <= current.until) return current.token;
  const token = signGatewayAssertion(secret, principal);
  signedAssertions.set(key, { token, until: Date.now() + (GATEWAY_ASSERTION_SECONDS * 1000) / 2 });
  token.catch(() => signedAssertions.delete(key));
  return token;
}

/**
 * An anonymous gateway assertion for a subgraph that calls another one itself (personalization asks
 * the catalog's public `searchCatalog`): signed once and reused until half its lifetime has passed.
 */
export function anonymousAssertions(secret: string): () => Promise<string> {
  let current: { token: Promise<string>; until: number } | undefined;
  return () => {
    if (!current || Date.now() > current.until)
      current = {
        token: signGatewayAssertion(secret, { role: "anonymous", subject: null }),
        until: Date.now() + (GATEWAY_ASSERTION_SECONDS * 1000) / 2,
      };
    return current.token;
  };
}
