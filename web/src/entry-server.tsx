import { ApolloClient, ApolloLink, InMemoryCache, type NormalizedCacheObject } from "@apollo/client";
import { prerenderStatic } from "@apollo/client/react/ssr";
import { print, valueFromASTUntyped, type DocumentNode } from "graphql";
import { renderToString } from "react-dom/server";
import { Observable } from "rxjs";
import { DimensionsDocument, HomeDocument } from "./gql/graphql";
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
  /** True when this is an earlier render reused because every query answered exactly as then (the same `html` and `state` objects). */
  memoized?: boolean;
}

/** Options of {@link renderHome}. */
export interface RenderOptions {
  /**
   * The signed-in shopper the page is rendered for (the subject of the token that `execute` runs
   * under), or null/absent for the anonymous home. The browser must start with the same shopper
   * (main.tsx reads it from the page) or hydration would not match.
   */
  userId?: string | null;
}

/** The queries home's tree asks for on first render, with the variables it asks them with (Home.tsx, WeightSliders.tsx). */
function homeOperations(userId: string | null): Array<{ document: DocumentNode; variables: Record<string, unknown> }> {
  return [
    { document: HomeDocument, variables: withDefaults(HomeDocument, { userId, weights: null }) },
    { document: DimensionsDocument, variables: withDefaults(DimensionsDocument, {}) },
  ];
}

/** `variables` with the operation's declared defaults filled in, as Apollo Client sends them. */
function withDefaults(document: DocumentNode, variables: Record<string, unknown>): Record<string, unknown> {
  const filled: Record<string, unknown> = {};
  for (const definition of document.definitions)
    if (definition.kind === "OperationDefinition")
      for (const variable of definition.variableDefinitions ?? [])
        if (variable.defaultValue) filled[variable.variable.name.value] = valueFromASTUntyped(variable.defaultValue);
  return { ...filled, ...variables };
}

/** JSON with object keys sorted, so two equal variable sets compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

// The documents as Apollo Client sends them (its cache adds `__typename`), printed once.
const TRANSFORM = new InMemoryCache();
const printed = new WeakMap<DocumentNode, string>();
function printOnce(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

/**
 * Finished renders by their inputs: the shopper and the exact answers of every query the tree ran.
 * The render is a pure function of those (the same tree, no clock, no randomness), so a page whose
 * queries answer exactly as before gets the markup and cache made then, without writing the answers
 * into a cache and rendering again; any change in any answer (a new catalog version, new statistics,
 * another collection) is another key. Bounded, oldest dropped first.
 */
const MEMO_ENTRIES = 32;
const memo = new Map<string, RenderedPage>();

/**
 * Renders the storefront's home page on the server, as the browser's first render would show it: the
 * tree of main.tsx, with every query the tree asks for run through `execute` (the gateway's own
 * executor, under the page request's principal, limits and deadline) until no query is pending.
 * Home's own queries (HOME and the sliders' Dimensions) are sent at once, before rendering, so the
 * render waits for one round of queries rather than discovering them in a first pass; when their
 * answers equal those of an earlier render for the same shopper, that render is returned as it was.
 * Returns null when a query failed or `signal` aborted: the page is then served unrendered and the
 * browser queries (and shows loading, errors and retries) as without server rendering, so the server
 * never hydrates an error state the browser would not reproduce.
 */
export async function renderHome(
  execute: (operation: StorefrontOperation) => Promise<StorefrontResult>,
  signal?: AbortSignal,
  options: RenderOptions = {},
): Promise<RenderedPage | null> {
  const userId = options.userId ?? null;
  const prefetched = homeOperations(userId).map(({ document, variables }) => {
    const query = printOnce(TRANSFORM.transformDocument(document));
    const operationName = operationNameOf(document);
    return { query, operationName, variables, result: execute({ query, operationName, variables }) };
  });
  const results = await Promise.all(prefetched.map((operation) => operation.result));
  if (results.some((result) => result.errors?.length) || signal?.aborted) return null;
  const key = JSON.stringify([
    userId,
    prefetched.map((operation, i) => [operation.query, operation.variables, results[i]]),
  ]);
  const known = memo.get(key);
  if (known) {
    memo.delete(key);
    memo.set(key, known);
    return { ...known, memoized: true };
  }

  let failed = false;
  // Set when the tree asked for something beyond home's own queries: the key would not cover it.
  let other = false;
  const link = new ApolloLink(
    (operation) =>
      new Observable<ApolloLink.Result>((observer) => {
        const query = printOnce(operation.query);
        const variables = operation.variables;
        const index = prefetched.findIndex(
          (candidate) =>
            candidate.query === query &&
            candidate.operationName === operation.operationName &&
            canonical(candidate.variables) === canonical(variables),
        );
        if (index < 0) other = true;
        const pending =
          index >= 0
            ? Promise.resolve(results[index]!)
            : execute({ query, operationName: operation.operationName, variables });
        pending
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
      tree: <Storefront client={client} userId={userId} />,
      renderFunction: renderToString,
      signal,
      maxRerenders: 5,
    });
    if (failed || rendered.aborted) return null;
    const page = { html: rendered.result, state: client.extract() as NormalizedCacheObject };
    if (!other) {
      memo.set(key, page);
      if (memo.size > MEMO_ENTRIES) memo.delete(memo.keys().next().value!);
    }
    return page;
  } finally {
    client.stop();
  }
}

function operationNameOf(document: DocumentNode): string | undefined {
  for (const definition of document.definitions)
    if (definition.kind === "OperationDefinition" && definition.name) return definition.name.value;
  return undefined;
}
