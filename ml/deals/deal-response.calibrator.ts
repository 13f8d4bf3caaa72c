import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { dealResponseSchema, type DealResponse } from "./deal-response.model";

/** Fitted constants and how they were derived (the shape of deal-response.calibration.json). */
export interface DealCalibration {
  constants: DealResponse;
  derivation: Record<string, unknown>;
}

const FILES = ["transactions_sample.csv", "campaigns.csv", "coupon_redemptions.csv"] as const;
/** Probability cap of the response model (not fitted: a safety bound). */
const MAX_PROBABILITY = 0.95;
/** Floor on a fitted elasticity, so a deal never lowers the purchase probability. */
const MIN_ELASTICITY = 0.1;

/**
 * Fits the deal response on The Complete Journey: price elasticity from discounted against full-price
 * lines of the same product (ln of the mean-quantity ratio over −ln(1 − mean depth), pooled with
 * weight min(lines discounted, lines full price)), separately for households below and above the median
 * share of discounted lines (→ sensitivity 0 and 1); the campaign redemption rate from targeted
 * (household, campaign) pairs that redeemed; mean coupon and shelf discount depths.
 * Throws naming the missing file.
 */
export function calibrateDealResponse(directory: string): DealCalibration {
  for (const file of FILES)
    if (!existsSync(join(directory, file)))
      throw new Error(`calibration needs ${join(directory, file)} (The Complete Journey); it is missing`);
  const rows = parse(readFileSync(join(directory, "transactions_sample.csv")), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  interface Line {
    household: string;
    product: string;
    quantity: number;
    depth: number;
    coupon: number;
    retail: number;
  }
  const lines: Line[] = [];
  for (const row of rows) {
    const quantity = Number(row.quantity);
    const paid = Number(row.sales_value);
    const retail = Math.abs(Number(row.retail_disc) || 0);
    const coupon = Math.abs(Number(row.coupon_disc) || 0);
    const list = paid + retail + coupon;
    if (!(quantity > 0) || !(list > 0) || !(paid >= 0)) continue;
    lines.push({
      household: row.household_id!,
      product: row.product_id!,
      quantity,
      depth: (retail + coupon) / list,
      coupon: coupon / list,
      retail: retail / list,
    });
  }
  const byHousehold = new Map<string, { lines: number; deals: number }>();
  for (const line of lines) {
    const entry = byHousehold.get(line.household) ?? { lines: 0, deals: 0 };
    entry.lines += 1;
    if (line.depth > 0) entry.deals += 1;
    byHousehold.set(line.household, entry);
  }
  const shares = [...byHousehold.values()]
    .filter((h) => h.lines >= 5)
    .map((h) => h.deals / h.lines)
    .sort((a, b) => a - b);
  const medianShare = shares[Math.floor(shares.length / 2)] ?? 0.5;
  const prone = (household: string): boolean => {
    const h = byHousehold.get(household)!;
    return h.deals / h.lines > medianShare;
  };
  const fit = (filter: (line: Line) => boolean) => {
    const byProduct = new Map<string, { dq: number; dn: number; dd: number; fq: number; fn: number }>();
    for (const line of lines) {
      if (!filter(line)) continue;
      const p = byProduct.get(line.product) ?? { dq: 0, dn: 0, dd: 0, fq: 0, fn: 0 };
      if (line.depth > 0.01) {
        p.dq += line.quantity;
        p.dn += 1;
        p.dd += line.depth;
      } else if (line.depth === 0) {
        p.fq += line.quantity;
        p.fn += 1;
      }
      byProduct.set(line.product, p);
    }
    let numerator = 0;
    let denominator = 0;
    let products = 0;
    for (const p of byProduct.values()) {
      if (p.dn < 2 || p.fn < 2) continue;
      const depth = Math.min(0.9, p.dd / p.dn);
      const w = Math.min(p.dn, p.fn);
      numerator += w * Math.log(p.dq / p.dn / (p.fq / p.fn));
      denominator += w * -Math.log(1 - depth);
      products += 1;
    }
    return {
      elasticity: denominator > 0 ? Math.max(MIN_ELASTICITY, numerator / denominator) : MIN_ELASTICITY,
      raw: denominator > 0 ? numerator / denominator : null,
      products,
    };
  };
  const low = fit((line) => !prone(line.household));
  const high = fit((line) => prone(line.household));
  const all = fit(() => true);

  const targeted = new Set(
    (
      parse(readFileSync(join(directory, "campaigns.csv")), { columns: true, skip_empty_lines: true }) as Record<
        string,
        string
      >[]
    ).map((r) => `${r.household_id}|${r.campaign_id}`),
  );
  const redeemed = new Set(
    (
      parse(readFileSync(join(directory, "coupon_redemptions.csv")), {
        columns: true,
        skip_empty_lines: true,
      }) as Record<string, string>[]
    ).map((r) => `${r.household_id}|${r.campaign_id}`),
  );
  let hits = 0;
  for (const pair of redeemed) if (targeted.has(pair)) hits += 1;
  const couponLines = lines.filter((l) => l.coupon > 0);
  const retailLines = lines.filter((l) => l.retail > 0);
  const mean = (values: number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0);
  const constants = dealResponseSchema.parse({
    elasticityLow: round(Math.min(low.elasticity, high.elasticity)),
    elasticityHigh: round(Math.max(low.elasticity, high.elasticity)),
    campaignRedemptionRate: round(targeted.size ? hits / targeted.size : 0),
    meanCouponDepth: round(mean(couponLines.map((l) => l.coupon))),
    meanRetailDepth: round(mean(retailLines.map((l) => l.retail))),
    maxProbability: MAX_PROBABILITY,
  });
  return {
    constants,
    derivation: {
      source: "The Complete Journey (84.51°): transactions_sample.csv, campaigns.csv, coupon_redemptions.csv",
      method:
        "elasticity = Σ w·ln(mean qty on discounted lines / mean qty at full price) / Σ w·(−ln(1 − mean depth)) over products with ≥ 2 lines of each, w = min(counts); depth = (retail_disc + coupon_disc) / (sales_value + retail_disc + coupon_disc); households split at the median share of discounted lines (low → sensitivity 0, high → 1); floored at 0.1; redemption rate = targeted (household, campaign) pairs with a redemption / targeted pairs",
      lines: lines.length,
      households: byHousehold.size,
      medianDealShare: round(medianShare),
      productsFitted: { lowDealShare: low.products, highDealShare: high.products, all: all.products },
      rawElasticity: { lowDealShare: low.raw, highDealShare: high.raw, all: all.raw },
      targetedPairs: targeted.size,
      redeemedTargetedPairs: hits,
      couponLines: couponLines.length,
      retailDiscountLines: retailLines.length,
      caveat:
        "quantity per line captures the intensive margin only; the extensive margin (more baskets with the item) is not identified in a 75k-line sample, so the response is conservative",
    },
  };
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
