import { loadConfig } from "../../core/config";

/** The catalog's own settings (validated with the rest of the configuration in core/config.ts). */
export interface CatalogSettings {
  CATALOG_VERSION_POLL_SECONDS: number;
  CATALOG_SEARCH_WAIT_MS: number;
}

/** Reads the catalog settings; throws a ConfigError naming each bad variable. */
export function loadCatalogSettings(env: NodeJS.ProcessEnv = process.env): CatalogSettings {
  const config = loadConfig(env);
  return {
    CATALOG_VERSION_POLL_SECONDS: config.CATALOG_VERSION_POLL_SECONDS,
    CATALOG_SEARCH_WAIT_MS: config.CATALOG_SEARCH_WAIT_MS,
  };
}
