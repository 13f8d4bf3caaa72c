import type { DealInfo } from "../../core/personalization/service-contracts";

/** Weights of the value-to-consumer score (per surface in subgraphs/personalization/surfaces.ts). */
export interface ValueToConsumerWeights {
  /** Predicted purchase probability (normalized within the collection). */
  conversion: number;
  /** Value for this shopper: price vs category median, deal, pack-size fit, scaled by price sensitivity. */
  value: number;
  /** The retrieval source's score (text relevance in search, co-purchase lift, …). */
  source: number;
  /** The dimension blend (keeps each collection's leading dimension in play). */
  dimensions: number;
}

/** Inputs of the value-for-this-shopper term. */
export interface ShopperValueInput {
  /** Unit (else list) price divided by the category median; null when unknown. */
  priceRatio: number | null;
  price: number;
  deal: Pick<DealInfo, "kind" | "value"> | null;
  multipack: boolean;
  /** > 1 prefers larger packs than the category median. */
  bulkPreference: number;
  /** 0 indifferent … 1 very price sensitive. */
  priceSensitivity: number;
}

/** Fraction of the price a deal takes off (a bundle of n counts as 1/n off one unit, at most 50%). */
export function dealDepth(deal: Pick<DealInfo, "kind" | "value"> | null, price: number): number {
  if (!deal) return 0;
  if (deal.kind === "PERCENT_OFF") return clamp(deal.value / 100);
  if (deal.kind === "AMOUNT_OFF") return price > 0 ? clamp(deal.value / price) : 0;
  return deal.value > 1 ? Math.min(0.5, 1 / deal.value) : 0;
}

/**
 * Value for this shopper in [0, 1]: cheaper per unit than the category, the deal's depth, the pack size
 * against the bulk habit; a price-indifferent shopper gets 0.5 (neutral), a sensitive one the full signal.
 */
export function shopperValue(input: ShopperValueInput): number {
  const valueForMoney = input.priceRatio === null ? 0.5 : clamp(1.5 - input.priceRatio);
  const deal = input.deal ? 0.5 + 0.5 * clamp(dealDepth(input.deal, input.price) / 0.3) : 0;
  const packFit =
    input.bulkPreference > 1.2
      ? input.multipack
        ? 1
        : 0.4
      : input.bulkPreference < 0.8
        ? input.multipack
          ? 0.2
          : 0.7
        : 0.5;
  const worth = 0.55 * valueForMoney + 0.3 * deal + 0.15 * packFit;
  const s = clamp(input.priceSensitivity);
  return clamp((1 - s) * 0.5 + s * worth);
}

/** Weighted mean of the normalized terms, in [0, 1]. */
export function valueToConsumer(
  weights: ValueToConsumerWeights,
  terms: { conversion: number; value: number; source: number; dimensions: number },
): number {
  const total = weights.conversion + weights.value + weights.source + weights.dimensions;
  if (total <= 0) return terms.conversion;
  return clamp(
    (weights.conversion * terms.conversion +
      weights.value * terms.value +
      weights.source * terms.source +
      weights.dimensions * terms.dimensions) /
      total,
  );
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
}
