import { toTrainingView } from "../../../../eval/nbr/leakage.guard";
import { TrainingPipeline } from "../../../../eval/nbr/discovery/training-pipeline";
import { ALL_PLUGINS, PLUGINS, SERVICES } from "../../../../plugins/registry";
import type { DimensionPlugin } from "../../../../plugins/sdk/contract";
import { defineService, ServiceDefinitionError, type ServiceProvider } from "../../../../plugins/sdk/define-service";
import { PluginRegistryError } from "../../../../plugins/sdk/plugin-registry.error";
import { validateRegistry } from "../../../../plugins/sdk/registry-validation";
import type { SurfaceConfiguration } from "../../../../plugins/sdk/surface";
import { fixtureProduct, fixtureServices, runDimension } from "../../../../plugins/sdk/testkit";
import { PROVIDED_SERVICES } from "../../../../subgraphs/personalization/context";
import { SURFACE_CONFIGURATION } from "../../../../subgraphs/personalization/surfaces";
import { datasetOf } from "../../nbr/nbr-test-helpers";
import { describeDimensionContract } from "../dimension-contract";
import { weatherFitDimension } from "./weather.dimension";
import { coolersService, createWeatherService, type WeatherReading } from "./weather.service";

// A new dimension with new services, in its own files only: the plugin, its services, this test, and the
// registry lines below (what plugins/registry.ts would gain).
const readings: WeatherReading[] = [
  { storeId: "hot", at: new Date("2024-06-01T09:00:00Z"), temperatureC: 31 },
  { storeId: "mild", at: new Date("2024-06-01T09:00:00Z"), temperatureC: 18 },
  // After the request time: never read.
  { storeId: "mild", at: new Date("2024-06-02T09:00:00Z"), temperatureC: 35 },
];
const weatherService = createWeatherService({ readings });
const REGISTRY_PLUGINS = [...ALL_PLUGINS, weatherFitDimension];
const REGISTRY_SERVICES: readonly ServiceProvider[] = [...SERVICES, weatherService, coolersService];

const products = [
  fixtureProduct("peas", { name: "Frozen Peas", categoryPath: ["grocery", "grocery:frozen"] }),
  fixtureProduct("cone", { name: "Vanilla Ice Cream Cone" }),
  fixtureProduct("bread", { name: "Sourdough Bread" }),
];

/** The caught error of `fn`. */
function caught(fn: () => unknown): PluginRegistryError | undefined {
  try {
    fn();
  } catch (error) {
    return error as PluginRegistryError;
  }
  return undefined;
}

/** `provider` whose every `create` is counted in `counts[name]`. */
function counted(provider: ServiceProvider, counts: Record<string, number>): ServiceProvider {
  return {
    ...provider,
    create: (host) => {
      counts[provider.name] = (counts[provider.name] ?? 0) + 1;
      return provider.create(host);
    },
  };
}

describe("bring your own service: a dimension with services of its own", () => {
  test("the registry with its lines validates as at boot; without the service lines it fails by name", () => {
    expect(() =>
      validateRegistry(REGISTRY_PLUGINS, PROVIDED_SERVICES, SURFACE_CONFIGURATION, REGISTRY_SERVICES),
    ).not.toThrow();
    const error = caught(() => validateRegistry(REGISTRY_PLUGINS, PROVIDED_SERVICES, SURFACE_CONFIGURATION, SERVICES));
    expect(error?.code).toBe("MISSING_SERVICE");
    expect(error?.details).toEqual({ plugin: "weather_fit", service: "weather" });
  });

  test("the testkit provides them: hot store → frozen and iced items lead; mild → neutral; the context holds exactly its needs", async () => {
    const hot = await runDimension(weatherFitDimension, {
      products,
      attributes: { storeId: "hot" },
      data: { provided: [weatherService, coolersService] },
    });
    expect(Object.keys(hot.context.services).sort()).toEqual(["coolers", "weather"]);
    expect(hot.scores.map((score) => [score.productId, score.value])).toEqual([
      ["peas", 0.95],
      ["cone", 0.95],
      ["bread", 0.4],
    ]);
    expect(hot.scores[0]!.reason).toBe("Cools you down: 31 °C at the store");
    const mild = await runDimension(weatherFitDimension, {
      products,
      attributes: { storeId: "mild" },
      data: { provided: [weatherService, coolersService] },
    });
    expect(mild.scores.map((score) => [score.value, score.reason])).toEqual(
      products.map(() => [0.5, "18 °C at the store"]),
    );
  });

  test("a request-scoped service receives the built-ins it needs, the plugin does not", async () => {
    const services = fixtureServices(products, { provided: [coolersService] });
    expect([...(await services.coolers.coolers(["peas", "bread", "cone", "ghost"]))].sort()).toEqual(["cone", "peas"]);
  });

  test("the served pipeline runs it offline: process-scoped created once, request-scoped per run, context = needs", async () => {
    const counts: Record<string, number> = {};
    const seen: string[][] = [];
    const spy: DimensionPlugin = {
      ...weatherFitDimension,
      async score(context, candidates) {
        seen.push(Object.keys(context.services).sort());
        return weatherFitDimension.score(context, candidates);
      },
    };
    const dataset = datasetOf({
      u1: {
        history: [
          ["a", "b"],
          ["a", "c"],
        ],
        target: ["a"],
      },
      u2: { history: [["c"], ["c", "d"]], target: ["a"] },
    });
    const pipeline = new TrainingPipeline(toTrainingView(dataset), {
      plugins: [...PLUGINS, spy],
      services: [counted(weatherService, counts), counted(coolersService, counts)],
    });
    const first = await pipeline.home("u1");
    const second = await pipeline.home("u2");
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(0);
    for (const keys of seen) expect(keys).toEqual(["coolers", "weather"]);
    expect(counts).toEqual({ weather: 1, coolers: 2 });
  });

  test("the offline evaluation refuses a dimension whose service nobody provides, by name", () => {
    const dataset = datasetOf({ u1: { history: [["a"]], target: ["a"] } });
    const error = caught(
      () => new TrainingPipeline(toTrainingView(dataset), { plugins: [...PLUGINS, weatherFitDimension] }),
    );
    expect(error?.code).toBe("MISSING_SERVICE");
    expect(error?.details).toEqual({ plugin: "weather_fit", service: "weather" });
  });
});

