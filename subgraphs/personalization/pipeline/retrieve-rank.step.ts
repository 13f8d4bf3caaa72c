import type { ProductDocument } from "../../catalog/read-model";
import type { BlendedAttributes } from "../../../plugins/sdk/blended-attributes";
import { callPlugin } from "./plugin-call";
import type { Candidate, CollectionProposal, DimensionScore } from "../../../plugins/sdk/candidate";
import type { DealInfo, ScoredId } from "../../../plugins/sdk/services";
import { onTheme, satisfiesTheme } from "../../../plugins/sdk/theme";
import { SERVED_LLM_FEATURES } from "../llm-features";
import { priceRatio } from "../../../ml/ranker/ranker.features";
import { shopperValue, valueToConsumer } from "../../../ml/ranker/value-to-consumer";
import { defaultRanker, MAX_RANKED_CANDIDATES, type RankerService } from "../services/ranker.service";
import { VALUE_TO_CONSUMER_WEIGHTS } from "../surfaces";
import { collectionTheme } from "./collection-theme";
import { droppedContributions } from "./dropped-contributions";
import { exclusionOf } from "./eligibility.rules";
import { pluginContext } from "./plugin-context";
import type { PipelineDeps, RankedCollection, RankedEntry, ItemReason } from "./pipeline.types";
import type { PipelineSource } from "./prospect-collections.step";

/** Items a collection keeps after ranking unless its params ask for more (`params.limit`). */
export const DEFAULT_COLLECTION_ITEMS = 40;
/** Share of the final score taken from the retrieval source unless `params.sourceWeight` says otherwise. */
const DEFAULT_SOURCE_WEIGHT = 0.15;
/** The leading dimension of a collection counts this many times its weight there (at least as much as the others together). */
const LEAD_BOOST = 2;

/** Dimension name of the ranker's reason. */
export const RANKER_REASON = "ranker";

/** The ranker's per-candidate inputs to the value-to-consumer score. */
interface RankerSignals {
  /** P(purchase now or within the horizon), by product id. */
  purchase: Map<string, number>;
  /** Value for this shopper in [0, 1], by product id. */
  value: Map<string, number>;
  version: string;
}

/**
 * The ranker of this request: `deps.ranker` when the context provides one (null = none), else the
 * process-wide artifact of DATA_DIR/models/ranker.
 */
export function rankerOf(deps: PipelineDeps): RankerService | null {
  return deps.ranker === undefined ? defaultRanker(deps.logger) : deps.ranker;
}

/**
 * Step 3, retrieval and ranking: each collection gathers candidates (its plugin's `retrieve`, or a
 * pipeline source), products are hydrated through the request's DataLoader, the eligibility rules
 * drop what may not be shown, every dimension with a weight scores all candidates once (batched,
 * under its budget: a late or failing plugin's contribution is dropped and counted, see `DroppedContributions`), and each
 * collection blends the scores with the surface/request weights (its leading dimension boosted).
 * With a trained ranker, items are ordered by value to consumer (predicted purchase, value for this
 * shopper, source score and the dimension blend, weighted per surface) and each item's first reason
 * is the ranker's; without one, by the blend alone, flagged as `ranker.fallback` in the request's
 * timings (served in `extensions.timings`) and logged. A collection with a theme (its own, or its
 * source's: `collectionTheme`) keeps only the items that satisfy it, whatever either order says.
 */
