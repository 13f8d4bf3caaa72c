import type { Logger } from "../../core/logger";
import type { BlendedAttributes } from "./blended-attributes";
import type { Candidate, CollectionProposal, DimensionScore } from "./candidate";
import type { PluginServices, ScoredId, ServiceName } from "./services";

/**
 * What a plugin receives on every call: the blended attributes of this request and the services it
 * declared in `needs` (typed: only those are present). Request-scoped; never stored in module scope.
 */
export interface PluginContext<TNeeds extends ServiceName = ServiceName> {
  attributes: BlendedAttributes;
  services: Pick<PluginServices, TNeeds>;
  logger: Logger;
  /** Seed for any randomness (exploration), fixed per request so results are reproducible. */
  seed: number;
}

/**
 * A value dimension: scores candidates in [0, 1] with a reason, and may retrieve candidates and propose
 * collections. Made by `defineDimension`, listed in plugins/registry.ts.
 */
export interface DimensionPlugin<TNeeds extends ServiceName = ServiceName> {
  kind: "dimension";
  /** Unique, lower-case (`[a-z][a-z0-9_]*`); becomes a GraphQL enum value with the description. */
  name: string;
  /** One sentence shown to schema explorers and in `Query.dimensions`. */
  description: string;
  /** Services it uses; missing ones fail the boot by name. */
  needs: readonly TNeeds[];
  /** Default weight on each surface where it runs (surfaces.ts may override). */
  defaultWeight: number;
  /** Longest time one call may take before the pipeline drops its contribution, in ms. */
  budgetMs: number;
  /** Step 2: collections this dimension proposes for the shopper now. */
  prospect?(context: PluginContext<TNeeds>): Promise<CollectionProposal[]>;
  /** Step 3: candidates for one of its own collections (or any collection, if it retrieves generally). */
  retrieve?(context: PluginContext<TNeeds>, collection: CollectionProposal, limit: number): Promise<ScoredId[]>;
  /** Step 3: one score per candidate, same order, each in [0, 1], with a reason. */
  score(context: PluginContext<TNeeds>, candidates: readonly Candidate[]): Promise<DimensionScore[]>;
}
