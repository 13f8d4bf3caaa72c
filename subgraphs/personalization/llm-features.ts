import { z } from "zod";
import { fillableBundlePlanSchema } from "../../core/llm/features/bundle.feature";
import { VERTICALS } from "../../core/documents/vertical";
import type { Logger } from "../../core/logger";
import { LLM_FEATURE_PLUGINS } from "../../plugins/registry";
import type { BlendedAttributes } from "../../plugins/sdk/blended-attributes";
import type { BudgetOutcome } from "../../plugins/sdk/budget";
import { callPlugin } from "./pipeline/plugin-call";
import type { LlmFeaturePlugin } from "../../plugins/sdk/define-llm-feature";
import { HookInputError } from "../../plugins/sdk/hook-input.error";
import type {
  CarouselExplanations,
  ExplainableCarousel,
  ExplainableCollection,
  LlmHookContext,
  PlanBundleRequest,
  PlannedBundle,
  QueryInterpretations,
  REQUEST_HOOKS,
  SearchCandidatesRequest,
} from "../../plugins/sdk/llm-hooks";
import type { LlmServices } from "../../plugins/sdk/llm-services";
import { literalInterpretation } from "../../plugins/sdk/search-interpretation";
import type { PluginServices, ScoredId, ServiceName } from "../../plugins/sdk/services";
import { droppedContributions, type DroppedContributions, type DropStep } from "./pipeline/dropped-contributions";

/** A request-path hook name. */
export type RequestHook = (typeof REQUEST_HOOKS)[number];

/** What the registry needs of a request to run a hook: the process's LLM services, the request's plugin services and logger. */
export interface HookRequest {
  llm: LlmServices;
  services: PluginServices;
  logger: Logger;
  /** Counter of dropped contributions; absent = the process's (served at `/metrics`). */
  drops?: DroppedContributions;
}

/** What a query's interpretation hook must answer (the host serves these fields; anything else is dropped). */
const interpretationsSchema = z.object({
  source: z.enum(["LLM", "CACHE", "OFFLINE"]),
  interpretations: z
    .array(
      z.object({
        label: z.string().trim().min(1).max(80),
        confidence: z.number().min(0).max(1),
        vertical: z.enum(VERTICALS).optional(),
        categoryPath: z.array(z.string().min(1).max(120)).min(1).max(6).optional(),
        brand: z.string().trim().min(1).max(80).optional(),
        dietary: z.array(z.string().min(1).max(40)).max(6).optional(),
        rewrittenQuery: z.string().trim().min(1).max(200),
      }),
    )
    .min(1)
    .max(5),
  categoryNames: z.instanceof(Map),
});

/** A collection's explanation: some text. */
const explanationSchema = z.string().trim().min(1);
const scoredIdsSchema = z.array(z.object({ productId: z.string().min(1), score: z.number() }).loose());

const plannedBundleSchema = z.object({
  source: z.enum(["LLM", "CACHE", "OFFLINE"]),
  plan: fillableBundlePlanSchema,
});

const explanationsSchema = z.object({
  source: z.enum(["LLM", "CACHE", "OFFLINE"]),
  text: z.string().trim().min(1),
  items: z.instanceof(Map),
  dropped: z.number().int().min(0),
});

/**
 * The host's view of the LLM feature plugins of plugins/registry.ts: resolvers and pipeline steps call
 * their hooks here, never a plugin module. Every hook is optional; for each, the first registered plugin
 * that defines it answers (search, explanations) or every one does (prospect, through the pipeline).
 * A call runs under the plugin's `budgetMs` with only the services it declared in `needs`; a late,
 * failing or malformed answer is dropped (counted in {@link DroppedContributions} by plugin and hook)
 * and the host's default served: without the plugin, or when it fails, the feature is simply off.
 */
export class LlmFeatureRegistry {
  constructor(readonly plugins: readonly LlmFeaturePlugin[]) {}

  /** The registered plugins that define `hook`, in registry order. */
  providing(hook: RequestHook | "enrich"): LlmFeaturePlugin[] {
    return this.plugins.filter((plugin) => typeof plugin[hook] === "function");
  }

  /** A copy without the plugins named (what a registry without those lines serves). */
  without(...names: string[]): LlmFeatureRegistry {
    return new LlmFeatureRegistry(this.plugins.filter((plugin) => !names.includes(plugin.name)));
  }

  /**
   * The readings of a search query. Default (no plugin interprets queries, or its answer was dropped): the
   * literal reading, source OFFLINE. A plugin's {@link HookInputError} (the client's input) is thrown.
   */
  async interpretQuery(
    request: HookRequest,
    query: string,
    attributes: BlendedAttributes,
  ): Promise<QueryInterpretations> {
    const literal = (): QueryInterpretations => ({
      source: "OFFLINE",
      interpretations: [literalInterpretation(query)],
      categoryNames: new Map(),
    });
    const [plugin] = this.providing("interpretQuery");
    if (!plugin) return literal();
    const outcome = await this.run(request, plugin, "interpretQuery", (context) =>
      plugin.interpretQuery!(context, { query, attributes }),
    );
    const answer = this.checked(request, plugin, "interpretQuery", outcome, interpretationsSchema);
    return answer ? (answer as QueryInterpretations) : literal();
  }