export async function retrieveAndRank(
  deps: PipelineDeps,
  attributes: BlendedAttributes,
  proposals: readonly CollectionProposal[],
  seed: number,
): Promise<RankedCollection[]> {
  const retrieved = await deps.timings.time("retrieve", () =>
    Promise.all(proposals.map((proposal) => retrieve(deps, attributes, proposal, seed))),
  );
  const ids = [...new Set(retrieved.flat().map((hit) => hit.productId))];
  const candidates = await deps.timings.time("hydrate", async () => {
    const products = await deps.services.catalog.products(ids);
    const offers = attributes.storeId
      ? await deps.services.catalog.offers(attributes.storeId, [...products.keys()])
      : new Map<string, { available: boolean }>();
    const eligible = new Map<string, ProductDocument>();
    for (const [id, product] of products)
      if (exclusionOf(attributes, product, offers.get(id)) === null) eligible.set(id, product);
    return eligible;
  });
  const pool: Candidate[] = [...candidates.values()].map((product) => ({
    productId: product._id,
    product,
    sources: {},
  }));
  const scores = await deps.timings.time("score", () => scoreAll(deps, attributes, pool, seed));
  const signals = await deps.timings.time("score.ranker", () => rankerSignals(deps, attributes, pool));
  const valueWeights = VALUE_TO_CONSUMER_WEIGHTS[attributes.surface];

  return proposals.map((proposal, i) => {
    // A themed collection keeps only items that satisfy its theme: ranking orders them, never lets an off-theme one lead.
    const theme = collectionTheme(proposal, attributes);
    const eligible = retrieved[i]!.filter((hit) => candidates.has(hit.productId));
    const hits = theme
      ? eligible.filter((hit) => satisfiesTheme(theme, candidates.get(hit.productId)!, hit))
      : eligible;
    if (hits.length < eligible.length)
      deps.logger.debug(
        { collection: proposal.id, theme: theme!.label, dropped: eligible.length - hits.length, kept: hits.length },
        "off-theme items dropped",
      );
    const maxSource = Math.max(1e-9, ...hits.map((hit) => hit.score));
    const sourceWeight =
      typeof proposal.params?.sourceWeight === "number" ? proposal.params.sourceWeight : DEFAULT_SOURCE_WEIGHT;
    const limit = typeof proposal.params?.limit === "number" ? proposal.params.limit : DEFAULT_COLLECTION_ITEMS;
    const personalShare =
      typeof proposal.params?.personalShare === "number"
        ? Math.min(1, Math.max(0, proposal.params.personalShare))
        : null;
    const seen = new Set<string>();
    const items: RankedEntry[] = [];
    const maxPurchase = signals ? Math.max(1e-9, ...hits.map((hit) => signals.purchase.get(hit.productId) ?? 0)) : 1;
    for (const hit of hits) {
      if (seen.has(hit.productId)) continue;
      seen.add(hit.productId);
      const sourceScore = Math.max(0, hit.score) / maxSource;
      const entry = blend(
        attributes.weights,
        proposal,
        candidates.get(hit.productId)!,
        scores,
        sourceScore,
        sourceWeight,
        hit.reason,
      );
      if (signals) {
        const purchase = signals.purchase.get(hit.productId) ?? 0;
        const value = signals.value.get(hit.productId) ?? 0.5;
        entry.score = round(
          valueToConsumer(valueWeights, {
            conversion: purchase / maxPurchase,
            value,
            source: sourceScore,
            dimensions: entry.score,
          }),
        );
        entry.reasons.unshift({
          dimension: RANKER_REASON,
          score: round(purchase),
          text: purchaseReason(purchase / maxPurchase),
        });
      }
      // Relevance first (search): the source's score decides, the personal score only scales it within (1 − share, 1].
      if (typeof personalShare === "number")
        entry.score = round(sourceScore * (1 - personalShare + personalShare * entry.score));
      items.push(entry);
    }
    items.sort((a, b) => b.score - a.score || a.productId.localeCompare(b.productId));
    return { proposal, items: items.slice(0, limit) };
  });
}

/**
 * Purchase probabilities from the ranker and the value-for-this-shopper term, for every candidate
 * (scored in chunks of {@link MAX_RANKED_CANDIDATES}); null when no model is loaded or it fails (logged).
 */
async function rankerSignals(
  deps: PipelineDeps,
  attributes: BlendedAttributes,
  pool: Candidate[],
): Promise<RankerSignals | null> {
  const ranker = rankerOf(deps);
  const version = ranker?.version() ?? null;
  if (!ranker || !version) {
    deps.timings.steps["ranker.fallback"] = 1;
    deps.logger.debug(
      { reason: ranker?.unavailableReason() ?? "no ranker in the context" },
      "ranking by the dimension blend",
    );
    return null;
  }
  if (pool.length === 0) return { purchase: new Map(), value: new Map(), version };
  try {
    const purchase = new Map<string, number>();
    for (let start = 0; start < pool.length; start += MAX_RANKED_CANDIDATES) {
      for (const score of await ranker.score(
        { ...attributes },
        pool.slice(start, start + MAX_RANKED_CANDIDATES),
        deps.services.catalog,
      ))
        purchase.set(score.productId, score.purchase);
    }
    const categories = [...new Set(pool.map((candidate) => candidate.product.categoryId))];
    const [medians, deals] = await Promise.all([
      Promise.all(categories.map(async (id) => [id, await deps.services.catalog.categoryMedians(id)] as const)).then(
        (entries) => new Map(entries),
      ),
      deps.services.deals.active(
        attributes.userId,
        attributes.now,
        pool.map((candidate) => candidate.productId),
      ),
    ]);
    const value = new Map<string, number>();
    for (const { product } of pool) {
      const deal: DealInfo | undefined = deals.get(product._id);
      value.set(
        product._id,
        shopperValue({
          priceRatio: priceRatio(product, medians.get(product.categoryId) ?? {}),
          price: product.price,
          deal: deal ?? null,
          multipack: (product.size?.count ?? 1) > 1,
          bulkPreference: attributes.bulkPreference,
          priceSensitivity: attributes.priceSensitivity,
        }),
      );
    }
    return { purchase, value, version };
  } catch (error) {
    deps.timings.steps["ranker.fallback"] = 1;
    deps.logger.warn({ err: error, version }, "ranker failed: ranking by the dimension blend");
    return null;
  }
}

