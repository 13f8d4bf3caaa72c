import type { CandidateFinder } from "../../../core/llm/catalog-context.loader";
import type { TextSearchService } from "../../../plugins/sdk/services";
import type { PersonalizationReadModels } from "../read-models/read-models";
import { READ_MODEL_WAIT_MS } from "../read-models/read-models";

/**
 * RAG candidates of a query from the catalog's search index (BM25), hydrated from the catalog read model:
 * milliseconds, where the loader's regex scan of `products` took 7.7 s a query at the large seed. Null
 * (the loader scans instead) while the read model is not loaded or the catalog search does not answer.
 */
export function searchIndexCandidates(
  textSearch: TextSearchService,
  models: PersonalizationReadModels,
): CandidateFinder {
  return async (query, limit) => {
    const model = await models.catalog.get(READ_MODEL_WAIT_MS);
    if (!model) return null;
    let hits;
    try {
      hits = await textSearch.search(query, limit);
    } catch {
      return null;
    }
    return hits.flatMap((hit) => {
      const product = model.product(hit.productId);
      return product ? [product] : [];
    });
  };
}
