import { Field, Float, ObjectType, registerEnumType } from "type-graphql";

/** Kinds of plugins. */
export enum PluginKind {
  DIMENSION = "DIMENSION",
  LLM_FEATURE = "LLM_FEATURE",
}

registerEnumType(PluginKind, {
  name: "PluginKind",
  description: "What a plugin does.",
  valuesConfig: {
    DIMENSION: {
      description: "A value dimension: scores items 0–1 with a reason, may retrieve items and propose collections.",
    },
    LLM_FEATURE: {
      description: "An LLM feature (query rewrite, collections, explanations, …) behind the LLM gateway.",
    },
  },
});

/** A registered plugin. */
@ObjectType({ description: "A registered plugin (value dimension or LLM feature)." })
export class DimensionInfo {
  @Field({ description: "Unique name; also the field of `DimensionWeightsInput` and `Reason.dimension`." })
  name!: string;

  @Field({ description: "What it values, in one sentence." })
  description!: string;

  @Field(() => PluginKind, { description: "Kind of plugin." })
  kind!: PluginKind;

  @Field(() => Float, { description: "Weight it runs with where surfaces do not override it, 0–1." })
  defaultWeight!: number;
}
