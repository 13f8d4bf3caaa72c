import { basename, join, resolve } from "node:path";

/**
 * Whether this process runs the compiled build (`dist/…/*.js`, from `npm run build`) rather than the
 * TypeScript sources through `@swc-node/register`.
 */
export const compiled = __filename.endsWith(".js") && basename(resolve(__dirname, "..")) === "dist";

/** Absolute path of the repository root (the folder with package.json), in either mode. */
export const projectRoot = compiled ? resolve(__dirname, "..", "..") : resolve(__dirname, "..");

/** The folder holding runnable code: `dist/` when compiled, else the repository root. */
export const codeRoot = compiled ? resolve(__dirname, "..") : projectRoot;

/** The file extension of runnable modules in this mode (`.js` compiled, `.ts` from sources). */
export const moduleExtension = compiled ? ".js" : ".ts";

/**
 * The `node` arguments that run a source entry such as `subgraphs/catalog/index.ts` (relative to the
 * repository root) in this mode: the compiled file with no compiler, or the source with `@swc-node/register`.
 */
export function nodeEntryArgs(entry: string): string[] {
  return compiled
    ? [join(codeRoot, entry.replace(/\.ts$/, ".js"))]
    : ["-r", "@swc-node/register", join(projectRoot, entry)];
}
