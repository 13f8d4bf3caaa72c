/** Error codes: BAD_INPUT (caller's fault, nothing stored) or UNAVAILABLE (backend failed). */
export type VectorStoreErrorCode = "BAD_INPUT" | "UNAVAILABLE";

/** A typed vector-store failure with a one-line message naming the bad field or record. */
export class VectorStoreError extends Error {
  constructor(
    readonly code: VectorStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "VectorStoreError";
  }
}
