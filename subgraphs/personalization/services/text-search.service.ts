import type { ScoredId, TextSearchService } from "../../../plugins/sdk/services";
import { loadConfig } from "../../../core/config";
import { anonymousAssertions, GATEWAY_ASSERTION_HEADER, subgraphSecret } from "../../../core/auth/tokens";
import { DeadlineExceededError, UnavailableError } from "../../shared/errors";
import { currentDeadline, DEADLINE_HEADER } from "../../shared/deadline";
import { graphqlFetch } from "../../../core/http/graphql-fetch";

/** Executes a GraphQL operation against the catalog subgraph and returns its JSON result. */
export type CatalogExecutor = (
  query: string,
  variables: Record<string, unknown>,
  signal: AbortSignal,
) => Promise<{ data?: unknown; errors?: { message: string }[] }>;

/** An executor that POSTs to the catalog subgraph's URL, as an anonymous caller the catalog trusts (an assertion signed with SUBGRAPH_SECRET). */
export function httpCatalogExecutor(
  url: string,
  assertion: () => Promise<string> = anonymousAssertions(subgraphSecret(loadConfig(process.env))),
): CatalogExecutor {
  return async (query, variables, signal) => {
    const deadline = currentDeadline();
    const headers: Record<string, string> = {
      "content-type": "application/json",
      [GATEWAY_ASSERTION_HEADER]: await assertion(),
    };
    if (deadline) headers[DEADLINE_HEADER] = String(Math.max(1, Math.floor(deadline.remainingMs())));
    const response = await graphqlFetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
      signal,
    });
    if (!response.ok && response.status !== 400) throw new Error(`catalog answered HTTP ${response.status}`);
    return (await response.json()) as { data?: unknown; errors?: { message: string }[] };
  };
}

const SEARCH = `query PersonalizationTextSearch($text: String!, $first: Int!, $after: String) {
  searchCatalog(text: $text, first: $first, after: $after) { edges { score node { id } } pageInfo { hasNextPage endCursor } }
}`;

interface SearchPage {
  searchCatalog: {
    edges: { score: number | null; node: { id: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** Largest page `searchCatalog` serves. */
const CATALOG_PAGE = 50;

/**
 * Lexical retrieval through the catalog subgraph's `searchCatalog` (BM25), the one index of the product:
 * personalization does not build a second in-memory index of the whole catalog. Pages until `limit`,
 * all within `timeoutMs` (or the request's deadline, when sooner: then DEADLINE_EXCEEDED); a slow or
 * failing catalog is UNAVAILABLE.
 */
export class CatalogTextSearch implements TextSearchService {
  constructor(
    private readonly execute: CatalogExecutor,
    private readonly timeoutMs = 1500,
  ) {}

  async search(query: string, limit: number): Promise<ScoredId[]> {
    const deadline = currentDeadline();
    deadline?.check();
    const deadlineFirst = deadline !== undefined && deadline.remainingMs() < this.timeoutMs;
    const signal = AbortSignal.timeout(
      deadlineFirst ? Math.max(1, Math.floor(deadline.remainingMs())) : this.timeoutMs,
    );
    const hits: ScoredId[] = [];
    let after: string | null = null;
    try {
      while (hits.length < limit) {
        const result = await this.execute(
          SEARCH,
          { text: query, first: Math.min(CATALOG_PAGE, limit - hits.length), after },
          signal,
        );
        if (result.errors?.length || !result.data) throw new Error(result.errors?.[0]?.message ?? "no data");
        const page = (result.data as SearchPage).searchCatalog;
        for (const edge of page.edges) hits.push({ productId: edge.node.id, score: edge.score ?? 0 });
        if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
        after = page.pageInfo.endCursor;
      }
    } catch (error) {
      if (deadlineFirst && signal.aborted) throw new DeadlineExceededError(deadline.budgetMs);
      throw new UnavailableError(
        `Catalog search is unavailable (${signal.aborted ? `no answer within ${this.timeoutMs} ms` : error instanceof Error ? error.message : String(error)}); try again shortly`,
      );
    }
    return hits;
  }
}
