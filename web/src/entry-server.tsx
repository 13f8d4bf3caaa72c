import { ApolloClient, ApolloLink, InMemoryCache, type NormalizedCacheObject } from "@apollo/client";
import { prerenderStatic } from "@apollo/client/react/ssr";
import { print } from "graphql";
import { renderToString } from "react-dom/server";
import { Observable } from "rxjs";
import { Storefront } from "./root";

/** One GraphQL operation as the page would send it to `/graphql`. */
export interface StorefrontOperation {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
}

/** A GraphQL response (`data` and `errors` as the gateway formats them). */
export interface StorefrontResult {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
}

/** The server's first render of home: the markup for `#root` and the Apollo cache that hydrates it. */
export interface RenderedPage {
  html: string;
  state: NormalizedCacheObject;
}

/**
 * Renders the storefront's home page on the server, as the browser's first render would show it: the
 * tree of main.tsx, with every query the tree asks for run through `execute` (the gateway's own
 * executor, under the page request's principal, limits and deadline) until no query is pending.
 * Returns null when a query failed or `signal` aborted: the page is then served unrendered and the
 * browser queries (and shows loading, errors and retries) as without server rendering, so the server
 * never hydrates an error state the browser would not reproduce.
 */
export async function renderHome(
  execute: (operation: StorefrontOperation) => Promise<StorefrontResult>,
  signal?: AbortSignal,
): Promise<RenderedPage | null> {
  let failed = false;
  const link = new ApolloLink(
    (operation) =>
      new Observable<ApolloLink.Result>((observer) => {
        execute({
          query: print(operation.query),
          operationName: operation.operationName,
          variables: operation.variables,
        })
          .then((result) => {
            if (result.errors?.length) failed = true;
            observer.next(result as ApolloLink.Result);
            observer.complete();
          })
          .catch((error: unknown) => {
            failed = true;
            observer.error(error);
          });
      }),
  );
  const client = new ApolloClient({ ssrMode: true, link, cache: new InMemoryCache() });
  try {
    const rendered = await prerenderStatic({
      tree: <Storefront client={client} />,
      renderFunction: renderToString,
      signal,
      maxRerenders: 5,
    });
    if (failed || rendered.aborted) return null;
    return { html: rendered.result, state: client.extract() as NormalizedCacheObject };
  } finally {
    client.stop();
  }
}
