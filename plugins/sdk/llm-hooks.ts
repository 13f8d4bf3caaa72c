import type { Db } from "mongodb";
import type { SemanticIdLookup } from "../../core/llm/catalog-context.loader";
import type { BundlePlan } from "../../core/llm/features/bundle.feature";
import type { FallbackReason, LlmSource } from "../../core/llm/llm-feature";
import type { LlmGateway } from "../../core/llm/llm-gateway";
import type { Logger } from "../../core/logger";
import type { BlendedAttributes } from "./blended-attributes";
import type { LlmServices } from "./llm-services";
import type { SearchInterpretation } from "./search-interpretation";
import type { PluginServices, ScoredId, ServiceName, TextSearchService } from "./services";

export type { FallbackReason, LlmSource };

/**
 * Hook contracts of LLM feature plugins (plugins/sdk/define-llm-feature.ts). The host calls them through
 * its registry (subgraphs/personalization/llm-feature-hooks.ts on the request path, jobs/enrichment.ts in
 * the background), never a plugin module: every hook is optional, and when no registered plugin has
 * one, the host serves its default (stated on each hook). Request-path hooks run under the plugin's
 * `budgetMs`; a late, failing or malformed answer is dropped (logged and counted) and the default served.
 */

/** What a request-path LLM feature hook receives: the process's LLM services and the services it declared in `needs`. */
export interface LlmHookContext<TNeeds extends ServiceName = ServiceName> {
  llm: LlmServices;
  services: Pick<PluginServices, TNeeds>;
  /** Tagged with the plugin's name. */
  logger: Logger;
}

/** The query a search interprets, and for whom. */
export interface InterpretQueryRequest {
  /** Trimmed, 1–200 characters (the resolver checked). */
  query: string;
  /** The blended shopper of the search (verticals, brands, cuisines, dietary, price sensitivity). */
  attributes: BlendedAttributes;
}

/** Readings of a search query and where they came from. */
export interface QueryInterpretations {
  source: LlmSource;
  /** 1–5 readings, most likely first. */
  interpretations: SearchInterpretation[];
  /** Names of categories by id (those the readings' paths name), for the GraphQL view. */
  categoryNames: ReadonlyMap<string, string>;
}

/** One retrieval of search candidates. */
export interface SearchCandidatesRequest {
  /** The text searched (the shopper's query, or a reading's rewrite when the host asks). */
  query: string;
  limit: number;
  /** The readings of the shopper's query (resolves when the interpretation hook has answered). */
  interpretations: () => Promise<readonly SearchInterpretation[]>;
  /** The host's lexical search (BM25); the hook may call it for the query and for each reading. */
  lexical: TextSearchService;
}

/** An item with the reasons an explanation may rest on, strongest first. */
export interface ReasonedItem {
  reasons: { dimension: string; text: string }[];
}

/** A collection at presentation (pipeline step 5). */
export interface ExplainableCollection {
  title: string;
  subtitle?: string;
  items: readonly ReasonedItem[];
  /** How many leading items the explanation covers. */
  window: number;
}

/** A carousel as served: what presentation produced. */
export interface ExplainableCarousel {
  title: string;
  dimension: string | null;
  /** The template presentation chose (served whenever the model's answer is not used). */
  template: string;
  items: ReadonlyArray<ReasonedItem & { productId: string }>;
}

/** A carousel's explanations as served: the carousel's, each explained item's, and where they came from. */
export interface CarouselExplanations {
  /** LLM or CACHE when the model's (grounded) answer is used; OFFLINE for templates. */
  source: LlmSource;
  text: string;
  /** Explanation by product id (items past the explained window, or dropped by grounding, are absent). */
  items: Map<string, string>;
  fallbackReason?: FallbackReason;
  /** Model sentences dropped by grounding on this response. */
  dropped: number;
}

