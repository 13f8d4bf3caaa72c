/**
 * A marketing campaign (collection `campaigns`, _id `cmp:<source>:<id>`): its type, dates and the
 * shoppers it targeted. Coupons point at it through `CouponDocument.campaignIds`.
 */
export interface CampaignDocument {
  _id: string;
  /** The source's campaign id. */
  campaignId: string;
  /** The source's campaign type, e.g. "Type A" (The Complete Journey: A targets, B and C are broadcast). */
  type: string;
  startDate: Date;
  endDate: Date;
  /** Targeted shoppers (`u:…` ids), sorted. */
  userIds: string[];
  source: string;
}
