/** Name of the collection of personal deals (written by `npm run jobs -- deals`; personalization reads it). */
export const DEALS_COLLECTION = "deals";

/** A personal offer (collection `deals`). */
export interface DealDocument {
  _id: string;
  userId: string;
  productId: string;
  kind: "PERCENT_OFF" | "AMOUNT_OFF" | "BUNDLE";
  /** Percent (0–100) for PERCENT_OFF, an amount in major currency units for AMOUNT_OFF, units for BUNDLE. */
  value: number;
  expiresAt: Date;
  /** Why the shopper gets it, shown as is. */
  reason: string;
}
