import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { BlendedAttributes } from "../../plugins/sdk/blended-attributes";
import { HookInputError } from "../../plugins/sdk/hook-input.error";
import type { QueryInterpretations } from "../../plugins/sdk/llm-hooks";
import { RRF_K } from "../../plugins/sdk/rank-fusion";
import { MAX_SEARCHED_INTERPRETATIONS, type SearchInterpretation } from "../../plugins/sdk/search-interpretation";
import type { ScoredId, TextSearchService } from "../../plugins/sdk/services";
import { BadUserInputError } from "../shared/errors";
import { OwnedBy } from "../shared/authorization";
import { assertId } from "../shared/ids";
import type { PersonalizationContext } from "./context";
import { runPipeline } from "./pipeline/run-pipeline";
import { Interpretation, LlmSource, QueryRewrite } from "./query-rewrite.type";
import { HybridTextSearch } from "./search/hybrid-text-search";
import { relevanceReason, RelevantTextSearch } from "./search/search-relevance";
import { Search } from "./search.type";

/** Longest query text. */
export const MAX_QUERY = 200;
/** Lexical hits re-ranked per search. */
export const SEARCH_DEPTH = 100;
/**
 * How far personalization may move a result: its score is relevance × (1 − share + share × personal score), so a
 * shopper's signals reorder results of close relevance and never lift what does not match above what does.
 * An anonymous shopper brings no personal signal (popularity, price and health only break near-ties).
 */
export const PERSONAL_SHARE = { known: 0.3, anonymous: 0.1 } as const;
/** Diversity caps are off in search: a search for milk shows milk, a search for a brand shows that brand. */
const SEARCH_TARGETING = { minItems: 1, window: 20, maxPerBrand: 20, maxPerCategory: 20 } as const;

