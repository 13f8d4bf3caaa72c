import { createLogger, type Logger } from "../../../core/logger";
import type { Candidate, CollectionProposal, DimensionScore } from "../../../plugins/sdk/candidate";
import type { DimensionPlugin, PluginContext } from "../../../plugins/sdk/contract";
import { surfaceWeights } from "../../../plugins/sdk/registry-validation";
import type { PluginServices, ScoredId } from "../../../plugins/sdk/services";
import type { SurfaceSettings } from "../../../plugins/sdk/surface";
import { fixtureAttributes } from "../../../plugins/sdk/testkit";
import { DEFAULT_COLLECTION_ITEMS } from "../../../subgraphs/personalization/pipeline/retrieve-rank.step";
import { requestSeed } from "../../../subgraphs/personalization/pipeline/seed";
import type { Basket } from "../nbr-dataset.types";
import { historyProfile, type HistoryClock } from "./history-profile";

/** Everything one ranking run uses: the plugins, their services, the surface and the time model. */
export interface DiscoveryRankerDeps {
  readonly plugins: readonly DimensionPlugin[];
  readonly services: PluginServices;
  /** The HOME surface settings (subgraphs/personalization/surfaces.ts). */
  readonly surface: SurfaceSettings;
  /** Request-level weight overrides on top of the surface (as `weights` of a GraphQL request). */
  readonly weights?: Record<string, number>;
  readonly clock: HistoryClock;
}

/** Candidates each collection retrieves: the pipeline's own count for a request without a store. */
export const CANDIDATES_PER_COLLECTION = Math.ceil(DEFAULT_COLLECTION_ITEMS * 1.5);

/** One ranked item with its blended score (for tests and inspection). */
export interface DiscoveryRankedItem {
  readonly productId: string;
  readonly score: number;
  readonly dimensions: Readonly<Record<string, number>>;
}

const silentLogger: Logger = createLogger("nbr-discovery", "silent");

/**
 * The product's HOME logic for one shopper, reduced to one list: attributes from the history
 * ({@link historyProfile}), collections proposed by the plugins running on HOME plus the pipeline's
 * "Popular right now", candidates retrieved per collection by the plugins' own `retrieve`, every weighted
 * dimension scoring the whole pool once, and the blend of the pipeline's step 3 (weighted mean of the
 * dimension scores with the surface weights). Carousels are merged into one pool, so there is no leading-
 * dimension boost and no retrieval-source share; plugins are called directly (no time budgets, so nothing is
 * dropped nondeterministically). Unknown-to-the-data signals (categories, brands, prices, dates) stay neutral.
 */
export async function rankForUser(deps: DiscoveryRankerDeps, userId: string, history: readonly Basket[], depth: number): Promise<DiscoveryRankedItem[]> {
  const profile = historyProfile(history, deps.clock);
  const weights = surfaceWeights(deps.plugins, deps.surface, deps.weights ?? {});
  const attributes = fixtureAttributes({
    userId,
    coldStart: profile.purchases.length === 0,
    surface: "HOME",
    now: profile.now,
    purchases: profile.purchases,
    weights,
  });
  const seed = requestSeed(userId, "HOME", profile.now);
  const active = deps.plugins.filter((plugin) => (weights[plugin.name] ?? 0) > 0);
  // Every plugin sees the same request context (the pipeline only tags the logger with the plugin name).
  const contextOf = (_plugin: DimensionPlugin): PluginContext => ({ attributes, services: deps.services, logger: silentLogger, seed });

  const retrieved: ScoredId[][] = [];
  for (const plugin of active) {
    if (!plugin.prospect || !plugin.retrieve) continue;
    const proposals: CollectionProposal[] = await plugin.prospect(contextOf(plugin));
    for (const proposal of proposals) retrieved.push(await plugin.retrieve(contextOf(plugin), proposal, CANDIDATES_PER_COLLECTION));
  }
  retrieved.push(await deps.services.catalog.popular(CANDIDATES_PER_COLLECTION, null));

  const ids = [...new Set(retrieved.flat().map((hit) => hit.productId))];
  const products = await deps.services.catalog.products(ids);
  const pool: Candidate[] = ids.flatMap((id) => {
    const product = products.get(id);
    return product ? [{ productId: id, product, sources: {} }] : [];
  });
  if (pool.length === 0) return [];

  const scores = new Map<string, DimensionScore[]>();
  for (const plugin of active) {
    const result = await plugin.score(contextOf(plugin), pool);
    if (result.length !== pool.length) throw new Error(`dimension ${plugin.name} returned ${result.length} scores for ${pool.length} candidates`);
    scores.set(plugin.name, result);
  }
  const ranked = pool.map((candidate, i): DiscoveryRankedItem => {
    let weighted = 0;
    let total = 0;
    const dimensions: Record<string, number> = {};
    for (const [name, list] of scores) {
      const value = list[i]!.value;
      const weight = weights[name] ?? 0;
      weighted += weight * value;
      total += weight;
      dimensions[name] = value;
    }
    // Rounded as the pipeline's blend rounds, so ties break by id the same way.
    return { productId: candidate.productId, score: total > 0 ? Math.round((weighted / total) * 10000) / 10000 : 0, dimensions };
  });
  ranked.sort((a, b) => b.score - a.score || a.productId.localeCompare(b.productId));
  return ranked.slice(0, depth);
}
