/** One training pair of the text encoder: a query-like or product text and a text that should land near it. */
export interface TextPair {
  anchor: string;
  positive: string;
  /** Identity of the positive (e.g. product id): in-batch negatives with the same key are masked. */
  key: string;
}