/** Reason text of the ranker, by the item's purchase probability relative to the collection's best. */
function purchaseReason(relative: number): string {
  if (relative >= 0.66) return "Top pick for you: among the likeliest to be bought";
  if (relative >= 0.33) return "A good match for how you shop";
  return "Worth a look";
}

/** Every weighted dimension's scores, by dimension then product id. */
async function scoreAll(
  deps: PipelineDeps,
  attributes: BlendedAttributes,
  pool: Candidate[],
  seed: number,
): Promise<Map<string, Map<string, DimensionScore>>> {
  const result = new Map<string, Map<string, DimensionScore>>();
  if (pool.length === 0) return result;
  const active = deps.plugins.filter((plugin) => (attributes.weights[plugin.name] ?? 0) > 0);
  await Promise.all(
    active.map(async (plugin) => {
      const outcome = await callPlugin(plugin, "score", () =>
        plugin.score(pluginContext(deps, plugin, attributes, seed), pool),
      );
      deps.timings.steps[`score.${plugin.name}`] = Math.round(outcome.ms * 100) / 100;
      const problem = outcome.status !== "ok" ? outcome.status : invalidScores(outcome.value, pool);
      if (problem) {
        (deps.drops ?? droppedContributions).record(deps.logger, {
          plugin: plugin.name,
          step: "score",
          status: outcome.status === "ok" ? "invalid" : outcome.status,
          ms: outcome.ms,
          err: outcome.status === "error" ? outcome.error : outcome.status === "ok" ? problem : undefined,
        });
        return;
      }
      if (outcome.status === "ok")
        result.set(plugin.name, new Map(outcome.value.map((score) => [score.productId, score])));
    }),
  );
  return result;
}

/** Null when the scores honour the contract (one per candidate, same order, finite values in [0, 1]). */
function invalidScores(scores: DimensionScore[], pool: Candidate[]): string | null {
  if (!Array.isArray(scores) || scores.length !== pool.length)
    return `returned ${Array.isArray(scores) ? scores.length : "no"} scores for ${pool.length} candidates`;
  for (let i = 0; i < pool.length; i += 1) {
    const score = scores[i]!;
    if (score.productId !== pool[i]!.productId)
      return `score ${i} is for ${score.productId}, not ${pool[i]!.productId}`;
    if (!Number.isFinite(score.value) || score.value < 0 || score.value > 1)
      return `score of ${score.productId} is ${score.value}, outside [0, 1]`;
  }
  return null;
}

function blend(
  weights: Record<string, number>,
  proposal: CollectionProposal,
  product: ProductDocument,
  scores: Map<string, Map<string, DimensionScore>>,
  sourceScore: number,
  sourceWeight: number,
  sourceReason?: string,
): RankedEntry {
  let weighted = 0;
  let total = 0;
  const reasons: (ItemReason & { contribution: number })[] = [];
  // The leading dimension counts LEAD_BOOST times its weight, and never less than all the others together.
  let others = 0;
  for (const dimension of scores.keys()) if (dimension !== proposal.dimension) others += weights[dimension] ?? 0;
  for (const [dimension, byId] of scores) {
    const score = byId.get(product._id);
    if (!score) continue;
    const weight =
      dimension === proposal.dimension
        ? Math.max((weights[dimension] ?? 0) * LEAD_BOOST, others)
        : (weights[dimension] ?? 0);
    weighted += weight * score.value;
    total += weight;
    reasons.push({ dimension, score: round(score.value), text: score.reason, contribution: weight * score.value });
  }
  const dimensions = total > 0 ? weighted / total : sourceScore;
  const score = (1 - sourceWeight) * dimensions + sourceWeight * sourceScore;
  if (proposal.params?.source === "text" && sourceReason)
    reasons.push({
      dimension: "relevance",
      score: round(sourceScore),
      text: sourceReason,
      contribution: 10 * sourceScore,
    });
  reasons.sort((a, b) => b.contribution - a.contribution || a.dimension.localeCompare(b.dimension));
  return {
    productId: product._id,
    product,
    score: round(score),
    reasons: reasons.map(({ dimension, score: value, text }) => ({ dimension, score: value, text })),
  };
}

function round(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 10000) / 10000;
}

