import type { BlendedAttributes } from "../../../plugins/sdk/blended-attributes";
import type { PluginContext } from "../../../plugins/sdk/contract";
import type { PluginServices, ServiceName } from "../../../plugins/sdk/services";
import type { PipelineDeps } from "./pipeline.types";

/**
 * The context one plugin receives in this request: only the services it declared in `needs` (what its
 * type promises; the boot check made sure each exists), its logger tagged with its name.
 */
export function pluginContext(
  deps: Pick<PipelineDeps, "services" | "logger">,
  plugin: { name: string; needs: readonly ServiceName[] },
  attributes: BlendedAttributes,
  seed: number,
): PluginContext {
  const services = Object.fromEntries(
    plugin.needs.map((name) => [name, deps.services[name]]),
  ) as unknown as PluginServices;
  return { attributes, services, logger: deps.logger.child({ plugin: plugin.name }), seed };
}
