import { join } from "node:path";
import type { Basket, NbrDataset, NbrUser } from "../../../eval/nbr/nbr-dataset.types";

/** Folder of the NBR CSV fixtures. */
export const FIXTURES = join(__dirname, "..", "..", "fixtures", "nbr");

/** A dataset from compact literals: each user's history baskets (oldest first) and target items. */
export function datasetOf(users: Record<string, { history: string[][]; target: string[] }>): NbrDataset {
  return {
    users: Object.entries(users).map(([userId, { history, target }]): NbrUser => {
      const baskets: Basket[] = history.map((items, seq) => ({ id: String(seq), seq, items }));
      return { userId, history: baskets, target: { id: String(history.length), seq: history.length, items: target } };
    }),
  };
}
