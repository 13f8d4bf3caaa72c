import type { SurfaceConfiguration } from "../../plugins/sdk/surface";

/**
 * Which plugins run on each surface and with which weights. A plugin not listed runs everywhere with
 * its `defaultWeight`; `disabled` turns it off on a surface. Requests may re-balance with `weights`.
 */
export const SURFACE_CONFIGURATION: SurfaceConfiguration = {
  HOME: { weights: { familiarity: 0.6, affordability: 0.4 }, disabled: [], carousels: 8 },
  STORE: { weights: { familiarity: 0.7, affordability: 0.4 }, disabled: [], carousels: 8 },
  CATEGORY: { weights: { familiarity: 0.5, affordability: 0.5 }, disabled: [], carousels: 4 },
  CHECKOUT: { weights: { familiarity: 0.3, affordability: 0.5 }, disabled: [], carousels: 1 },
  SEARCH: { weights: { familiarity: 0.5, affordability: 0.3, healthiness: 0.1 }, disabled: [], carousels: 1 },
};
