import type { Db } from "mongodb";
import type { Logger } from "../../core/logger";
import type { BuiltInServiceName, BuiltInServices, PluginServices, ServiceName } from "./services";

/**
 * Plugin-provided services (in the style of Fastify decorators): a plugin folder brings a service the
 * built-in ones do not cover, declares its type by merging it into `PluginServices`, and lists it in
 * `SERVICES` (plugins/registry.ts). Plugins then name it in `needs` like a built-in one:
 *
 * ```ts
 * declare module "../sdk/services" {
 *   interface PluginServices { weather: WeatherService }
 * }
 * export const weatherService = defineService({ name: "weather", description: "…", scope: "process", create: (host) => … });
 * ```
 *
 * The member is declared required: the boot check (`validateRegistry`) guarantees that every service a
 * registered plugin needs has a provider, so a plugin that needs it always receives it.
 */

/** When a provided service is created: once per process (and database), or once per request. */
export type ServiceScope = "process" | "request";

/**
 * What a service's `create` receives from the host — the whole surface, nothing else:
 * - `db`: the process's database handle, **read-only by convention** (a service reads the collections its
 *   plugin's job writes; writes belong to jobs). `null` where the host has no database (the offline
 *   evaluation, the testkit): the service then answers from nothing (empty results), never throws.
 * - `logger`: the host's logger, tagged with the service's name.
 * - `services`: the built-in services it declared in `needs` (request-scoped services only; a
 *   process-scoped service outlives every request and so may hold none).
 */
export interface ServiceHost<TNeeds extends BuiltInServiceName = never> {
  db: Db | null;
  logger: Logger;
  services: Pick<BuiltInServices, TNeeds>;
}

/** A service a plugin provides, made by {@link defineService} and listed in `SERVICES` (plugins/registry.ts). */
export interface ServiceProvider<
  TName extends ServiceName = ServiceName,
  TNeeds extends BuiltInServiceName = BuiltInServiceName,
> {
  kind: "service";
  /** The key plugins name in `needs` (merged into `PluginServices` by the providing module). */
  name: TName;
  /** One sentence: what it answers and from what data. */
  description: string;
  scope: ServiceScope;
  /** Built-in services it uses (request scope only); missing ones fail the boot by name. */
  needs: readonly TNeeds[];
  /** Builds the service; synchronous (do slow work lazily, in its methods). */
  create(host: ServiceHost<TNeeds>): PluginServices[TName];
}

/** What a service author writes; `defineService` fills defaults and validates. */
export type ServiceSpec<TName extends ServiceName, TNeeds extends BuiltInServiceName> = Omit<
  ServiceProvider<TName, TNeeds>,
  "kind" | "needs"
> & {
  /** Built-in services it uses (default none; request scope only). */
  needs?: readonly TNeeds[];
};

/** Name of a provided service: a lower camel-case identifier, at most 32 characters. */
export const SERVICE_NAME_PATTERN = /^[a-z][a-zA-Z0-9]{0,31}$/;

/** A service spec is malformed; thrown when its file is loaded (fail fast). */
export class ServiceDefinitionError extends Error {
  constructor(
    readonly service: string,
    message: string,
  ) {
    super(`service ${JSON.stringify(service)}: ${message} [INVALID_SERVICE]`);
    this.name = "ServiceDefinitionError";
  }
}

/** Validates a service spec and returns the provider the registry lists in `SERVICES`. */
export function defineService<TName extends ServiceName, TNeeds extends BuiltInServiceName = never>(
  spec: ServiceSpec<TName, TNeeds>,
): ServiceProvider<TName, TNeeds> {
  const name = String(spec.name);
  const problem = serviceSpecProblem({ ...spec, needs: spec.needs ?? [] });
  if (problem) throw new ServiceDefinitionError(name, problem);
  return Object.freeze({ ...spec, kind: "service", name: spec.name, needs: Object.freeze([...(spec.needs ?? [])]) });
}

/** What is wrong with a provider's shape (name, description, scope, needs, create); undefined when nothing. */
export function serviceSpecProblem(provider: Omit<ServiceProvider, "kind">): string | undefined {
  if (!SERVICE_NAME_PATTERN.test(String(provider.name))) return `name must match ${SERVICE_NAME_PATTERN}`;
  if (
    typeof provider.description !== "string" ||
    provider.description.trim().length === 0 ||
    provider.description.length > 200
  )
    return "description must be 1–200 characters";
  if (provider.scope !== "process" && provider.scope !== "request")
    return `scope must be "process" or "request" (got ${JSON.stringify(provider.scope)})`;
  if (!Array.isArray(provider.needs)) return "needs must be a list of built-in service names";
  if (provider.scope === "process" && provider.needs.length > 0)
    return `a process-scoped service may need no service (built-in services are request-scoped); make it scope "request" to use ${provider.needs.join(", ")}`;
  if (typeof provider.create !== "function") return "create(host) is required";
  return undefined;
}

/** Process-scoped instances, by provider: the host keeps one per process and database. */
export type ProcessServiceCache = WeakMap<ServiceProvider, unknown>;

/**
 * Host side: the built-in services of a request plus every provided service, process-scoped ones taken
 * from (or created once into) `cache`, request-scoped ones created now with the built-ins they need.
 * The registry was validated first, so every name is unique and every need is present.
 */
export function withProvidedServices(
  builtIns: BuiltInServices,
  providers: readonly ServiceProvider[],
  host: { db: Db | null; logger: Logger; cache: ProcessServiceCache },
): PluginServices {
  const services: Record<string, unknown> = { ...builtIns };
  for (const provider of providers) {
    const create = () =>
      provider.create({
        db: host.db,
        logger: host.logger.child({ service: provider.name }),
        services: Object.fromEntries(
          provider.needs.map((name) => [name, builtIns[name]]),
        ) as unknown as BuiltInServices,
      });
    if (provider.scope === "request") {
      services[provider.name] = create();
      continue;
    }
    if (!host.cache.has(provider)) host.cache.set(provider, create());
    services[provider.name] = host.cache.get(provider);
  }
  return services as unknown as PluginServices;
}