/** An intent to plan as a bundle (`Query.bundle`). */
export interface PlanBundleRequest {
  /** Trimmed, 1–200 characters (the resolver checked). */
  intent: string;
  /** The budget the shopper gave, else the one the intent states ("under $40"), else null. */
  budget: number | null;
}

/** A bundle's plan (its slots, each with the searches that fill it) and where it came from. */
export interface PlannedBundle {
  source: LlmSource;
  plan: BundlePlan;
}

/** What a background enrichment hook receives from its job. */
export interface EnrichmentContext {
  db: Db;
  /** The job's LLM gateway (model, cache or offline twin; the job flushes its usage). */
  gateway: LlmGateway;
  /** Product id → Semantic ID, for items referenced in prompts. */
  semanticIds?: SemanticIdLookup;
  /** One line for the operator (stderr). */
  log(line: string): void;
  /** Progress of the run: `done` of `total` units (e.g. "dishes"). */
  progress(unit: string, done: number, total: number): void;
}

/** The job's flags as the job parsed them (each plugin reads its own and ignores the others). */
export type EnrichmentOptions = Readonly<Record<string, number | boolean | undefined>>;

/** What one enrichment run did: a JSON summary for stdout and one line for the operator. */
export interface EnrichmentReport {
  summary: object;
  message: string;
}

/** The request-path and background hooks an LLM feature plugin may define (all optional). */
export interface LlmFeatureHooks<TNeeds extends ServiceName = ServiceName> {
  /**
   * Search: the readings of the shopper's query (category, brand, dietary, rewritten query).
   * Default: one literal reading ("Search: <query>", confidence 1, source OFFLINE).
   */
  interpretQuery?(context: LlmHookContext<TNeeds>, request: InterpretQueryRequest): Promise<QueryInterpretations>;
  /**
   * Search: lexical candidates for the query, guided by its readings (filters, boosts, fusion).
   * Default: the host's lexical search of the query alone.
   */
  searchCandidates?(context: LlmHookContext<TNeeds>, request: SearchCandidatesRequest): Promise<ScoredId[]>;
  /**
   * Presentation (step 5), synchronous, never a model call: the template explanation of a collection
   * over its items' reasons. Default: the collection's subtitle, else its title.
   */
  explainCollection?(collection: ExplainableCollection): string;
  /**
   * GraphQL `Carousel.explanation` and items' `explanation` (one call per carousel, when a client asks).
   * Default: the presentation template (source OFFLINE) and each item's leading reason.
   */
  explainCarousel?(context: LlmHookContext<TNeeds>, carousel: ExplainableCarousel): Promise<CarouselExplanations>;
  /**
   * Background enrichment run by a job through the registry (`npm run jobs -- llm-collections |
   * kg-augment | order-summaries`): generates and stores what the request-path hooks later read. No
   * time budget. Default: none (the job reports the feature is not registered).
   */
  enrich?(context: EnrichmentContext, options: EnrichmentOptions): Promise<EnrichmentReport>;
  /**
   * Bundles: the slots an intent needs (a gift's components, a recipe's ingredients, an occasion's
   * needs); the host fills each slot from the catalog for the shopper, within the budget.
   * Default: none; without a plugin that plans bundles, `Query.bundle` answers UNAVAILABLE.
   */
  planBundle?(context: LlmHookContext<TNeeds>, request: PlanBundleRequest): Promise<PlannedBundle>;
}

/** Names of the request-path hooks the host runs under a plugin's budget. */
export const REQUEST_HOOKS = [
  "interpretQuery",
  "searchCandidates",
  "explainCollection",
  "explainCarousel",
  "prospect",
  "retrieve",
  "planBundle",
] as const;
/** Every hook name `defineLlmFeature` checks. */
export const LLM_FEATURE_HOOKS = [...REQUEST_HOOKS, "enrich"] as const;

/** The whole-number option `name` of an enrichment run; undefined when the job did not set it. */
export function numberOption(options: EnrichmentOptions, name: string): number | undefined {
  const value = options[name];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
