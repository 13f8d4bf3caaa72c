import { startProgress } from "../../core/progress";
import { DiscoveryMethod } from "./methods/discovery.method";
import { ExploreTopFreqMethod } from "./methods/explore-topfreq.method";
import { GTopFreqMethod } from "./methods/g-topfreq.method";
import { GpTopFreqMethod } from "./methods/gp-topfreq.method";
import { ItemKnnMethod } from "./methods/item-knn.method";
import { PTopFreqMethod } from "./methods/p-topfreq.method";
import { TifuKnnMethod } from "./methods/tifu-knn.method";
import type { NbrMethod } from "./nbr-method.types";

/** Creates a fresh, unfitted method instance. */
export type NbrMethodFactory = () => NbrMethod;

const factories = new Map<string, NbrMethodFactory>([
  ["g-topfreq", () => new GTopFreqMethod()],
  ["p-topfreq", () => new PTopFreqMethod()],
  ["gp-topfreq", () => new GpTopFreqMethod()],
  ["item-knn", () => new ItemKnnMethod()],
  ["tifu-knn", () => new TifuKnnMethod()],
  // Explore-only lists: the ceiling of explore recall (never the baseline a total-recall target is set against).
  ["g-topfreq-explore", () => new ExploreTopFreqMethod("g-topfreq-explore", "all")],
  ["recent-topfreq-explore", () => new ExploreTopFreqMethod("recent-topfreq-explore", "last")],
  // The product's HOME page: the served pipeline over services built from the histories only.
  ["discovery", () => new DiscoveryMethod({ name: "discovery", progress: startProgress })],
]);

/** Adds a method under `name` (e.g. the product's own pipeline as `discovery`); refuses to replace one. */
export function registerNbrMethod(name: string, factory: NbrMethodFactory): void {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`method name "${name}" must be kebab-case`);
  if (factories.has(name)) throw new Error(`method "${name}" is already registered`);
  factories.set(name, factory);
}

/** Names of the registered methods, in registration order. */
export function nbrMethodNames(): string[] {
  return [...factories.keys()];
}

/** A new instance of method `name`; throws listing the known names when there is no such method. */
export function createNbrMethod(name: string): NbrMethod {
  const factory = factories.get(name);
  if (!factory) throw new Error(`unknown method "${name}" (known: ${nbrMethodNames().join(", ")})`);
  return factory();
}
