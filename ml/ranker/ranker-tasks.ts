/** The ranker's tasks, in tower order. */
export const RANKER_TASKS = ["click", "addToCart", "conversion", "delayedConversion"] as const;
export type RankerTask = (typeof RANKER_TASKS)[number];

/** Task descriptions for reports. */
export const TASK_DESCRIPTIONS: Record<RankerTask, string> = {
  click: "the impression is clicked in its session",
  addToCart: "the item is added to the cart in its session",
  conversion: "the item is bought in the same session",
  delayedConversion: "the item is bought later (another session within the horizon), not in the session",
};
