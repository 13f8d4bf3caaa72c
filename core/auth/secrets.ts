/**
 * The HS256 secret development and test sign user tokens with when `AUTH_JWT_SECRET` is unset. Public
 * by design (anyone can mint tokens with it), so production refuses it (core/config.ts).
 */
export const DEVELOPMENT_JWT_SECRET = "discovery-development-secret-not-for-production";

/** The gateway–subgraph secret when `SUBGRAPH_SECRET` is unset outside production; public, refused in production. */
export const DEVELOPMENT_SUBGRAPH_SECRET = "discovery-development-subgraph-secret-not-for-production";
