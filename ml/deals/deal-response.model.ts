import { z } from "zod";
import fitted from "./deal-response.calibration.json";

/** Calibrated constants of the deal response (see deal-response.calibration.json for their derivation). */
export const dealResponseSchema = z.object({
  /** Purchase response to the price cut for the least deal-prone shoppers (sensitivity 0). */
  elasticityLow: z.number().positive(),
  /** … and for the most deal-prone (sensitivity 1). */
  elasticityHigh: z.number().positive(),
  /** Share of targeted (household, campaign) pairs that redeemed at least one coupon. */
  campaignRedemptionRate: z.number().min(0).max(1),
  /** Mean depth of coupon-discounted lines. */
  meanCouponDepth: z.number().min(0).max(1),
  /** Mean depth of shelf-discounted lines. */
  meanRetailDepth: z.number().min(0).max(1),
  /** Cap on a purchase probability with a deal. */
  maxProbability: z.number().min(0).max(1),
});
export type DealResponse = z.infer<typeof dealResponseSchema>;

/** The constants shipped with the product (fitted on The Complete Journey). */
export const DEFAULT_DEAL_RESPONSE: DealResponse = dealResponseSchema.parse(fitted.constants);

/** Elasticity of a shopper of price sensitivity s ∈ [0, 1]: linear between the calibrated ends. */
export function elasticity(response: DealResponse, sensitivity: number): number {
  const s = Math.min(1, Math.max(0, sensitivity));
  return response.elasticityLow + (response.elasticityHigh - response.elasticityLow) * s;
}

/**
 * Purchase probability with a discount of `depth` (share of the price): constant-elasticity response
 * p(d) = p0 · (1 − d)^(−ε(s)), capped at `maxProbability` (and never below p0).
 */
export function probabilityWithDeal(response: DealResponse, base: number, depth: number, sensitivity: number): number {
  const d = Math.min(0.9, Math.max(0, depth));
  const p = base * Math.pow(1 - d, -elasticity(response, sensitivity));
  return Math.max(base, Math.min(response.maxProbability, p));
}
