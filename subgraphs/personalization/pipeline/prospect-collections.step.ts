import type { BlendedAttributes } from "../../../plugins/sdk/blended-attributes";
import type { CollectionProposal } from "../../../plugins/sdk/candidate";
import { callPlugin } from "./plugin-call";
import { SERVED_LLM_FEATURES } from "../llm-features";
import { droppedContributions } from "./dropped-contributions";
import { pluginContext } from "./plugin-context";
import type { PipelineDeps } from "./pipeline.types";

/** Source a pipeline collection retrieves from (stored in `params.source`). */
export type PipelineSource = "popular" | "new" | "affinity" | "category" | "complements" | "text";

/** Relevance of "Top picks for you" on HOME, where it leads a returning shopper's page (its items are the best of the blend). */
export const TOP_PICKS_RELEVANCE = 0.95;
/** Departments (or sub-categories) for which "Popular in …" collections are proposed. */
const CATEGORY_COLLECTIONS = 4;

/**
 * Step 2, collection prospecting: every plugin that runs on the surface (dimensions with weight, LLM
 * feature plugins with a `prospect` hook) may propose collections
 * (under its time budget; a late plugin proposes nothing, counted in `DroppedContributions`), and the pipeline adds context collections:
 * popular (overall, at the store or in the category), new arrivals, top picks for a known shopper,
 * "Popular in …" for the shopper's strongest departments (the first departments for a cold start), and cart
 * complements at checkout.
 */
export async function prospectCollections(
  deps: Pick<PipelineDeps, "plugins" | "features" | "surfaces" | "services" | "logger" | "loaders" | "reads" | "drops">,
  attributes: BlendedAttributes,
  seed: number,
): Promise<CollectionProposal[]> {
  // Dimensions with weight on this request prospect, then the registered LLM feature plugins that prospect (they
  // never score, so they have no weight), unless the surface disables them.
  const disabled = deps.surfaces[attributes.surface]?.disabled ?? [];
  const active = [
    ...deps.plugins.filter((plugin) => plugin.prospect && (attributes.weights[plugin.name] ?? 0) > 0),
    ...(deps.features ?? SERVED_LLM_FEATURES).providing("prospect").filter((plugin) => !disabled.includes(plugin.name)),
  ];
  const fromPlugins = await Promise.all(
    active.map(async (plugin) => {
      const outcome = await callPlugin(plugin, "prospect", () =>
        plugin.prospect!(pluginContext(deps, plugin, attributes, seed)),
      );
      if (outcome.status === "ok")
        return outcome.value.map((proposal) => ({ ...proposal, dimension: proposal.dimension || plugin.name }));
      (deps.drops ?? droppedContributions).record(deps.logger, {
        plugin: plugin.name,
        step: "prospect",
        status: outcome.status,
        ms: outcome.ms,
        err: outcome.status === "error" ? outcome.error : undefined,
      });
      return [];
    }),
  );
  const proposals = [...fromPlugins.flat(), ...(await contextCollections(deps, attributes))];
  const seen = new Set<string>();
  return proposals.filter((proposal) => !seen.has(proposal.id) && seen.add(proposal.id));
}

async function contextCollections(
  deps: Pick<PipelineDeps, "loaders" | "reads">,
  attributes: BlendedAttributes,
): Promise<CollectionProposal[]> {
  const where = attributes.storeName ? ` at ${attributes.storeName}` : "";
  const scope = attributes.categoryId ? await deps.loaders.category.load(attributes.categoryId) : null;
  const proposals: CollectionProposal[] = [];
  const add = (
    id: string,
    title: string,
    subtitle: string,
    relevance: number,
    source: PipelineSource,
    params: Record<string, string> = {},
    numbers: Record<string, number | boolean> = {},
    dimension = "",
  ) =>
    proposals.push({
      id: `pipeline.${id}`,
      title,
      subtitle,
      dimension,
      relevance,
      params: { source, ...params, ...numbers },
    });

  if (attributes.surface === "CHECKOUT") {
    add("complements", "Goes well with your cart", "Often bought together with what you have", 1, "complements");
    add("last-minute", `Last-minute adds${where}`, "Popular picks", 0.6, "popular");
    return proposals;
  }
  if (!attributes.coldStart) {
    // On HOME it leads the page; elsewhere the surface's own collections ("Your usual at …") come first.
    const home = attributes.surface === "HOME";
    add(
      "top-picks",
      "Top picks for you",
      "Your favourites and the best of the aisles you shop",
      home ? TOP_PICKS_RELEVANCE : 0.85,
      "affinity",
      {},
      { sourceWeight: 0, leads: home },
      "familiarity",
    );
  }
  if (scope) {
    add("popular", `Popular in ${scope.name}${where}`, "What shoppers buy most here", 0.8, "popular", {
      categoryId: scope._id,
    });
    add("new", `New in ${scope.name}`, "Just arrived", 0.55, "new", { categoryId: scope._id });
  } else {
    add(
      "popular",
      where ? `Popular${where}` : "Popular right now",
      "What shoppers buy most",
      attributes.coldStart ? 0.9 : 0.7,
      "popular",
    );
    add("new", "New arrivals", "Just arrived", 0.5, "new");
  }
  for (const category of await categoryChoices(deps, attributes, scope?._id ?? null)) {
    add(
      `category.${category.id}`,
      `Popular in ${category.name}`,
      attributes.coldStart ? "A good place to start" : "From an aisle you like",
      0.6 + 0.2 * category.affinity,
      "category",
      { categoryId: category.id },
    );
  }
  return proposals;
}

/** The shopper's strongest categories one level under `scope` (or departments), else the first ones by id. */
async function categoryChoices(
  deps: Pick<PipelineDeps, "loaders" | "reads">,
  attributes: BlendedAttributes,
  scopeId: string | null,
): Promise<{ id: string; name: string; affinity: number }[]> {
  const children = await deps.reads.childCategories(scopeId, 500);
  const byAffinity = children
    .map((category) => ({
      id: category._id,
      name: category.name,
      affinity: attributes.categoryAffinity[category._id] ?? 0,
    }))
    .sort((a, b) => b.affinity - a.affinity || a.id.localeCompare(b.id));
  const liked = byAffinity.filter((category) => category.affinity > 0);
  return (liked.length > 0 ? liked : byAffinity).slice(0, CATEGORY_COLLECTIONS);
}
