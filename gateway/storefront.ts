import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { signUserToken } from "../core/auth/tokens";
import type { Config } from "../core/config";
import { projectRoot } from "../core/paths";
import { SESSION_PATH } from "./session";

/** Where `npm run build:web` writes the storefront (`web/`), which the gateway serves at `/`. */
export const STOREFRONT_DIST = join(projectRoot, "web", "dist");

/**
 * Where `npm run build:web` writes the storefront's server renderer (`web/src/entry-server.tsx` as one
 * CommonJS file), outside STOREFRONT_DIST so it is never served.
 */
export const STOREFRONT_SERVER_ENTRY = join(projectRoot, "web", "dist-server", "entry-server.cjs");

/** The id of the JSON data block holding the server's Apollo cache (web/src/routes.ts reads the same id). */
export const STATE_ELEMENT_ID = "storefront-state";

/** The id of the JSON data block naming the signed-in shopper the page starts as (web/src/routes.ts reads the same id). */
export const SESSION_ELEMENT_ID = "storefront-session";

/** One GraphQL operation the server-rendered page asks for, as the browser would send it. */
export interface PageOperation {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
}

/** A GraphQL response as the gateway formats it. */
export interface PageOperationResult {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
}

/** The server's first render of home: markup for `#root` and the Apollo cache state that hydrates it. */
export interface RenderedPage {
  html: string;
  state: unknown;
  /** True when the renderer reused an earlier render (every query answered exactly as then). */
  memoized?: boolean;
}

/**
 * web/src/entry-server.tsx's `renderHome`: renders the storefront's tree for `options.userId` (null:
 * anonymous), running its queries through `execute`.
 */
export type ServerRenderer = (
  execute: (operation: PageOperation) => Promise<PageOperationResult>,
  signal?: AbortSignal,
  options?: { userId?: string | null },
) => Promise<RenderedPage | null>;

/**
 * Loads the storefront's server renderer from its build, or null without one (an older build, or
 * none): the gateway then serves the page unrendered, as before server rendering.
 */
export function loadServerRenderer(entry = STOREFRONT_SERVER_ENTRY): ServerRenderer | null {
  if (!existsSync(entry)) return null;
  const loaded = require(entry) as { renderHome?: ServerRenderer };
  return typeof loaded.renderHome === "function" ? loaded.renderHome : null;
}

/**
 * JSON safe inside an HTML `<script type="application/json">` element: `<`, `>` and `&` become
 * `\u003c`, `\u003e`, `\u0026` (so no text in the data, such as `</script>` or `<!--`, can close the
 * element or start markup) and U+2028/U+2029 are escaped too; `JSON.parse` reads it back unchanged.
 */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

const EMPTY_ROOT = '<div id="root"></div>';

/** The built index.html around its empty `#root` element, or null if it has none. */
export function splitAtRoot(template: string): { before: string; after: string } | null {
  const at = template.indexOf(EMPTY_ROOT);
  if (at < 0) return null;
  return { before: template.slice(0, at), after: template.slice(at + EMPTY_ROOT.length) };
}

/**
 * The `#root` element holding the rendered page, followed by the cache state in a JSON data block (a
 * data block is not script: the Content-Security-Policy's `script-src 'self'` stays as it is, and the
 * browser never executes it).
 */
export function renderedRoot(page: RenderedPage): string {
  return `<div id="root">${page.html}</div>${stateBlock(page.state)}`;
}

// The serialized state of a render, kept while the renderer keeps that render (it returns the same
// object for a page whose queries answered as before), so a repeated page is not serialized again.
const serializedStates = new WeakMap<object, string>();
function stateBlock(state: unknown): string {
  const key = typeof state === "object" && state !== null ? state : undefined;
  let block = key ? serializedStates.get(key) : undefined;
  if (block === undefined) {
    block = `<script type="application/json" id="${STATE_ELEMENT_ID}">${jsonForHtml(state)}</script>`;
    if (key) serializedStates.set(key, block);
  }
  return block;
}

/**
 * The data block naming the shopper the page was served for (from the session cookie), so the
 * browser starts as them, rendered or not; empty for the anonymous page. Holds the user id only,
 * never the token (the cookie is HttpOnly).
 */
export function sessionBlock(userId: string | null): string {
  return userId === null
    ? ""
    : `<script type="application/json" id="${SESSION_ELEMENT_ID}">${jsonForHtml({ userId })}</script>`;
}

/** The built index.html with the rendered page and its state in place of the empty root (unchanged without one). */
export function embedRenderedPage(template: string, page: RenderedPage): string {
  const parts = splitAtRoot(template);
  return parts ? parts.before + renderedRoot(page) + parts.after : template;
}

/**
 * Renders home for one page request, for `userId` (the session cookie's shopper; null: anonymous), or
 * null to serve the page unrendered (no renderer, the request was refused by authentication, rate
 * limits or admission control, a query failed, the deadline passed).
 */
export type PageRenderer = (
  request: IncomingMessage,
  signal: AbortSignal,
  userId: string | null,
) => Promise<RenderedPage | null>;

