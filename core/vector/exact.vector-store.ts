import type { DenseNamespace, LabelScore } from "./dense-namespace";
import { DenseVectorStore, type DenseStoreOptions } from "./dense.vector-store";

/**
 * Exact (brute-force) search over a Float32Array: the filter selects candidates first through the
 * inverted metadata index, then every candidate is scored. Recall 1 by construction; the reference the
 * ANN benchmark measures the others against.
 */
export class ExactVectorStore extends DenseVectorStore {
  readonly kind = "exact";

  private constructor(options: DenseStoreOptions) {
    super(options);
  }

  /** Creates the store and loads `options.directory` when it holds a saved one. */
  static async open(options: DenseStoreOptions): Promise<ExactVectorStore> {
    const store = new ExactVectorStore(options);
    await store.loadFromDirectory();
    return store;
  }

  protected search(
    _namespace: string,
    data: DenseNamespace,
    query: Float32Array,
    k: number,
    candidates: Set<number> | null,
  ): LabelScore[] {
    return data.exactSearch(query, k, candidates);
  }
}
