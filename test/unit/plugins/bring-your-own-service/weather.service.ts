import { defineService } from "../../../../plugins/sdk/define-service";

/**
 * A plugin's own services (test-only example of "bring your own service"): the weather at a store, and
 * which products keep you cool. Nothing in the product uses them; the tests beside this file register them.
 */

/** A recorded temperature at a store (collection `weather_readings`, written by the plugin's job). */
export interface WeatherReading {
  storeId: string;
  at: Date;
  temperatureC: number;
}

/** The weather at a store. */
export interface WeatherService {
  /** The latest reading at `storeId` at or before `at`, in °C; null without one. */
  temperatureAt(storeId: string, at: Date): Promise<number | null>;
}

/** Which products cool a shopper down. */
export interface CoolersService {
  /** The ids among `productIds` that are frozen or iced (by category or name). */
  coolers(productIds: readonly string[]): Promise<Set<string>>;
}

// The plugin declares its services where plugins look them up: `needs: ["weather"]` now type-checks.
declare module "../../../../plugins/sdk/services" {
  interface PluginServices {
    weather: WeatherService;
    coolers: CoolersService;
  }
}

/** Collection the readings are read from. */
export const WEATHER_READINGS = "weather_readings";

/**
 * The weather service: process-scoped (one per process and database). It reads `weather_readings` from the
 * host's database; without a database (the offline evaluation, the testkit) it answers from `readings`.
 */
export function createWeatherService(options: { readings?: readonly WeatherReading[] } = {}) {
  return defineService({
    name: "weather",
    description: "Latest temperature recorded at a store, from the weather_readings collection",
    scope: "process",
    create(host): WeatherService {
      const db = host.db;
      if (!db)
        return {
          async temperatureAt(storeId, at) {
            const latest = (options.readings ?? [])
              .filter((reading) => reading.storeId === storeId && reading.at <= at)
              .sort((a, b) => b.at.getTime() - a.at.getTime())[0];
            return latest?.temperatureC ?? null;
          },
        };
      return {
        async temperatureAt(storeId, at) {
          const latest = await db
            .collection<WeatherReading>(WEATHER_READINGS)
            .find({ storeId, at: { $lte: at } })
            .sort({ at: -1 })
            .limit(1)
            .next();
          return latest?.temperatureC ?? null;
        },
      };
    },
  });
}

/** Frozen or iced: a category or a name that says so. */
const COLD = /frozen|ice[ -]?cream|iced|ice pop/i;

/** The coolers service: request-scoped, over the request's catalog (a built-in service it needs). */
export const coolersService = defineService({
  name: "coolers",
  description: "Which products are frozen or iced, judged from their category path and name",
  scope: "request",
  needs: ["catalog"],
  create(host): CoolersService {
    return {
      async coolers(productIds) {
        const products = await host.services.catalog.products(productIds);
        return new Set(
          [...products.values()]
            .filter((product) => COLD.test(product.name) || product.categoryPath.some((id) => COLD.test(id)))
            .map((product) => product._id),
        );
      },
    };
  },
});
