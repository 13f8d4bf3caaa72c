import type { CatalogContextLoader } from "../../core/llm/catalog-context.loader";
import type { LlmGateway } from "../../core/llm/llm-gateway";

/** What LLM feature plugins use on the hot path: the process's gateway and the catalog context loader. */
export interface LlmServices {
  gateway: LlmGateway;
  catalogContext: CatalogContextLoader;
}
