/**
 * One coupon redeemed by a shopper (collection `coupon_redemptions`,
 * _id `red:<source>:<household>:<upc>:<campaign>:<yyyy-mm-dd>`).
 */
export interface CouponRedemptionDocument {
  _id: string;
  userId: string;
  couponId: string;
  campaignId: string;
  /** Day of the redemption (midnight UTC). */
  redeemedAt: Date;
  source: string;
}
