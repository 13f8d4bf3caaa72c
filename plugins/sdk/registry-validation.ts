import type { DimensionPlugin } from "./contract";
import { PluginRegistryError } from "./plugin-registry.error";
import type { ServiceName } from "./services";
import { SURFACES, type SurfaceConfiguration } from "./surface";

/**
 * Boot-time checks of the registry against the services the process provides and the surface
 * configuration: unique names (DUPLICATE_NAME), every `needs` entry provided (MISSING_SERVICE, naming
 * plugin and service), surface weights in [0, 1] for registered plugins only (INVALID_OPTIONS).
 */
export function validateRegistry(plugins: readonly DimensionPlugin[], available: readonly ServiceName[], surfaces: SurfaceConfiguration): void {
  const seen = new Set<string>();
  for (const plugin of plugins) {
    if (seen.has(plugin.name)) throw new PluginRegistryError("DUPLICATE_NAME", `two plugins are named "${plugin.name}"`, { plugin: plugin.name });
    seen.add(plugin.name);
    for (const service of plugin.needs) {
      if (!available.includes(service)) throw new PluginRegistryError("MISSING_SERVICE", `plugin "${plugin.name}" needs service "${service}", which this process does not provide`, { plugin: plugin.name, service });
    }
  }
  for (const surface of SURFACES) {
    const settings = surfaces[surface];
    if (!settings) throw new PluginRegistryError("INVALID_OPTIONS", `surface ${surface} has no configuration`, { surface });
    for (const [name, weight] of Object.entries(settings.weights)) {
      if (!seen.has(name)) throw new PluginRegistryError("INVALID_OPTIONS", `surface ${surface} sets a weight for unknown plugin "${name}"`, { plugin: name, surface });
      if (!Number.isFinite(weight) || weight < 0 || weight > 1) throw new PluginRegistryError("INVALID_OPTIONS", `surface ${surface} gives plugin "${name}" weight ${weight}; weights are in [0, 1]`, { plugin: name, surface });
    }
    for (const name of settings.disabled) {
      if (!seen.has(name)) throw new PluginRegistryError("INVALID_OPTIONS", `surface ${surface} disables unknown plugin "${name}"`, { plugin: name, surface });
    }
    if (!Number.isInteger(settings.carousels) || settings.carousels < 1 || settings.carousels > 20) throw new PluginRegistryError("INVALID_OPTIONS", `surface ${surface} shows ${settings.carousels} carousels; 1–20 allowed`, { surface });
  }
}

/** Weights of the plugins that run on a surface: configuration, then the request's overrides. */
export function surfaceWeights(plugins: readonly DimensionPlugin[], settings: SurfaceConfiguration[keyof SurfaceConfiguration], overrides: Record<string, number> = {}): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const plugin of plugins) {
    if (settings.disabled.includes(plugin.name)) continue;
    weights[plugin.name] = overrides[plugin.name] ?? settings.weights[plugin.name] ?? plugin.defaultWeight;
  }
  return weights;
}
