import type { DimensionPlugin } from "../../../plugins/sdk/contract";
import type { SurfaceConfiguration } from "../../../plugins/sdk/surface";

/** Weights of the plugins that run on a surface: configuration, then the request's overrides. */
export function surfaceWeights(
  plugins: readonly DimensionPlugin[],
  settings: SurfaceConfiguration[keyof SurfaceConfiguration],
  overrides: Record<string, number> = {},
): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const plugin of plugins) {
    if (settings.disabled.includes(plugin.name)) continue;
    weights[plugin.name] = overrides[plugin.name] ?? settings.weights[plugin.name] ?? plugin.defaultWeight;
  }
  return weights;
}
