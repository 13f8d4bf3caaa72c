import type { BlendedAttributes } from "../../../plugins/sdk/blended-attributes";
import type { CollectionProposal } from "../../../plugins/sdk/candidate";
import { blendAttributes } from "./blend-attributes.step";
import type { PipelineDeps, PipelineRequest, PresentedCollection } from "./pipeline.types";
import { presentCollections } from "./present.step";
import { prospectCollections } from "./prospect-collections.step";
import { retrieveAndRank } from "./retrieve-rank.step";
import { requestSeed } from "./seed";
import { SERVED_LLM_FEATURES } from "../llm-features";
import { currentDeadline } from "../../shared/deadline";
import { DEFAULT_TARGETING, targetCollections, type TargetingOptions } from "./target-collections.step";

/** Options of one run. */
export interface RunOptions {
  /** Collections to return. */
  first: number;
  /** Skip prospecting and rank exactly these collections (category page, checkout aisle, search). */
  collections?: (attributes: BlendedAttributes) => CollectionProposal[];
  targeting?: Partial<Omit<TargetingOptions, "first" | "seed">>;
}

/**
 * The five steps in order, each timed into `deps.timings` (and logged once per request). Before each
 * step the request's deadline is checked: a request whose client has been answered DEADLINE_EXCEEDED
 * does no further steps.
 */
export async function runPipeline(
  deps: PipelineDeps,
  request: PipelineRequest,
  options: RunOptions,
): Promise<{ collections: PresentedCollection[]; attributes: BlendedAttributes }> {
  const deadline = currentDeadline();
  const timings = {
    time<T>(step: string, work: () => Promise<T>): Promise<T> {
      deadline?.check();
      return deps.timings.time(step, work);
    },
    get steps() {
      return deps.timings.steps;
    },
  };
  const seed = requestSeed(request.userId, request.surface, request.now);
  const attributes = await timings.time("blend", () => blendAttributes(deps, request));
  const proposals = await timings.time("prospect", async () =>
    options.collections ? options.collections(attributes) : prospectCollections(deps, attributes, seed),
  );
  const ranked = await timings.time("rank", () => retrieveAndRank(deps, attributes, proposals, seed));
  const targeted = await timings.time("target", async () =>
    targetCollections(ranked, { ...DEFAULT_TARGETING, ...options.targeting, first: options.first, seed }),
  );
  const collections = await timings.time("present", async () => {
    const deals = await deps.services.deals.active(attributes.userId, attributes.now, [
      ...new Set(targeted.flatMap((collection) => collection.items.map((item) => item.productId))),
    ]);
    const features = deps.features ?? SERVED_LLM_FEATURES;
    return presentCollections(targeted, deals, options.targeting?.window ?? DEFAULT_TARGETING.window, (collection) =>
      features.explainCollection(collection, deps.logger, deps.drops),
    );
  });
  deps.logger.info(
    {
      surface: request.surface,
      coldStart: attributes.coldStart,
      collections: collections.length,
      timings: timings.steps,
    },
    "pipeline",
  );
  return { collections, attributes };
}
