import { Query, Resolver } from "type-graphql";
import { ALL_PLUGINS } from "../../plugins/registry";
import { DimensionInfo, PluginKind } from "./dimension-info.type";

/** The plugin registry, as clients see it. */
@Resolver()
export class DimensionsResolver {
  @Query(() => [DimensionInfo], {
    description: "Every registered plugin, value dimensions first, then LLM features, in registry order.",
  })
  dimensions(): DimensionInfo[] {
    return ALL_PLUGINS.map((plugin) =>
      Object.assign(new DimensionInfo(), {
        name: plugin.name,
        description: plugin.description,
        kind: plugin.kind === "dimension" ? PluginKind.DIMENSION : PluginKind.LLM_FEATURE,
        defaultWeight: plugin.kind === "dimension" ? plugin.defaultWeight : 0,
      }),
    );
  }
}
