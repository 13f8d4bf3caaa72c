import type { CategoryDocument } from "../../../core/documents/category.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import type { ScoredId } from "../../../plugins/sdk/services";
import { scoreRows, topKIndices } from "../../../ml/embeddings/vector-math";
import { productText } from "../../../ml/text-encoder/catalog-text";
import type { TextEncoder } from "../../../ml/text-encoder/text-encoder.model";

/**
 * The semantic side of hybrid search in process: every product's text-encoder vector (the `items-text` index's
 * content, as `npm run jobs -- index` writes it) and exact cosine top-k for a query (what the exact VectorStore
 * answers; HNSW matches it at recall@10 ≥ 0.99, see bench/ann).
 */
export class SemanticIndex {
  private readonly matrix: Float32Array;
  private readonly ids: string[];
  private readonly scores: Float32Array;

  constructor(
    private readonly encoder: TextEncoder,
    products: readonly ProductDocument[],
    categories: readonly CategoryDocument[],
  ) {
    const names = new Map(categories.map((category) => [category._id, category.name]));
    const d = encoder.shape.dims;
    this.ids = products.map((product) => product._id);
    this.matrix = new Float32Array(products.length * d);
    products.forEach((product, i) => this.matrix.set(encoder.encode(productText(product, names)), i * d));
    this.scores = new Float32Array(products.length);
  }

  /** Top `k` products by cosine with the query's vector; [] for a query the encoder cannot place (no known feature). */
  search(query: string, k: number): ScoredId[] {
    const vector = this.encoder.encode(query);
    if (!vector.some((value) => value !== 0)) return [];
    scoreRows(this.matrix, this.encoder.shape.dims, vector, this.scores);
    return topKIndices(this.scores, k).map((i) => ({ productId: this.ids[i]!, score: this.scores[i]! }));
  }
}
