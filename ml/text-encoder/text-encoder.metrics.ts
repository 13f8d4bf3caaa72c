import type { ProductDocument } from "../../core/documents/product.document";
import { dot } from "../embeddings/vector-math";
import { productTitle, type CategoryNames } from "./catalog-text";
import type { TextEncoder } from "./text-encoder.model";

/** Quality of an encoder on held-out products. */
export interface TextEncoderMetrics {
  products: number;
  /** Share of products whose title's nearest leaf-category name is their own leaf category. */
  leafAccuracy: number;
  /** Share whose own leaf category is among the 5 nearest leaf-category names. */
  leafRecallAt5: number;
}

/** Scores `encoder` on `products`: does a product title land nearest its own leaf category's name? */
export function evaluateTextEncoder(
  encoder: TextEncoder,
  products: readonly ProductDocument[],
  categories: CategoryNames,
): TextEncoderMetrics {
  const leafIds = [...new Set(products.map((product) => product.categoryId))].filter((id) => categories.has(id));
  const leafVectors = leafIds.map((id) => encoder.encode(categories.get(id)!));
  let top1 = 0;
  let top5 = 0;
  const d = encoder.shape.dims;
  for (const product of products) {
    const vector = encoder.encode(productTitle(product));
    const scored = leafIds
      .map((id, i) => ({ id, score: dot(vector, 0, leafVectors[i]!, 0, d) }))
      .sort((a, b) => b.score - a.score);
    if (scored[0]?.id === product.categoryId) top1 += 1;
    if (scored.slice(0, 5).some((entry) => entry.id === product.categoryId)) top5 += 1;
  }
  const n = Math.max(products.length, 1);
  return { products: products.length, leafAccuracy: top1 / n, leafRecallAt5: top5 / n };
}
