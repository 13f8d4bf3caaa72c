import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/**
 * The storefront build: `npm run build:web` writes web/dist/, which the gateway serves at `/`.
 * `npm run dev:web` serves it with hot reload and proxies `/graphql` to a running gateway.
 */
export default defineConfig({
  root: dirname(fileURLToPath(import.meta.url)),
  base: "/",
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, target: "es2022" },
  server: {
    port: 5173,
    proxy: { "/graphql": "http://127.0.0.1:4000", "/storefront": "http://127.0.0.1:4000" },
  },
});
