import { useQuery } from "@apollo/client/react";
import { useEffect, useState } from "react";
import { ItemCard } from "../components/ItemCard";
import { QueryState } from "../components/QueryState";
import { SearchDocument } from "../gql/graphql";
import { useSession } from "../session";

/** Search: a box, the rewrite's interpretations as chips (picking one searches its rewritten query), results with highlights and reasons. */
export function Search({ query, go }: { query: string; go: (path: string) => void }) {
  const { shopper } = useSession();
  const [text, setText] = useState(query);
  useEffect(() => setText(query), [query]);
  const [picked, setPicked] = useState<string | null>(null);
  const searched = picked ?? query;
  const result = useQuery(SearchDocument, {
    variables: { query: searched, userId: shopper.userId },
    skip: searched.trim() === "",
  });
  // Interpretations come from the shopper's own words, so they stay while one of them is picked.
  const original = useQuery(SearchDocument, {
    variables: { query, userId: shopper.userId },
    skip: query.trim() === "" || picked === null,
  });
  const interpretations = (picked ? original.data : result.data)?.search?.rewrite.interpretations ?? [];
  const highlights = new Map(
    (result.data?.searchCatalog.edges ?? []).map((edge) => [
      edge.node.id,
      edge.highlights.find((h) => h.field === "NAME")?.snippet ?? edge.highlights[0]?.snippet,
    ]),
  );
  const results = result.data?.search?.results;
  return (
    <>
      <h1>Search</h1>
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setPicked(null);
          go(`/search?q=${encodeURIComponent(text)}`);
        }}
      >
        <label>
          Search products{" "}
          <input type="search" name="q" value={text} onChange={(event) => setText(event.target.value)} />
        </label>
        <button type="submit">Search</button>
      </form>
      {interpretations.length > 0 && (
        <div className="chips" role="group" aria-label="Did you mean">
          {interpretations.map((interpretation) => {
            const active = picked === interpretation.rewrittenQuery;
            return (
              <button
                key={interpretation.label + interpretation.rewrittenQuery}
                type="button"
                className="chip"
                aria-pressed={active}
                onClick={() => setPicked(active ? null : interpretation.rewrittenQuery)}
              >
                {interpretation.label}
                {interpretation.categoryName && interpretation.categoryName !== interpretation.label
                  ? ` · ${interpretation.categoryName}`
                  : ""}
              </button>
            );
          })}
        </div>
      )}
      {searched.trim() !== "" && (
        <QueryState
          loading={result.loading && !result.data}
          error={result.error}
          retry={() => void result.refetch()}
          label="results"
        >
          {results && (
            <>
              <p className="count" aria-live="polite">
                {results.totalCount === 0
                  ? `No results for “${searched}”${interpretations.length ? ": try a suggestion above" : ""}`
                  : `${results.totalCount} results for “${searched}”`}
              </p>
              <div className="items">
                {results.edges.map((edge) => (
                  <ItemCard
                    key={edge.node.product.id}
                    item={edge.node}
                    highlight={highlights.get(edge.node.product.id)}
                  />
                ))}
              </div>
            </>
          )}
        </QueryState>
      )}
    </>
  );
}
