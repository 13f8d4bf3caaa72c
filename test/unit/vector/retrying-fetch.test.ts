import { createRetryingFetch } from "../../../core/vector/retrying-fetch";

/** A fetch that answers the given statuses in turn and records each call. */
function scripted(statuses: (number | Error)[], headers: Record<string, string> = {}) {
  const calls: string[] = [];
  const impl = (async (input: string | URL | Request) => {
    calls.push(String(input));
    const next = statuses.shift() ?? 200;
    if (next instanceof Error) throw next;
    return new Response("{}", { status: next, headers });
  }) as typeof fetch;
  return { impl, calls };
}

describe("retrying fetch", () => {
  test("retries 429 and 5xx with growing delays, then returns the success", async () => {
    const { impl, calls } = scripted([429, 500, 502, 200]);
    const delays: number[] = [];
    const retrying = createRetryingFetch(
      { maxRetries: 5, baseDelayMs: 4, maxDelayMs: 1000 },
      (event) => delays.push(event.delayMs),
      impl,
    );
    const response = await retrying("http://host/x", { method: "POST", body: "{}" });
    expect(response.status).toBe(200);
    expect(calls).toHaveLength(4);
    expect(delays).toHaveLength(3);
    // ±25% jitter around 4, 8, 16 ms.
    expect(delays[0]).toBeGreaterThanOrEqual(3);
    expect(delays[0]).toBeLessThanOrEqual(5);
    expect(delays[2]).toBeGreaterThanOrEqual(12);
    expect(delays[2]).toBeLessThanOrEqual(20);
  });

  test("gives up after maxRetries and hands back the last response", async () => {
    const { impl, calls } = scripted([503, 503, 503, 503]);
    const response = await createRetryingFetch(
      { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 },
      undefined,
      impl,
    )("http://host/x");
    expect(response.status).toBe(503);
    expect(calls).toHaveLength(3);
  });

  test("does not retry other 4xx; Retry-After raises the delay up to the cap", async () => {
    const notFound = scripted([404]);
    expect(
      (
        await createRetryingFetch(
          { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 },
          undefined,
          notFound.impl,
        )("http://h")
      ).status,
    ).toBe(404);
    expect(notFound.calls).toHaveLength(1);
    const throttled = scripted([429, 200], { "retry-after": "1" });
    const delays: number[] = [];
    await createRetryingFetch(
      { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 30 },
      (event) => delays.push(event.delayMs),
      throttled.impl,
    )("http://h");
    expect(delays).toEqual([30]);
  });

  test("retries connection failures, not aborts", async () => {
    const reset = scripted([new TypeError("fetch failed"), 200]);
    expect(
      (await createRetryingFetch({ maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 }, undefined, reset.impl)("http://h"))
        .status,
    ).toBe(200);
    const abort = Object.assign(new Error("aborted"), { name: "AbortError" });
    const aborted = scripted([abort, 200]);
    await expect(
      createRetryingFetch({ maxRetries: 3, baseDelayMs: 1, maxDelayMs: 1 }, undefined, aborted.impl)("http://h"),
    ).rejects.toThrow("aborted");
    expect(aborted.calls).toHaveLength(1);
  });
});
