/**
 * A manufacturer or store coupon (collection `coupons`, _id `cpn:<source>:<upc>`): the products it applies
 * to and the campaigns that distributed it. The Complete Journey records no face value.
 */
export interface CouponDocument {
  _id: string;
  /** The coupon's UPC as the source spells it. */
  upc: string;
  /** Campaign ids (`cmp:…`) that distributed it. */
  campaignIds: string[];
  /** Catalog product ids it can be redeemed on. */
  productIds: string[];
  source: string;
}
