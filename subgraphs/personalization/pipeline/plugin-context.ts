import type { BlendedAttributes } from "../../../plugins/sdk/blended-attributes";
import type { PluginContext } from "../../../plugins/sdk/contract";
import type { PipelineDeps } from "./pipeline.types";

/** The context one plugin receives in this request (its logger is tagged with its name). */
export function pluginContext(
  deps: Pick<PipelineDeps, "services" | "logger">,
  plugin: { name: string },
  attributes: BlendedAttributes,
  seed: number,
): PluginContext {
  return { attributes, services: deps.services, logger: deps.logger.child({ plugin: plugin.name }), seed };
}