describeDimensionContract(weatherFitDimension, [weatherService, coolersService]);

describe("provided services: boot validation", () => {
  const surfaces = Object.fromEntries(
    ["HOME", "STORE", "CATEGORY", "CHECKOUT", "SEARCH"].map((surface) => [
      surface,
      { weights: {} as Record<string, number>, disabled: [] as string[], carousels: 4 },
    ]),
  ) as SurfaceConfiguration;
  const validate = (
    providers: readonly ServiceProvider[],
    plugins: readonly DimensionPlugin[] = [weatherFitDimension],
  ) => caught(() => validateRegistry(plugins, PROVIDED_SERVICES, surfaces, providers));

  test("a plugin needing a service nobody provides fails with MISSING_SERVICE naming both", () => {
    const error = validate([weatherService]);
    expect(error).toBeInstanceOf(PluginRegistryError);
    expect(error?.code).toBe("MISSING_SERVICE");
    expect(error?.details).toEqual({ plugin: "weather_fit", service: "coolers" });
    expect(error?.message).toContain("weather_fit");
    expect(error?.message).toContain("coolers");
  });

  test("two providers of one name fail with DUPLICATE_NAME naming it", () => {
    const error = validate([weatherService, coolersService, createWeatherService()]);
    expect(error?.code).toBe("DUPLICATE_NAME");
    expect(error?.details.provider).toBe("weather");
    expect(error?.message).toContain("weather");
  });

  test("a provider shadowing a built-in service fails with DUPLICATE_NAME", () => {
    const catalog = { ...coolersService, name: "catalog" } as unknown as ServiceProvider;
    const error = validate([weatherService, coolersService, catalog]);
    expect(error?.code).toBe("DUPLICATE_NAME");
    expect(error?.details.provider).toBe("catalog");
    expect(error?.message).toContain("shadows the built-in");
    // Also a built-in this process does not build (an evaluation without learned retrieval).
    const embeddings = { ...weatherService, name: "embeddings" } as unknown as ServiceProvider;
    const offline = caught(() => validateRegistry([], ["catalog"], surfaces, [embeddings]));
    expect(offline?.code).toBe("DUPLICATE_NAME");
    expect(offline?.details.provider).toBe("embeddings");
  });

  test("a provider whose own needs are missing fails with MISSING_SERVICE naming provider and service", () => {
    const needy = { ...coolersService, needs: ["pricing"] } as unknown as ServiceProvider;
    const error = validate([weatherService, needy]);
    expect(error?.code).toBe("MISSING_SERVICE");
    expect(error?.details).toEqual({ provider: "coolers", service: "pricing" });
    // Provided services may not need each other (only built-ins): creation order never matters.
    const chained = { ...coolersService, needs: ["weather"] } as unknown as ServiceProvider;
    expect(validate([weatherService, chained])?.details).toEqual({ provider: "coolers", service: "weather" });
  });

  test("a malformed provider or a list entry that is not a service fails with INVALID_OPTIONS", () => {
    const noCreate = { ...weatherService, create: undefined } as unknown as ServiceProvider;
    expect(validate([noCreate, coolersService])?.code).toBe("INVALID_OPTIONS");
    const dimension = weatherFitDimension as unknown as ServiceProvider;
    expect(validate([dimension])?.code).toBe("INVALID_OPTIONS");
  });

  test("the product's registry validates with its SERVICES", () => {
    expect(() => validateRegistry(ALL_PLUGINS, PROVIDED_SERVICES, SURFACE_CONFIGURATION, SERVICES)).not.toThrow();
  });
});

describe("defineService", () => {
  test("fills defaults and freezes the provider", () => {
    expect(coolersService).toMatchObject({ kind: "service", name: "coolers", scope: "request", needs: ["catalog"] });
    expect(createWeatherService()).toMatchObject({ kind: "service", name: "weather", scope: "process", needs: [] });
    expect(Object.isFrozen(coolersService)).toBe(true);
  });

  test.each([
    ["a bad name", { name: "Weather-Now", description: "x", scope: "process", create: () => ({}) }],
    ["no description", { name: "weather", description: " ", scope: "process", create: () => ({}) }],
    ["an unknown scope", { name: "weather", description: "x", scope: "session", create: () => ({}) }],
    ["no create", { name: "weather", description: "x", scope: "process" }],
    // A process-scoped service outlives requests; the built-ins it could hold are request-scoped.
    [
      "process scope with needs",
      { name: "weather", description: "x", scope: "process", needs: ["catalog"], create: () => ({}) },
    ],
  ])("rejects %s with ServiceDefinitionError", (_label, spec) => {
    expect(() => defineService(spec as never)).toThrow(ServiceDefinitionError);
  });
});
