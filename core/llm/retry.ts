/** How retries are spaced. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff ceiling; doubles each retry (full jitter: a uniform wait in [0, ceiling]). */
  baseMs: number;
  /** Longest wait; a server asking for longer (retry-after) ends the retries. */
  maxMs: number;
  /** Uniform [0, 1) source (tests pass a constant). */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Whether an error is worth retrying, and after how long the server asked to wait. */
export interface RetryDecision {
  retry: boolean;
  retryAfterMs?: number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Wait before retry number `retry` (0-based): the server's retry-after when given, else jittered exponential backoff. */
export function backoffMs(retry: number, policy: RetryPolicy, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.max(0, retryAfterMs);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** retry);
  return Math.floor((policy.random ?? Math.random)() * ceiling);
}

/**
 * Runs `attempt` and retries it while `classify` says so, up to `maxRetries` times; rethrows the last
 * error otherwise, or at once when the server asks for a wait above `maxMs`.
 */
export async function withRetries<T>(
  attempt: (index: number) => Promise<T>,
  classify: (error: unknown) => RetryDecision,
  policy: RetryPolicy,
  onRetry?: (error: unknown, waitMs: number) => void,
): Promise<T> {
  for (let index = 0; ; index += 1) {
    try {
      return await attempt(index);
    } catch (error) {
      const decision = classify(error);
      if (!decision.retry || index >= policy.maxRetries) throw error;
      if (decision.retryAfterMs !== undefined && decision.retryAfterMs > policy.maxMs) throw error;
      const wait = backoffMs(index, policy, decision.retryAfterMs);
      onRetry?.(error, wait);
      await (policy.sleep ?? defaultSleep)(wait);
    }
  }
}

/**
 * Milliseconds a response asks to wait: `retry-after-ms`, else `retry-after` in seconds or as an HTTP
 * date (relative to `now`); undefined when absent or unreadable.
 */
export function parseRetryAfter(
  headers: { get(name: string): string | null } | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get("retry-after");
  if (raw === null || raw.trim() === "") return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}
