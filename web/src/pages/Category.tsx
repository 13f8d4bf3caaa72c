import { useQuery } from "@apollo/client/react";
import { useState } from "react";
import { ItemCard } from "../components/ItemCard";
import { QueryState } from "../components/QueryState";
import { CategoriesDocument, CategoryPageDocument } from "../gql/graphql";
import { useSession } from "../session";

const PAGE = 12;

/** Categories to browse, and a category's products ranked for the shopper, a page at a time (cursor paging). */
export function Category({ categoryId, go }: { categoryId: string | null; go: (path: string) => void }) {
  const { shopper } = useSession();
  const tree = useQuery(CategoriesDocument);
  // The cursors of the pages before this one: Next pushes `endCursor`, Previous pops it.
  const [cursors, setCursors] = useState<string[]>([]);
  const [shownFor, setShownFor] = useState(categoryId);
  if (shownFor !== categoryId) {
    setShownFor(categoryId);
    setCursors([]);
  }
  const after = cursors[cursors.length - 1] ?? null;
  const page = useQuery(CategoryPageDocument, {
    variables: { categoryId: categoryId ?? "", userId: shopper.userId, first: PAGE, after },
    skip: !categoryId,
  });
  const connection = page.data?.categoryPage;
  const pageNumber = cursors.length + 1;
  return (
    <>
      <h1>{page.data?.category?.name ?? "Categories"}</h1>
      <QueryState loading={tree.loading} error={tree.error} retry={() => void tree.refetch()} label="categories">
        <nav aria-label="Categories" className="categories">
          {(tree.data?.categories ?? []).map((root) => (
            <details
              key={root.id}
              open={page.data?.category?.ancestors.some((ancestor) => ancestor.id === root.id) ?? false}
            >
              <summary>{root.name}</summary>
              <ul>
                {root.children.map((child) => (
                  <li key={child.id}>
                    <a
                      href={`#/category/${encodeURIComponent(child.id)}`}
                      aria-current={child.id === categoryId ? "page" : undefined}
                      onClick={(event) => (event.preventDefault(), go(`/category/${encodeURIComponent(child.id)}`))}
                    >
                      {child.name}
                    </a>
                  </li>
                ))}
              </ul>
            </details>
          ))}
        </nav>
      </QueryState>
      {categoryId && (
        <QueryState
          loading={page.loading && !page.data}
          error={page.error}
          retry={() => void page.refetch()}
          label="this category"
        >
          {connection && (
            <>
              <p className="count" aria-live="polite">
                Page {pageNumber} of {Math.max(1, Math.ceil(connection.totalCount / PAGE))} · {connection.totalCount}{" "}
                products
              </p>
              <div className="items">
                {connection.edges.map((edge) => (
                  <ItemCard key={edge.node.product.id} item={edge.node} />
                ))}
              </div>
              <div className="pager">
                <button
                  type="button"
                  disabled={cursors.length === 0}
                  onClick={() => setCursors((current) => current.slice(0, -1))}
                >
                  Previous page
                </button>
                <button
                  type="button"
                  disabled={!connection.pageInfo.hasNextPage}
                  onClick={() => setCursors((current) => [...current, connection.pageInfo.endCursor!])}
                >
                  Next page
                </button>
              </div>
            </>
          )}
        </QueryState>
      )}
    </>
  );
}
