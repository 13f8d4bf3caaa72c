import type { Db } from "mongodb";
import { COLLECTIONS } from "./collections";

/**
 * A stored shopper summary (collection `user_summaries`, `_id` = user id), written by the
 * order-summaries job; `User.summary` serves it and attribute blending reads it.
 */
export interface UserSummaryDocument {
  _id: string;
  text: string;
  /** LLM, CACHE (a cached model answer for identical facts) or OFFLINE (the template). */
  source: "LLM" | "CACHE" | "OFFLINE";
  updatedAt: Date;
  /** `computedAt` of the attributes it describes; a summary older than the attributes is stale. */
  attributesComputedAt: Date;
}

/** The stored summary of a user, or null. */
export function readUserSummary(db: Db, userId: string): Promise<UserSummaryDocument | null> {
  return db.collection<UserSummaryDocument>(COLLECTIONS.userSummaries).findOne({ _id: userId });
}
