/** The ranker's training data: built by jobs/ranker/ranker-dataset.builder.ts, trained on by ranker.experiment.ts. */

/** One labeled impression per (user, product, session), in time order. */
export interface RankerDataset {
  features: readonly string[];
  /** rows × features. */
  x: Float32Array;
  /** rows × tasks (RANKER_TASKS order), 0/1. */
  y: Uint8Array;
  rows: number;
  /** Impression time (ms) of each row, non-decreasing. */
  at: Float64Array;
  /** Product index of each row into `productIds`. */
  product: Int32Array;
  productIds: string[];
  /** Surface index (SURFACES) of each row. */
  surface: Uint8Array;
  /** Latest event time in the logs (ms). */
  end: number;
  horizonDays: number;
}
