/** Retry policy for HTTP calls to a hosted vector service. */
export interface RetryPolicy {
  /** Retries after the first attempt (0 = no retries). */
  maxRetries: number;
  /** Delay before the first retry, in ms; doubled each retry (exponential backoff) with ±25% jitter. */
  baseDelayMs: number;
  /** Upper bound of one delay, in ms (also caps a server's Retry-After). */
  maxDelayMs: number;
}

/** Called before each retry (for logs and tests). */
export type RetryListener = (event: {
  url: string;
  status: number | "network";
  attempt: number;
  delayMs: number;
}) => void;

/** Statuses worth retrying: throttling and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Wraps fetch so that 429 and 5xx responses (and connection resets) are retried with exponential
 * backoff, honouring Retry-After; the last response is returned as is, so the caller's SDK maps it to
 * its error type. Request bodies must be replayable (strings or buffers, as JSON APIs send).
 */
export function createRetryingFetch(
  policy: RetryPolicy,
  onRetry?: RetryListener,
  baseFetch: typeof fetch = fetch,
): typeof fetch {
  return async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    for (let attempt = 1; ; attempt++) {
      let response: Response | undefined;
      let failure: unknown;
      try {
        response = await baseFetch(input, init);
      } catch (error) {
        failure = error;
      }
      const retryable = response ? isRetryableStatus(response.status) : !isAbort(failure);
      if (!retryable || attempt > policy.maxRetries) {
        if (response) return response;
        throw failure;
      }
      const exponential = policy.baseDelayMs * 2 ** (attempt - 1);
      const jittered = exponential * (0.75 + Math.random() * 0.5);
      const retryAfter = retryAfterMs(response?.headers.get("retry-after"));
      const delayMs = Math.min(policy.maxDelayMs, Math.max(jittered, retryAfter ?? 0));
      await response?.body?.cancel();
      onRetry?.({ url, status: response ? response.status : "network", attempt, delayMs });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  };
}

function retryAfterMs(header: string | null | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}
