/**
 * The page path from the URL's hash (`#/search?q=ragu`), so the gateway serves one HTML file for every
 * page. The server never sees the hash: it renders `/` (home), which the browser hydrates only when its
 * hash names home too.
 */
export function currentPath(): string {
  if (typeof window === "undefined") return "/";
  return window.location.hash.replace(/^#/, "") || "/";
}

/** Whether `path` is the home page (the page the server renders). */
export function isHomePath(path: string): boolean {
  return path.split("?")[0] === "/";
}

/** The id of the `<script type="application/json">` element holding the server's Apollo cache state. */
export const STATE_ELEMENT_ID = "storefront-state";

/** The id of the `<script type="application/json">` element naming the signed-in shopper the page was served for. */
export const SESSION_ELEMENT_ID = "storefront-session";
