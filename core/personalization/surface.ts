/** Where a result is shown. Surfaces are configuration: which plugins run there, with which weights. */
export const SURFACES = ["HOME", "STORE", "CATEGORY", "CHECKOUT", "SEARCH"] as const;
export type Surface = (typeof SURFACES)[number];

/** Configuration of one surface: which plugins run there and with which weights. */
export interface SurfaceSettings {
  /** Weight overrides in [0, 1] by plugin name; a plugin not listed runs with its `defaultWeight`. */
  weights: Record<string, number>;
  /** Plugins that never run on this surface. */
  disabled: string[];
  /** Carousels shown by default (`first` of `Query.carousels`). */
  carousels: number;
}

/** Per-surface configuration (subgraphs/personalization/surfaces.ts). */
export type SurfaceConfiguration = Record<Surface, SurfaceSettings>;
