import type { IncomingMessage } from "node:http";
import { createServer } from "node:net";
import Redis from "ioredis";
import { loadConfig } from "../../core/config";
import { createLogger } from "../../core/logger";
import { createRateLimiter, type RateLimiter } from "../../gateway/rate-limit";

/** Runs against the Redis at REDIS_URL (127.0.0.1:6379 by default; `.ci/run` makes sure one runs). */
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const logger = createLogger("test", "silent");
const from = (address: string) => ({ socket: { remoteAddress: address } }) as unknown as IncomingMessage;
const shopper = (subject: string) => ({ role: "shopper" as const, subject });
const anonymous = { role: "anonymous" as const, subject: null };

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe("rate limits", () => {
  const opened: RateLimiter[] = [];
  const open = (env: Record<string, string>) => {
    const limiter = createRateLimiter(
      loadConfig({ REDIS_URL, REDIS_KEY_PREFIX: `test-${process.pid}-${Date.now()}:`, ...env }),
      logger,
    );
    opened.push(limiter);
    return limiter;
  };
  afterAll(async () => {
    for (const limiter of opened) await limiter.close();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`test-${process.pid}-*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  test("over the budget of a subject: HTTP 429 with Retry-After and RATE_LIMITED; other subjects are unaffected", async () => {
    const limiter = open({ RATE_LIMIT_SHOPPER_PER_MINUTE: "3" });
    await until(() => limiter.usingRedis());
    expect(limiter.usingRedis()).toBe(true);
    for (let i = 0; i < 3; i += 1) expect(await limiter.admit(shopper("u1"), from("10.0.0.1"))).toBeUndefined();
    const rejected = await limiter.admit(shopper("u1"), from("10.0.0.2"));
    expect(rejected).toMatchObject({ status: 429, errors: [{ extensions: { code: "RATE_LIMITED" } }] });
    expect(Number(rejected!.headers!["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(Number(rejected!.headers!["retry-after"])).toBeLessThanOrEqual(60);
    expect(await limiter.admit(shopper("u2"), from("10.0.0.1"))).toBeUndefined();
  });

  test("anonymous callers are counted per address; services are unlimited by default", async () => {
    const limiter = open({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: "2" });
    await limiter.admit(anonymous, from("10.0.0.9"));
    await limiter.admit(anonymous, from("10.0.0.9"));
    expect((await limiter.admit(anonymous, from("10.0.0.9")))?.status).toBe(429);
    expect(await limiter.admit(anonymous, from("10.0.0.8"))).toBeUndefined();
    for (let i = 0; i < 50; i += 1)
      expect(await limiter.admit({ role: "service", subject: "ingestion" }, from("10.0.0.9"))).toBeUndefined();
  });

  test("two gateway replicas share one budget through Redis", async () => {
    const prefix = `test-${process.pid}-shared:`;
    const first = open({ REDIS_KEY_PREFIX: prefix, RATE_LIMIT_SHOPPER_PER_MINUTE: "4" });
    const second = open({ REDIS_KEY_PREFIX: prefix, RATE_LIMIT_SHOPPER_PER_MINUTE: "4" });
    await until(() => first.usingRedis() && second.usingRedis());
    const outcomes = [];
    for (let i = 0; i < 6; i += 1)
      outcomes.push((await (i % 2 === 0 ? first : second).admit(shopper("u-shared"), from("10.0.0.1")))?.status ?? 200);
    expect(outcomes).toEqual([200, 200, 200, 200, 429, 429]);
  });

  test("without Redis, counting goes on in memory instead of failing requests", async () => {
    // A port where nothing listens.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const limiter = open({ REDIS_URL: `redis://127.0.0.1:${port}`, RATE_LIMIT_SHOPPER_PER_MINUTE: "2" });
    expect(await limiter.admit(shopper("u1"), from("10.0.0.1"))).toBeUndefined();
    expect(await limiter.admit(shopper("u1"), from("10.0.0.1"))).toBeUndefined();
    expect((await limiter.admit(shopper("u1"), from("10.0.0.1")))?.status).toBe(429);
    expect(limiter.usingRedis()).toBe(false);
    const memoryOnly = open({ REDIS_URL: "off", RATE_LIMIT_SHOPPER_PER_MINUTE: "1" });
    expect(await memoryOnly.admit(shopper("u1"), from("10.0.0.1"))).toBeUndefined();
    expect((await memoryOnly.admit(shopper("u1"), from("10.0.0.1")))?.status).toBe(429);
  });
});
