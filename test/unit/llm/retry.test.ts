import { backoffMs, parseRetryAfter, withRetries } from "../../../core/llm/retry";
import { Semaphore } from "../../../core/llm/semaphore";

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });

describe("retry policy", () => {
  const policy = { maxRetries: 3, baseMs: 100, maxMs: 1000, random: () => 0.5, sleep: async () => undefined };

  it("backs off exponentially with jitter, capped, and honours retry-after", () => {
    expect([0, 1, 2, 3, 4].map((retry) => backoffMs(retry, policy))).toEqual([50, 100, 200, 400, 500]);
    expect(backoffMs(2, policy, 750)).toBe(750);
  });

  it("reads retry-after-ms, retry-after seconds and HTTP dates", () => {
    expect(parseRetryAfter(headers({ "retry-after-ms": "120" }))).toBe(120);
    expect(parseRetryAfter(headers({ "retry-after": "2" }))).toBe(2000);
    expect(parseRetryAfter(headers({ "retry-after": new Date(10_000).toUTCString() }), 4_000)).toBe(6000);
    expect(parseRetryAfter(headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(parseRetryAfter(headers({}))).toBeUndefined();
  });

  it("retries retryable errors up to maxRetries and no further", async () => {
    let attempts = 0;
    const waits: number[] = [];
    await expect(
      withRetries(
        async () => {
          attempts += 1;
          throw new Error("busy");
        },
        () => ({ retry: true }),
        policy,
        (_e, wait) => waits.push(wait),
      ),
    ).rejects.toThrow("busy");
    expect(attempts).toBe(4);
    expect(waits).toEqual([50, 100, 200]);
  });

  it("stops at once on a non-retryable error or a retry-after above the cap", async () => {
    let attempts = 0;
    await expect(
      withRetries(
        async () => {
          attempts += 1;
          throw new Error("bad");
        },
        () => ({ retry: false }),
        policy,
      ),
    ).rejects.toThrow("bad");
    await expect(
      withRetries(
        async () => {
          attempts += 1;
          throw new Error("later");
        },
        () => ({ retry: true, retryAfterMs: 5000 }),
        policy,
      ),
    ).rejects.toThrow("later");
    expect(attempts).toBe(2);
  });

  it("returns the first success", async () => {
    let attempts = 0;
    const value = await withRetries(
      async () => {
        attempts += 1;
        if (attempts < 3) throw new Error("x");
        return "ok";
      },
      () => ({ retry: true }),
      policy,
    );
    expect(value).toBe("ok");
    expect(attempts).toBe(3);
  });
});

describe("Semaphore", () => {
  it("never lets more than the limit run at once", async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const tasks = Array.from({ length: 5 }, () =>
      semaphore.run(() => {
        running += 1;
        peak = Math.max(peak, running);
        return new Promise<void>((resolve) =>
          releases.push(() => {
            running -= 1;
            resolve();
          }),
        );
      }),
    );
    for (let i = 0; i < 5; i += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      expect(semaphore.inUse).toBeLessThanOrEqual(2);
      releases.shift()?.();
    }
    await Promise.all(tasks);
    expect(peak).toBe(2);
    expect(semaphore.inUse).toBe(0);
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
