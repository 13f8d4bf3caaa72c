import type { ValueToConsumerWeights } from "../../ml/ranker/value-to-consumer";
import type { Surface, SurfaceConfiguration } from "../../plugins/sdk/surface";

/**
 * Which plugins run on each surface and with which weights. A plugin not listed runs everywhere with
 * its `defaultWeight`; `disabled` turns it off on a surface. Requests may re-balance with `weights`.
 */
export const SURFACE_CONFIGURATION: SurfaceConfiguration = {
  HOME: { weights: { familiarity: 0.6, affordability: 0.4, novelty: 0.05 }, disabled: [], carousels: 8 },
  STORE: { weights: { familiarity: 0.7, affordability: 0.4 }, disabled: [], carousels: 8 },
  CATEGORY: { weights: { familiarity: 0.5, affordability: 0.5 }, disabled: [], carousels: 4 },
  CHECKOUT: { weights: { familiarity: 0.3, affordability: 0.5 }, disabled: [], carousels: 1 },
  SEARCH: { weights: { familiarity: 0.5, affordability: 0.3, healthiness: 0.1 }, disabled: [], carousels: 1 },
};

/**
 * Value-to-consumer weights per surface, used when a trained ranker is loaded: predicted purchase,
 * value for this shopper (price vs category median, deal, pack fit, price sensitivity), the retrieval
 * source's score and the dimension blend. Search leans on text relevance, checkout on value.
 */
export const VALUE_TO_CONSUMER_WEIGHTS: Record<Surface, ValueToConsumerWeights> = {
  HOME: { conversion: 0.55, value: 0.2, source: 0.1, dimensions: 0.15 },
  STORE: { conversion: 0.55, value: 0.2, source: 0.1, dimensions: 0.15 },
  CATEGORY: { conversion: 0.5, value: 0.25, source: 0.1, dimensions: 0.15 },
  CHECKOUT: { conversion: 0.45, value: 0.3, source: 0.15, dimensions: 0.1 },
  SEARCH: { conversion: 0.35, value: 0.1, source: 0.45, dimensions: 0.1 },
};
