import type { DimensionScore } from "../../../../plugins/sdk/candidate";
import { defineDimension } from "../../../../plugins/sdk/define-dimension";

/** From this temperature on (°C), a cooler is what a shopper wants. */
export const HOT_FROM_C = 25;

/**
 * Weather fit (test-only plugin of "bring your own service"): on a hot day at the shopper's store, frozen
 * and iced products score high. Needs its own services only — not the catalog its coolers service reads.
 */
export const weatherFitDimension = defineDimension({
  name: "weather_fit",
  description: "Frozen and iced products on a hot day at the shopper's store, from its recorded weather",
  needs: ["weather", "coolers"],
  defaultWeight: 0.3,
  budgetMs: 200,
  async score(context, candidates) {
    const { storeId, now } = context.attributes;
    const temperature = storeId ? await context.services.weather.temperatureAt(storeId, now) : null;
    if (temperature === null || temperature < HOT_FROM_C)
      return candidates.map((candidate): DimensionScore => ({
        productId: candidate.productId,
        value: 0.5,
        reason: temperature === null ? "No weather recorded at the store" : `${temperature} °C at the store`,
      }));
    const cool = await context.services.coolers.coolers(candidates.map((candidate) => candidate.productId));
    return candidates.map((candidate): DimensionScore => ({
      productId: candidate.productId,
      value: cool.has(candidate.productId) ? 0.95 : 0.4,
      reason: cool.has(candidate.productId)
        ? `Cools you down: ${temperature} °C at the store`
        : `${temperature} °C at the store`,
    }));
  },
});
