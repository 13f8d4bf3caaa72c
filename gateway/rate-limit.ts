import type { IncomingMessage } from "node:http";
import Redis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Config } from "../core/config";
import type { Logger } from "../core/logger";
import type { Principal } from "../core/auth/principal";
import { ErrorCode } from "../subgraphs/shared/errors";
import { clientAddressResolver, type ClientAddressOf } from "./client-identity";
import type { HttpRejection } from "../subgraphs/shared/http-server";

/** The window every budget is counted over, in seconds. */
const WINDOW_SECONDS = 60;

/** Budgets per window: for each shopper (by token subject), each anonymous address, each service or admin (0 = no limit). */
export interface RateLimits {
  shopperPerMinute: number;
  anonymousPerMinute: number;
  servicePerMinute: number;
}

/** A started rate limiter. */
export interface RateLimiter {
  /** Counts one request of `principal` from `request`'s address; returns the 429 to send when over budget. */
  admit(principal: Principal, request: IncomingMessage): Promise<HttpRejection | undefined>;
  /** Whether counts currently go to Redis (false: the in-memory fallback of this process). */
  usingRedis(): boolean;
  close(): Promise<void>;
}

/**
 * Rate limits per subject (shoppers, services, admins) or per client address (anonymous callers, by
 * `clientAddress`: the connection's peer unless TRUSTED_PROXIES names it),
 * counted in Redis at `REDIS_URL` so every gateway replica shares one budget, each with an
 * in-memory limiter of this process as insurance: while Redis is absent or failing, counting goes on
 * locally (per replica) instead of failing requests. `REDIS_URL=off` counts in memory only.
 */
export function createRateLimiter(
  config: Pick<
    Config,
    | "REDIS_URL"
    | "REDIS_KEY_PREFIX"
    | "RATE_LIMIT_SHOPPER_PER_MINUTE"
    | "RATE_LIMIT_ANONYMOUS_PER_MINUTE"
    | "RATE_LIMIT_SERVICE_PER_MINUTE"
  >,
  logger: Logger,
  clientAddress: ClientAddressOf = clientAddressResolver([]),
): RateLimiter {
  const limits: RateLimits = {
    shopperPerMinute: config.RATE_LIMIT_SHOPPER_PER_MINUTE,
    anonymousPerMinute: config.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
    servicePerMinute: config.RATE_LIMIT_SERVICE_PER_MINUTE,
  };
  let redis: Redis | null = null;
  /** Whether Redis answers now; logged on each change. */
  let redisUp = false;
  let warned = false;
  if (config.REDIS_URL !== "off") {
    redis = new Redis(config.REDIS_URL, {
      // Fail fast while disconnected (the insurance limiter answers), and keep trying to reconnect.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      retryStrategy: (attempt) => Math.min(attempt * 500, 5000),
    });
    redis.on("ready", () => {
      redisUp = true;
      warned = false;
      logger.info("rate limits counted in Redis");
    });
    redis.on("error", (error: Error) => {
      if (!warned)
        logger.warn({ err: error.message }, "Redis unavailable: rate limits counted in this process until it is back");
      warned = true;
      redisUp = false;
    });
    redis.on("end", () => (redisUp = false));
  } else {
    logger.info("REDIS_URL=off: rate limits counted in this process only");
  }
  const limiter = (name: string, points: number): RateLimiterAbstract | null => {
    if (points <= 0) return null;
    const memory = new RateLimiterMemory({
      keyPrefix: `${config.REDIS_KEY_PREFIX}rl:${name}`,
      points,
      duration: WINDOW_SECONDS,
    });
    if (!redis) return memory;
    return new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.REDIS_KEY_PREFIX}rl:${name}`,
      points,
      duration: WINDOW_SECONDS,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
  };
  const privileged = limiter("service", limits.servicePerMinute);
  const byRole = {
    shopper: limiter("shopper", limits.shopperPerMinute),
    anonymous: limiter("anonymous", limits.anonymousPerMinute),
    service: privileged,
    admin: privileged,
  };
  return {
    async admit(principal, request) {
      const chosen = byRole[principal.role];
      if (!chosen) return undefined;
      const key = principal.role === "anonymous" ? `ip:${clientAddress(request)}` : `sub:${principal.subject}`;
      try {
        await chosen.consume(key);
        return undefined;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        return {
          status: 429,
          headers: { "retry-after": String(retryAfter) },
          errors: [
            {
              message: `Too many requests: at most ${chosen.points} a minute for this ${principal.role === "anonymous" ? "address" : "subject"}; retry after ${retryAfter} s`,
              extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: retryAfter },
            },
          ],
        };
      }
    },
    usingRedis: () => redisUp,
    async close() {
      if (redis) redis.disconnect();
    },
  };
}