/** Personalized search. */
@Resolver()
export class SearchResolver {
  @OwnedBy("userId")
  @Query(() => Search, {
    description: `Search: the query is rewritten into interpretations for this shopper (LLM, cache or offline provider); the query and its top ${MAX_SEARCHED_INTERPRETATIONS} interpretations are matched lexically (top ${SEARCH_DEPTH}, BM25), filtered and boosted by the interpretations' category, brand and dietary constraints, fused by reciprocal rank; when learned retrieval is served, fused again (reciprocal rank, k = ${RRF_K}) with the semantic matches of the query (text-encoder embedding against the item text index) — hybrid search. Each candidate's text relevance is judged from its words (the query's, or an interpretation's), and what does not match is dropped; personalization then reorders what is relevant (at most ${PERSONAL_SHARE.known * 100}% of a result's score, ${PERSONAL_SHARE.anonymous * 100}% for an anonymous shopper) with the store and preference rules applied. Age-restricted items are shown, marked \`ageRestricted\` ("ID required"); ordering them needs an age-verified shopper.`,
  })
  async search(
    @Ctx() context: PersonalizationContext,
    @Arg("query", { description: `What to look for, 1–${MAX_QUERY} characters.` }) query: string,
    @Arg("userId", () => ID, { nullable: true, description: "The shopper; omit for an anonymous visitor." })
    userId?: string | null,
    @Arg("storeId", () => ID, { nullable: true, description: "Only items available at this store." })
    storeId?: string | null,
  ): Promise<Search> {
    const text = query.trim();
    if (text.length === 0 || text.length > MAX_QUERY)
      throw new BadUserInputError(`query must be 1–${MAX_QUERY} characters (got ${text.length})`, "query");
    if (userId) assertId(userId, "userId");
    if (storeId) assertId(storeId, "storeId");

    // The interpretations need the blended shopper; they start when step 2 hands them over and run while step 3
    // searches the plain query (the query_rewrite plugin's `searchCandidates` awaits both). Both through the
    // registry's hooks: without a plugin that interprets queries, one literal interpretation and the plain lexical search.
    const services = context.pipeline.services;
    const hooks = { llm: context.llm, services, logger: context.logger, drops: context.pipeline.drops };
    let started: Promise<QueryInterpretations> | undefined;
    let blended!: (attributes: BlendedAttributes) => void;
    const attributesReady = new Promise<BlendedAttributes>((resolve) => (blended = resolve));
    const rewrite = (): Promise<QueryInterpretations> =>
      (started ??= attributesReady.then((attributes) => context.features.interpretQuery(hooks, text, attributes)));
    const interpretations = async (): Promise<SearchInterpretation[]> => (await rewrite()).interpretations;
    // The lexical hits of the shopper's own words, kept for the relevance judge's aisle prior and tie-break.
    let ownWords: ScoredId[] = [];
    const recorded = {
      search: async (q: string, limit: number) => {
        const hits = await services.textSearch.search(q, limit);
        if (q === text) ownWords = hits;
        return hits;
      },
    };
    const lexical: TextSearchService = {
      search: (q, limit) =>
        context.features.searchCandidates(hooks, { query: q, limit, interpretations, lexical: recorded }),
    };
    // Hybrid when learned retrieval is served: lexical, vector neighbours and Semantic-ID prefixes (it answers [] without a text index: search then stays lexical, as logged at load).
    const embeddings = services.embeddings;
    const cosines = new Map<string, number>();
    const semantic = async (q: string, limit: number) => {
      const hits = await embeddings!.queryCandidates(q, limit);
      for (const hit of hits) cosines.set(hit.productId, hit.score);
      return hits;
    };
    // The third source: the query's Semantic-ID prefixes (items of the code cells closest to the query).
    const prefix = embeddings?.prefixCandidates
      ? async (q: string, limit: number) => {
          const hits = await embeddings.prefixCandidates!(q, limit);
          for (const hit of hits)
            if (!cosines.has(hit.productId) && hit.score > 0) cosines.set(hit.productId, hit.score);
          return hits;
        }
      : undefined;
    const retrieval = embeddings
      ? new HybridTextSearch(
          lexical,
          semantic,
          (error) => context.logger.warn({ err: error }, "semantic search failed: lexical results only"),
          undefined,
          prefix,
        )
      : lexical;
    const categoryNames = async (ids: readonly string[]) => {
      const categories = await context.pipeline.loaders.category.loadMany(ids);
      return new Map(
        categories.flatMap((category) =>
          category && !(category instanceof Error) ? [[category._id, category.name] as const] : [],
        ),
      );
    };
    const relevant = new RelevantTextSearch(
      retrieval,
      services.catalog,
      interpretations,
      categoryNames,
      () => cosines,
      () => ownWords,
    );
    const textSearch = {
      search: async (q: string, limit: number) =>
        (await relevant.search(q, limit)).map((hit) => ({
          productId: hit.productId,
          score: hit.score,
          reason: relevanceReason(text, hit.relevance),
        })),
    };

    try {
      const { collections, attributes } = await runPipeline(
        { ...context.pipeline, services: { ...services, textSearch } },
        {
          userId: userId ?? null,
          surface: "SEARCH",
          storeId: storeId ?? null,
          categoryId: null,
          cart: [],
          query: text,
          weights: {},
          now: context.now(),
        },
        {
          first: 1,
          collections: (attributes) => {
            blended(attributes);
            const personalShare = attributes.coldStart ? PERSONAL_SHARE.anonymous : PERSONAL_SHARE.known;
            return [
              {
                id: "search",
                title: text,
                dimension: "",
                relevance: 1,
                params: { source: "text", query: text, limit: SEARCH_DEPTH, sourceWeight: 0, personalShare },
              },
            ];
          },
          targeting: SEARCH_TARGETING,
        },
      );
      blended(attributes);
      const result = await rewrite();
      const view = Object.assign(new QueryRewrite(), {
        source: result.source as LlmSource,
        interpretations: result.interpretations.map((interpretation) =>
          Interpretation.of(interpretation, result.categoryNames),
        ),
      });
      return Object.assign(new Search(), { query: text, rewrite: view, ranked: collections[0]?.items ?? [] });
    } catch (error) {
      if (error instanceof HookInputError) throw new BadUserInputError(error.message, error.argument);
      throw error;
    }
  }
}
