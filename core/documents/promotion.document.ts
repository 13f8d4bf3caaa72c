/**
 * In-store or mailer placement of a product at a store in a week (collection `promotions`,
 * _id `promo:<source>:<product>:<store>:<week>`), as The Complete Journey's `promotions` table records it.
 */
export interface PromotionDocument {
  _id: string;
  productId: string;
  /** The store, as the source names it (e.g. "cj:309"); orders carry the same value in `storeId`. */
  storeId: string;
  /** Week of the source's calendar (The Complete Journey: 1–53 of 2017). */
  week: number;
  /** In-store display location code ("0" = none; "1"–"9", "A": store front, end cap, … per the source's codebook). */
  displayLocation: string;
  /** Weekly mailer placement code ("0" = none; "A" interior page feature, "D" front page, … per the source's codebook). */
  mailerLocation: string;
  source: string;
}
