import { Field, Float, InputType } from "type-graphql";
import { PLUGINS } from "../../plugins/registry";
import { BadUserInputError } from "../shared/errors";

/**
 * Per-request weights, one optional Float per registered dimension, generated from the registry (a
 * new plugin gets its field without touching this file).
 */
export class DimensionWeightsInput {
  [dimension: string]: number | null | undefined;
}

for (const plugin of PLUGINS) {
  Field(() => Float, {
    nullable: true,
    description: `Weight of ${plugin.name} for this request, 0–1 (0 turns it off). ${plugin.description}.`,
  })(DimensionWeightsInput.prototype, plugin.name);
}
InputType({
  description:
    "Re-balances the value dimensions for one request; each weight in [0, 1], omitted = the surface's weight.",
})(DimensionWeightsInput);

/** The given weights as a plain map; any weight outside [0, 1] is BAD_USER_INPUT naming it. */
export function validateWeights(input: DimensionWeightsInput | null | undefined): Record<string, number> {
  const weights: Record<string, number> = {};
  if (!input) return weights;
  for (const plugin of PLUGINS) {
    const value = input[plugin.name];
    if (value === null || value === undefined) continue;
    if (!Number.isFinite(value) || value < 0 || value > 1)
      throw new BadUserInputError(
        `weights.${plugin.name} must be between 0 and 1 (got ${value})`,
        `weights.${plugin.name}`,
      );
    weights[plugin.name] = value;
  }
  return weights;
}
