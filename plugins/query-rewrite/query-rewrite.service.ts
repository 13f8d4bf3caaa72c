import {
  narrowContext,
  promptTokenReport,
  type ContextCategory,
  type ContextItem,
  type PromptTokenReport,
} from "../../core/llm/context-narrowing";
import type { FallbackReason, LlmSource } from "../../core/llm/llm-feature";
import type { LlmGateway } from "../../core/llm/llm-gateway";
import { queryRewriteFeature } from "./query-rewrite.feature";
import type { Interpretation } from "./query-rewrite.schema";
import { ANONYMOUS_SHOPPER, type RewriteShopper } from "./rewrite-shopper";

/** Longest query accepted, in characters. */
export const REWRITE_QUERY_MAX_LENGTH = 200;

/** A query the rewrite refuses (empty or too long); resolvers map it to BAD_USER_INPUT. */
export class RewriteInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RewriteInputError";
  }
}

/** What to rewrite: the query, the shopper summary and the catalog to narrow. */
export interface RewriteQueryRequest {
  query: string;
  shopper?: RewriteShopper;
  /** The category tree (or the candidate categories). */
  categories: ContextCategory[];
  /** Candidate items matching the query (e.g. from CatalogContextLoader.candidates). */
  candidates: ContextItem[];
  /** Stable catalog overview for the cached system block. */
  overview?: string;
}

/** Interpretations of a query and where they came from. */
export interface QueryRewrite {
  source: LlmSource;
  interpretations: Interpretation[];
  fallbackReason?: FallbackReason;
  /** Model references dropped by grounding. */
  dropped: number;
  /** Prompt size of the narrowed context against the whole tree. */
  promptTokens: PromptTokenReport;
}

/** Rewrites `request.query` into ranked interpretations through the gateway (LLM, cache or offline). */
export async function rewriteQuery(gateway: LlmGateway, request: RewriteQueryRequest): Promise<QueryRewrite> {
  const query = request.query.trim();
  if (query.length === 0) throw new RewriteInputError("query must not be empty");
  if (query.length > REWRITE_QUERY_MAX_LENGTH)
    throw new RewriteInputError(`query must be at most ${REWRITE_QUERY_MAX_LENGTH} characters (got ${query.length})`);
  const context = narrowContext(query, request.categories, request.candidates);
  const result = await gateway.run(queryRewriteFeature, {
    query,
    shopper: request.shopper ?? ANONYMOUS_SHOPPER,
    context,
    overview: request.overview,
  });
  return {
    source: result.source,
    interpretations: result.output.interpretations,
    fallbackReason: result.fallbackReason,
    dropped: result.dropped,
    promptTokens: promptTokenReport(context, request.categories, request.candidates),
  };
}
