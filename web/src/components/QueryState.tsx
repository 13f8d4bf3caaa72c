import type { ReactNode } from "react";
import { describeError } from "../apollo";

/** Loading and error states of a query: a status line while loading; the error's code and, when a retry may help (UNAVAILABLE, RATE_LIMITED, OVERLOADED, network), a retry button. */
export function QueryState({
  loading,
  error,
  retry,
  label,
  children,
}: {
  loading: boolean;
  error: unknown;
  retry: () => void;
  label: string;
  children: ReactNode;
}) {
  if (error) {
    const failure = describeError(error);
    return (
      <div className="error" role="alert">
        <p>
          Could not load {label}: {failure.message} <code>{failure.code}</code>
        </p>
        {failure.retryable && (
          <button type="button" onClick={retry}>
            Try again
          </button>
        )}
      </div>
    );
  }
  if (loading) {
    return (
      <p className="loading" role="status" aria-live="polite">
        Loading {label}…
      </p>
    );
  }
  return <>{children}</>;
}
