import { z } from "zod";

/**
 * Catalog-only settings read from the environment. They belong in core/config.ts; they live here until
 * the owner of that file adds them (same names, same defaults).
 */
const catalogSettingsSchema = z.object({
  /** How often the catalog process checks `catalog_meta` for a new catalog version, in seconds (0 = only at start). */
  CATALOG_VERSION_POLL_SECONDS: z.coerce.number().int().min(0).max(3600).default(5),
  /** How long `searchCatalog` waits for the first index build before answering UNAVAILABLE, in milliseconds. */
  CATALOG_SEARCH_WAIT_MS: z.coerce.number().int().min(0).max(120000).default(5000),
});

/** Validated catalog settings. */
export type CatalogSettings = z.infer<typeof catalogSettingsSchema>;

/** Parses the catalog settings; throws a readable error naming the bad variable. */
export function loadCatalogSettings(env: NodeJS.ProcessEnv = process.env): CatalogSettings {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = catalogSettingsSchema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  throw new Error(`Invalid catalog configuration: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
}