  /**
   * Search candidates for `search.query`. Default (no plugin retrieves search candidates, or its answer was
   * dropped): the host's lexical search of the query alone.
   */
  async searchCandidates(request: HookRequest, search: SearchCandidatesRequest): Promise<ScoredId[]> {
    const [plugin] = this.providing("searchCandidates");
    const lexical = (): Promise<ScoredId[]> => search.lexical.search(search.query, search.limit);
    if (!plugin) return lexical();
    const outcome = await this.run(request, plugin, "searchCandidates", (context) =>
      plugin.searchCandidates!(context, search),
    );
    const answer = this.checked(request, plugin, "searchCandidates", outcome, scoredIdsSchema);
    return answer ? (answer as ScoredId[]).slice(0, search.limit) : lexical();
  }

  /**
   * Presentation's explanation of a collection (synchronous, never a model). Default: its subtitle, else
   * its title.
   */
  explainCollection(collection: ExplainableCollection, logger: Logger, drops?: DroppedContributions): string {
    const fallback = collection.subtitle ?? collection.title;
    const [plugin] = this.providing("explainCollection");
    if (!plugin) return fallback;
    const started = performance.now();
    let outcome: BudgetOutcome<string>;
    try {
      outcome = { status: "ok", value: plugin.explainCollection!(collection), ms: performance.now() - started };
    } catch (error) {
      outcome = { status: "error", error, ms: performance.now() - started };
    }
    const answer = this.checked({ logger, drops }, plugin, "explainCollection", outcome, explanationSchema);
    return answer ?? fallback;
  }

  /**
   * A carousel's and its items' explanations. Default (no plugin explains carousels, or its answer was
   * dropped): the presentation template, source OFFLINE, and no item explanation (items show their leading
   * reason).
   */
  async explainCarousel(request: HookRequest, carousel: ExplainableCarousel): Promise<CarouselExplanations> {
    const template = (): CarouselExplanations => ({
      source: "OFFLINE",
      text: carousel.template,
      items: new Map(),
      dropped: 0,
    });
    const [plugin] = this.providing("explainCarousel");
    if (!plugin) return template();
    const outcome = await this.run(request, plugin, "explainCarousel", (context) =>
      plugin.explainCarousel!(context, carousel),
    );
    const answer = this.checked(request, plugin, "explainCarousel", outcome, explanationsSchema);
    return answer ? (answer as CarouselExplanations) : template();
  }

  /**
   * An intent's bundle plan. No default: "off" when no registered plugin plans bundles, "dropped" when the
   * plugin's answer was late, failed or malformed (counted); the caller says so to the client.
   */
  async planBundle(request: HookRequest, bundle: PlanBundleRequest): Promise<PlannedBundle | "off" | "dropped"> {
    const [plugin] = this.providing("planBundle");
    if (!plugin) return "off";
    const outcome = await this.run(request, plugin, "planBundle", (context) => plugin.planBundle!(context, bundle));
    const answer = this.checked(request, plugin, "planBundle", outcome, plannedBundleSchema);
    return answer ? (answer as PlannedBundle) : "dropped";
  }

  /** The context `plugin` receives: only the services it declared in `needs`, a logger tagged with its name. */
  context(request: Pick<HookRequest, "llm" | "services" | "logger">, plugin: LlmFeaturePlugin): LlmHookContext {
    const services = Object.fromEntries(
      plugin.needs.map((name: ServiceName) => [name, request.services[name]]),
    ) as unknown as PluginServices;
    return { llm: request.llm, services, logger: request.logger.child({ plugin: plugin.name }) };
  }

  private run<T>(
    request: HookRequest,
    plugin: LlmFeaturePlugin,
    hook: DropStep,
    call: (context: LlmHookContext) => Promise<T>,
  ): Promise<BudgetOutcome<T>> {
    return callPlugin(plugin, hook, () => call(this.context(request, plugin)));
  }

  /** The hook's answer when it came in time and has the shape the host serves; else undefined, counted as dropped. */
  private checked<T>(
    request: Pick<HookRequest, "logger" | "drops">,
    plugin: LlmFeaturePlugin,
    hook: DropStep,
    outcome: BudgetOutcome<T>,
    schema: z.ZodType,
  ): T | undefined {
    if (outcome.status === "error" && outcome.error instanceof HookInputError) throw outcome.error;
    const valid = outcome.status === "ok" && schema.safeParse(outcome.value).success;
    if (outcome.status === "ok" && valid) return outcome.value;
    (request.drops ?? droppedContributions).record(request.logger, {
      plugin: plugin.name,
      step: hook,
      status: outcome.status === "ok" ? "invalid" : outcome.status,
      ms: outcome.ms,
      err: outcome.status === "error" ? outcome.error : undefined,
    });
    return undefined;
  }
}

/** The product's LLM features: every line of LLM_FEATURE_PLUGINS (what the served process and the evaluations run). */
export const SERVED_LLM_FEATURES = new LlmFeatureRegistry(LLM_FEATURE_PLUGINS);
