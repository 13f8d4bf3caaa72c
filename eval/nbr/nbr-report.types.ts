/** One method at one cut-off K, averaged over all evaluated users. */
export interface NbrResultRow {
  readonly method: string;
  readonly k: number;
  readonly recall: number;
  readonly ndcg: number;
  readonly phr: number;
  readonly repeatRecall: number;
  readonly exploreRecall: number;
}

/** The evaluation report as written to FILE.json. */
export interface NbrReport {
  readonly dataset: string;
  /** `test` (each user's target basket) or `validation` (each user's last history basket; targets unread). */
  readonly split: "test" | "validation";
  readonly users: number;
  readonly results: readonly NbrResultRow[];
}
