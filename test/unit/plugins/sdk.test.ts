import { z } from "zod";
import { PLUGINS } from "../../../plugins/registry";
import { defineDimension, DimensionDefinitionError, parsePluginOptions } from "../../../plugins/sdk/define-dimension";
import { PluginRegistryError } from "../../../plugins/sdk/plugin-registry.error";
import { validateRegistry } from "../../../plugins/sdk/registry-validation";
import { surfaceWeights } from "../../../subgraphs/personalization/pipeline/surface-weights";
import type { SurfaceConfiguration } from "../../../plugins/sdk/surface";
import { createFamiliarityDimension } from "../../../plugins/familiarity/familiarity.dimension";
import { SURFACE_CONFIGURATION } from "../../../subgraphs/personalization/surfaces";
import { PROVIDED_SERVICES } from "../../../subgraphs/personalization/context";

const score = async () => [];

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe("defineDimension", () => {
  test("fills defaults and freezes the plugin", () => {
    const plugin = defineDimension({ name: "spice", description: "Spicy things", score });
    expect(plugin).toMatchObject({ kind: "dimension", name: "spice", needs: [], defaultWeight: 0.5, budgetMs: 50 });
    expect(Object.isFrozen(plugin)).toBe(true);
  });

  test.each([
    ["INVALID_NAME", { name: "Bad-Name", description: "x", score }],
    ["INVALID_NAME", { name: "", description: "x", score }],
    ["INVALID_DESCRIPTION", { name: "ok", description: "  ", score }],
    ["INVALID_WEIGHT", { name: "ok", description: "x", defaultWeight: 1.5, score }],
    ["INVALID_BUDGET", { name: "ok", description: "x", budgetMs: 0, score }],
    ["INVALID_HOOK", { name: "ok", description: "x" }],
  ])("rejects a bad spec with %s", (code, spec) => {
    expect(() => defineDimension(spec as never)).toThrow(DimensionDefinitionError);
    expect(codeOf(() => defineDimension(spec as never))).toBe(code);
  });
});

describe("registry validation", () => {
  const a = defineDimension({ name: "alpha", description: "A", score });
  const needy = defineDimension({ name: "needy", description: "N", needs: ["knowledgeGraph"], score });
  const surfaces = (weights: Record<string, number> = {}, disabled: string[] = []): SurfaceConfiguration =>
    Object.fromEntries(
      ["HOME", "STORE", "CATEGORY", "CHECKOUT", "SEARCH"].map((surface) => [
        surface,
        { weights, disabled, carousels: 4 },
      ]),
    ) as SurfaceConfiguration;

  test("the product's registry and surfaces are valid", () => {
    expect(() => validateRegistry(PLUGINS, PROVIDED_SERVICES, SURFACE_CONFIGURATION)).not.toThrow();
  });

  test("duplicate names fail with DUPLICATE_NAME", () => {
    expect(codeOf(() => validateRegistry([a, a], [], surfaces()))).toBe("DUPLICATE_NAME");
  });

  test("a missing service fails with MISSING_SERVICE naming plugin and service", () => {
    let caught: PluginRegistryError | undefined;
    try {
      validateRegistry([needy], ["catalog"], surfaces());
    } catch (error) {
      caught = error as PluginRegistryError;
    }
    expect(caught).toBeInstanceOf(PluginRegistryError);
    expect(caught?.code).toBe("MISSING_SERVICE");
    expect(caught?.details).toEqual({ plugin: "needy", service: "knowledgeGraph" });
    expect(caught?.message).toContain("needy");
    expect(caught?.message).toContain("knowledgeGraph");
  });

  test("bad surface configuration and bad plugin options fail with INVALID_OPTIONS", () => {
    expect(codeOf(() => validateRegistry([a], [], surfaces({ alpha: 2 })))).toBe("INVALID_OPTIONS");
    expect(codeOf(() => validateRegistry([a], [], surfaces({ ghost: 0.5 })))).toBe("INVALID_OPTIONS");
    expect(codeOf(() => validateRegistry([a], [], surfaces({}, ["ghost"])))).toBe("INVALID_OPTIONS");
    expect(codeOf(() => createFamiliarityDimension({ recencyHalfLifeDays: -1 }))).toBe("INVALID_OPTIONS");
    expect(codeOf(() => parsePluginOptions("x", z.object({ n: z.number() }), { n: "one" }))).toBe("INVALID_OPTIONS");
  });

  test("surface weights: defaults, configuration, request overrides, disabled plugins", () => {
    const b = defineDimension({ name: "beta", description: "B", defaultWeight: 0.2, score });
    expect(surfaceWeights([a, b], { weights: { alpha: 0.9 }, disabled: [], carousels: 1 })).toEqual({
      alpha: 0.9,
      beta: 0.2,
    });
    expect(surfaceWeights([a, b], { weights: { alpha: 0.9 }, disabled: ["beta"], carousels: 1 }, { alpha: 0 })).toEqual(
      { alpha: 0 },
    );
  });
});
