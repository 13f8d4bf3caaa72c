import type { CatalogContextLoader } from "../../core/llm/catalog-context.loader";
import type { LlmGateway } from "../../core/llm/llm-gateway";

/**
 * What LLM feature hooks use on the request path: the process's gateway and the catalog context a
 * prompt is narrowed from (the category tree and the items a query's words match).
 */
export interface LlmServices {
  gateway: LlmGateway;
  catalogContext: Pick<CatalogContextLoader, "categories" | "candidates">;
}
