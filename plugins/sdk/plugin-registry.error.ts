/** Codes of {@link PluginRegistryError}. */
export type PluginRegistryErrorCode = "DUPLICATE_NAME" | "MISSING_SERVICE" | "INVALID_OPTIONS";

/** The plugin registry or the surface configuration is invalid; thrown at boot, never at request time. */
export class PluginRegistryError extends Error {
  constructor(
    readonly code: PluginRegistryErrorCode,
    message: string,
    /**
     * The plugin at fault and, for MISSING_SERVICE, the service it needs; `provider` names the provided
     * service at fault (a duplicate, a shadowed built-in, or one whose own needs are missing).
     */
    readonly details: { plugin?: string; service?: string; surface?: string; provider?: string } = {},
  ) {
    super(`${message} [${code}]`);
    this.name = "PluginRegistryError";
  }
}