/**
 * The storefront's session (gateway/session.ts): who a page request's cookie names, and the session
 * endpoint. Without it the storefront has no sessions and every page is the anonymous one.
 */
export interface StorefrontSessions {
  /** The shopper the page request's session cookie names (null: none, or a request with its own Authorization header), and whether the cookie is invalid (to clear it). */
  pageShopper(request: IncomingMessage): Promise<{ userId: string | null; clear: boolean }>;
  /** `POST`/`DELETE /storefront/session`; false for other methods. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
  /** `Set-Cookie` value that removes the cookie. */
  cleared: string;
}

/** The demo shoppers the storefront's switcher offers (the first simulated shoppers of the demo seed). */
export const DEMO_SHOPPERS = ["u:sim:00001", "u:sim:00002", "u:sim:00003"] as const;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
};

/**
 * Everything the page loads comes from this origin (no CDN): scripts and styles from the build,
 * data from `/graphql`. Inline styles are allowed for React's `style` attributes only.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Handles a GET/HEAD outside the API; false when it does not (no build, or not a storefront path). */
export type StorefrontHandler = (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<boolean>;

/**
 * Serves the built storefront: its files, `index.html` for any other page path (client-side routes),
 * and, outside production and when tokens are signed here (no AUTH_JWKS_URL), `/storefront/demo-shoppers`
 * with a 24-hour token for each demo shopper (what `npm run token -- --user ID` prints). Without a
 * build (`web/dist/index.html` missing) it serves nothing, and `/` stays Apollo's landing page.
 * With `renderPage`, a GET of a page (`index.html`) carries home rendered on the server and the Apollo
 * cache that hydrates it; the server never sees the URL's hash (the app's route), so it renders home
 * for every page, and the browser discards the markup on another route. With `sessions`, it also
 * serves `/storefront/session` (POST sets the session cookie, DELETE clears it) and renders a page
 * for the shopper its session cookie names.
 */
export function storefrontHandler(
  config: Config,
  root = STOREFRONT_DIST,
  renderPage?: PageRenderer,
  sessions?: StorefrontSessions,
): StorefrontHandler {
  const demoTokens = config.NODE_ENV !== "production" && !config.AUTH_JWKS_URL;
  return async (request, response, url) => {
    if (url.pathname === SESSION_PATH && sessions && (await sessions.handle(request, response))) return true;
    if (request.method !== "GET" && request.method !== "HEAD") return false;
    if (url.pathname === "/storefront/demo-shoppers") {
      if (!demoTokens) return false;
      const shoppers = await Promise.all(
        DEMO_SHOPPERS.map(async (userId) => ({ userId, token: await signUserToken(config, { subject: userId }) })),
      );
      response.setHeader("content-type", "application/json; charset=utf-8");
      response.setHeader("cache-control", "no-store");
      response.end(JSON.stringify({ shoppers }));
      return true;
    }
    const index = join(root, "index.html");
    if (!existsSync(index)) return false;
    const wanted = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!wanted.startsWith(root + sep) && wanted !== root) return false;
    const isFile = existsSync(wanted) && statSync(wanted).isFile();
    // A path with an extension that is not in the build is a 404; any other path is a page of the app.
    if (!isFile && extname(url.pathname) !== "") return false;
    const file = isFile ? wanted : index;
    response.statusCode = 200;
    response.setHeader("content-type", TYPES[extname(file)] ?? "application/octet-stream");
    response.setHeader("x-content-type-options", "nosniff");
    // Built assets have content hashes in their names; the HTML names the current ones.
    response.setHeader(
      "cache-control",
      file.includes(`${sep}assets${sep}`) ? "public, max-age=31536000, immutable" : "no-cache",
    );
    let userId: string | null = null;
    if (file === index) {
      response.setHeader("content-security-policy", CONTENT_SECURITY_POLICY);
      if (sessions) {
        // The page differs by session: never stored by a shared cache, and a signed-in page not at all.
        response.setHeader("vary", "Cookie, Authorization");
        const shopper = await sessions.pageShopper(request);
        userId = shopper.userId;
        if (shopper.clear) response.setHeader("set-cookie", sessions.cleared);
        if (userId !== null) response.setHeader("cache-control", "private, no-store");
      }
    }
    if (request.method === "HEAD") {
      response.end();
      return true;
    }
    if (file === index && renderPage) {
      const template = readFileSync(index, "utf8");
      const parts = splitAtRoot(template);
      if (!parts) {
        response.end(template);
        return true;
      }
      // The head goes out at once, so the browser fetches the script and styles while home renders.
      response.write(parts.before);
      const gone = new AbortController();
      response.once("close", () => gone.abort());
      const rendered = await renderPage(request, gone.signal, userId);
      response.end((rendered ? renderedRoot(rendered) : EMPTY_ROOT) + sessionBlock(userId) + parts.after);
      return true;
    }
    await new Promise<void>((resolve, reject) => {
      createReadStream(file).on("error", reject).on("end", resolve).pipe(response);
    });
    return true;
  };
}
