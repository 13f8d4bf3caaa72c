import { z } from "zod";
import { explanationsFeature } from "../../../plugins/explanations/explanations.feature";
import type { LlmFeature } from "../../../core/llm/llm-feature";
import { ALL_PLUGINS } from "../../../plugins/registry";
import { defineDimension } from "../../../plugins/sdk/define-dimension";
import { defineLlmFeature } from "../../../plugins/sdk/define-llm-feature";
import { PluginRegistryError } from "../../../plugins/sdk/plugin-registry.error";
import { validateRegistry } from "../../../plugins/sdk/registry-validation";
import type { SurfaceConfiguration } from "../../../plugins/sdk/surface";
import { PROVIDED_SERVICES } from "../../../subgraphs/personalization/context";
import { SURFACE_CONFIGURATION } from "../../../subgraphs/personalization/surfaces";

const score = async () => [];
const surfaces = (weights: Record<string, number> = {}, disabled: string[] = []): SurfaceConfiguration =>
  Object.fromEntries(
    ["HOME", "STORE", "CATEGORY", "CHECKOUT", "SEARCH"].map((surface) => [
      surface,
      { weights, disabled, carousels: 4 },
    ]),
  ) as SurfaceConfiguration;

/** A minimal valid gateway feature; tests override one field at a time. */
function feature(
  overrides: Partial<LlmFeature<{ q: string }, { a: string }>> = {},
): LlmFeature<{ q: string }, { a: string }> {
  return {
    name: "test-feature",
    promptVersion: "1",
    schema: z.object({ a: z.string() }),
    tool: { name: "record_answer", description: "Record the answer." },
    buildPrompt: (input) => ({ system: "s", user: input.q }),
    offline: () => ({ a: "offline" }),
    budget: { maxInputTokens: 1000, maxOutputTokens: 100, timeoutMs: 2000, dailyTokenBudget: 10_000 },
    ...overrides,
  };
}

function caught(fn: () => unknown): PluginRegistryError | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof PluginRegistryError) return error;
    throw error;
  }
  return undefined;
}

const dimension = defineDimension({ name: "alpha", description: "A", score });
const llm = <I, O>(name: string, features: LlmFeature<I, O>[], needs: ("catalog" | "knowledgeGraph")[] = []) =>
  defineLlmFeature({ name, description: "An LLM feature", features, needs });

describe("registry validation of LLM feature plugins", () => {
  test("the product's registry, both kinds, is valid against the personalization process", () => {
    expect(() => validateRegistry(ALL_PLUGINS, PROVIDED_SERVICES, SURFACE_CONFIGURATION)).not.toThrow();
    expect(ALL_PLUGINS.some((plugin) => plugin.kind === "llm-feature")).toBe(true);
  });

  test("a name shared by a dimension and an LLM feature plugin is DUPLICATE_NAME", () => {
    const error = caught(() => validateRegistry([dimension, llm("alpha", [feature()])], [], surfaces()));
    expect(error?.code).toBe("DUPLICATE_NAME");
    expect(error?.message).toContain("dimension and llm-feature");
  });

  test("one gateway feature registered by two plugins is DUPLICATE_NAME (usage would be counted together)", () => {
    const error = caught(() =>
      validateRegistry([llm("first", [explanationsFeature]), llm("second", [explanationsFeature])], [], surfaces()),
    );
    expect(error?.code).toBe("DUPLICATE_NAME");
    expect(error?.message).toContain('"explanations"');
  });

  test("an LLM feature plugin needing a service the process lacks is MISSING_SERVICE, by name", () => {
    const error = caught(() =>
      validateRegistry([llm("kg_reader", [feature()], ["knowledgeGraph"])], ["catalog"], surfaces()),
    );
    expect(error?.code).toBe("MISSING_SERVICE");
    expect(error?.details).toEqual({ plugin: "kg_reader", service: "knowledgeGraph" });
  });

  test.each([
    ["a bad feature name", { name: "Bad Name" }, /name must match/],
    ["an empty prompt version", { promptVersion: " " }, /promptVersion/],
    ["a tool name the API refuses", { tool: { name: "record answer!", description: "x" } }, /tool needs a name/],
    ["a missing offline twin", { offline: undefined as never }, /offline must be a function/],
    ["a non-zod schema", { schema: {} as never }, /zod schema/],
    [
      "zero output tokens",
      { budget: { maxInputTokens: 1000, maxOutputTokens: 0, timeoutMs: 2000, dailyTokenBudget: 10_000 } },
      /maxOutputTokens/,
    ],
    [
      "a timeout above 10 minutes",
      { budget: { maxInputTokens: 1000, maxOutputTokens: 100, timeoutMs: 900_000, dailyTokenBudget: 10_000 } },
      /timeoutMs/,
    ],
    [
      "a daily budget below one call",
      { budget: { maxInputTokens: 1000, maxOutputTokens: 100, timeoutMs: 2000, dailyTokenBudget: 500 } },
      /every call would fall back/,
    ],
    [
      "a negative cache lifetime",
      {
        budget: {
          maxInputTokens: 1000,
          maxOutputTokens: 100,
          timeoutMs: 2000,
          dailyTokenBudget: 10_000,
          cacheTtlSeconds: -1,
        },
      },
      /cacheTtlSeconds/,
    ],
  ])("%s is INVALID_OPTIONS naming plugin and feature", (_label, overrides, message) => {
    const error = caught(() =>
      validateRegistry(
        [llm("broken", [feature(overrides as Partial<LlmFeature<{ q: string }, { a: string }>>)])],
        [],
        surfaces(),
      ),
    );
    expect(error?.code).toBe("INVALID_OPTIONS");
    expect(error?.details.plugin).toBe("broken");
    expect(error?.message).toContain('LLM feature plugin "broken"');
    expect(error?.message).toMatch(message);
  });

  test("surfaces may disable an LLM feature plugin but not weight it", () => {
    const plugins = [dimension, llm("themes", [feature()])];
    expect(() => validateRegistry(plugins, [], surfaces({ alpha: 0.5 }, ["themes"]))).not.toThrow();
    const error = caught(() => validateRegistry(plugins, [], surfaces({ themes: 0.5 })));
    expect(error?.code).toBe("INVALID_OPTIONS");
    expect(error?.message).toContain("never scores");
  });

  test("an object of unknown kind is INVALID_OPTIONS", () => {
    const stranger = { ...dimension, kind: "ranker" } as unknown as typeof dimension;
    expect(caught(() => validateRegistry([stranger], [], surfaces()))?.code).toBe("INVALID_OPTIONS");
  });
});