/** Candidates of one collection: its plugin's `retrieve`, else the pipeline source in `params.source`. */
async function retrieve(
  deps: PipelineDeps,
  attributes: BlendedAttributes,
  proposal: CollectionProposal,
  seed: number,
): Promise<ScoredId[]> {
  const limit =
    (typeof proposal.params?.limit === "number" ? proposal.params.limit : DEFAULT_COLLECTION_ITEMS) *
    (attributes.storeId ? 3 : 1.5);
  const n = Math.ceil(limit);
  // The plugin that proposed it: a dimension, or an LLM feature plugin of the registry.
  const plugin =
    deps.plugins.find((candidate) => candidate.name === proposal.dimension) ??
    (deps.features ?? SERVED_LLM_FEATURES)
      .providing("retrieve")
      .find((candidate) => candidate.name === proposal.dimension);
  if (plugin?.retrieve && !proposal.params?.source) {
    const outcome = await callPlugin(plugin, "retrieve", () =>
      plugin.retrieve!(pluginContext(deps, plugin, attributes, seed), proposal, n),
    );
    if (outcome.status === "ok") return outcome.value;
    (deps.drops ?? droppedContributions).record(deps.logger, {
      plugin: plugin.name,
      step: "retrieve",
      status: outcome.status,
      ms: outcome.ms,
      err: outcome.status === "error" ? outcome.error : undefined,
    });
    return [];
  }
  const { catalog } = deps.services;
  const categoryId =
    typeof proposal.params?.categoryId === "string" ? proposal.params.categoryId : attributes.categoryId;
  switch (proposal.params?.source as PipelineSource | undefined) {
    case "popular":
      return catalog.popular(n, categoryId);
    case "new":
      return catalog.newArrivals(n, categoryId);
    case "category": {
      const popular = await catalog.popular(n, categoryId);
      return popular.length >= n || !categoryId
        ? popular
        : [
            ...popular,
            ...(await catalog.inCategory(categoryId, n)).map((hit) => ({ ...hit, score: hit.score * 0.01 })),
          ];
    }
    case "affinity":
      return affinityCandidates(deps, attributes, n);
    case "complements":
      return complementCandidates(deps, attributes, n);
    case "text": {
      const query = String(proposal.params?.query ?? attributes.query ?? "");
      return query ? deps.services.textSearch.search(query, n) : [];
    }
    default:
      return [];
  }
}

/**
 * "Top picks" candidates: the shopper's own purchases, popular items of their
 * strongest aisles (category depth ≥ 2) and, when they have no such aisle, popular items overall.
 * Repeat and explore candidates then compete on the dimension blend alone (the collection's source
 * weight is 0), so a popular item earns a slot only by outscoring a regular.
 */
async function affinityCandidates(
  deps: PipelineDeps,
  attributes: BlendedAttributes,
  limit: number,
): Promise<ScoredId[]> {
  // Every stored purchase (the profile keeps at most 100): the blend, not the retrieval order, picks among them.
  const own = attributes.purchases.map((item) => ({ productId: item.productId, score: 1 }));
  const top = Object.entries(attributes.categoryAffinity)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 24);
  const categories = (await deps.loaders.category.loadMany(top.map(([id]) => id))).flatMap((category) =>
    category && !(category instanceof Error) && category.depth >= 2 ? [category._id] : [],
  );
  const chosen = categories.slice(0, 3);
  const lists =
    chosen.length > 0
      ? await Promise.all(chosen.map((id) => deps.services.catalog.popular(Math.ceil(limit / chosen.length), id)))
      : [await deps.services.catalog.popular(limit, null)];
  return [...own, ...lists.flat()];
}

/**
 * Complements of the cart, marked on-theme: co-purchase when the service answers, else popular items of
 * the cart's aisles in other leaf categories. An empty cart has none: popular items, unmarked.
 */
async function complementCandidates(
  deps: PipelineDeps,
  attributes: BlendedAttributes,
  limit: number,
): Promise<ScoredId[]> {
  if (attributes.cart.length === 0) return deps.services.catalog.popular(limit, null);
  try {
    const complements = await deps.services.coPurchase.complements(attributes.cart, limit);
    if (complements.length > 0) return onTheme(complements);
  } catch (error) {
    deps.logger.warn({ err: error }, "co-purchase unavailable; falling back to aisle neighbours");
  }
  const cart = await deps.services.catalog.products(attributes.cart);
  const leaves = new Set([...cart.values()].map((product) => product.categoryId));
  const parents = [
    ...new Set(
      [...cart.values()].map((product) => product.categoryPath[product.categoryPath.length - 2] ?? product.categoryId),
    ),
  ];
  const lists = await Promise.all(parents.map((id) => deps.services.catalog.popular(limit, id)));
  const products = await deps.services.catalog.products(lists.flat().map((hit) => hit.productId));
  return onTheme(lists.flat().filter((hit) => !leaves.has(products.get(hit.productId)?.categoryId ?? "")));
}
