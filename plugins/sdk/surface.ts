/** Where a result is shown. Surfaces are configuration: which plugins run there, with which weights. */
export const SURFACES = ["HOME", "STORE", "CATEGORY", "CHECKOUT", "SEARCH"] as const;
export type Surface = (typeof SURFACES)[number];
