/**
 * A search configuration under evaluation (lexical, rewrite on, later hybrid/semantic and personalized):
 * given a query, the catalog product ids it would show, best first. Implementations are built in-process
 * from the catalog documents; none may read the relevance labels.
 */
export interface SearchSystem {
  /** Short name shown in the report, e.g. `lexical`. */
  readonly name: string;
  /** One sentence on what it runs, for the report. */
  readonly description: string;
  /** Up to `k` product ids for `query`, best first; `userId` is the shopper searching (systems that do not personalize ignore it). */
  search(query: string, k: number, userId?: string | null): Promise<string[]>;
}
