import { createReadStream, existsSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { signUserToken } from "../core/auth/tokens";
import type { Config } from "../core/config";
import { projectRoot } from "../core/paths";

/** Where `npm run build:web` writes the storefront (`web/`), which the gateway serves at `/`. */
export const STOREFRONT_DIST = join(projectRoot, "web", "dist");

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
 */
export function storefrontHandler(config: Config, root = STOREFRONT_DIST): StorefrontHandler {
  const demoTokens = config.NODE_ENV !== "production" && !config.AUTH_JWKS_URL;
  return async (request, response, url) => {
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
    if (file === index) response.setHeader("content-security-policy", CONTENT_SECURITY_POLICY);
    if (request.method === "HEAD") {
      response.end();
      return true;
    }
    await new Promise<void>((resolve, reject) => {
      createReadStream(file).on("error", reject).on("end", resolve).pipe(response);
    });
    return true;
  };
}
