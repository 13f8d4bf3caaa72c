import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/**
 * The storefront build: `npm run build:web` writes web/dist/ (the browser's files, which the gateway
 * serves at `/`) and, with `--ssr`, web/dist-server/entry-server.cjs (the server renderer the gateway
 * loads to render home into the HTML; self-contained CommonJS, so the gateway needs none of web/'s
 * packages at run time, and outside web/dist so it is never served).
 * `npm run dev:web` serves it with hot reload and proxies `/graphql` to a running gateway.
 */
export default defineConfig(({ isSsrBuild }) => ({
  root: dirname(fileURLToPath(import.meta.url)),
  base: "/",
  build: isSsrBuild
    ? {
        outDir: "dist-server",
        emptyOutDir: true,
        sourcemap: true,
        target: "node20",
        rollupOptions: { output: { format: "cjs", entryFileNames: "[name].cjs" } },
      }
    : { outDir: "dist", emptyOutDir: true, sourcemap: true, target: "es2022" },
  // The server bundle carries its dependencies (React, Apollo Client, graphql) and React's production build.
  ssr: { noExternal: true, target: "node" },
  define: isSsrBuild ? { "process.env.NODE_ENV": JSON.stringify("production") } : {},
  server: {
    port: 5173,
    proxy: { "/graphql": "http://127.0.0.1:4000", "/storefront": "http://127.0.0.1:4000" },
  },
}));
