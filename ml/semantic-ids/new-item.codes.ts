import type { ProductDocument } from "../../core/documents/product.document";
import { nearest, type ResidualQuantizer } from "./residual-kmeans";
import { departmentOf } from "./semantic-id.assigner";

/**
 * Semantic-ID codes of an item the quantizer never saw (added after `npm run jobs -- index`), from its content
 * embedding: level 1 is its department's code when the quantizer knows the department (as for trained items),
 * else the nearest level-1 centroid; each later level the nearest centroid of the residual.
 */
export function codesForNewItem(
  quantizer: ResidualQuantizer,
  departments: Readonly<Record<string, number>>,
  product: Pick<ProductDocument, "categoryPath" | "categoryId">,
  vector: Float32Array,
): number[] {
  const residual = Float32Array.from(vector);
  const codes: number[] = [];
  quantizer.codebooks.forEach((book, level) => {
    const known = level === 0 ? departments[departmentOf(product)] : undefined;
    const code =
      known !== undefined && known < quantizer.sizes[0]! ? known : nearest(book, quantizer.dims, residual, 0);
    codes.push(code);
    for (let j = 0; j < quantizer.dims; j += 1) residual[j]! -= book[code * quantizer.dims + j]!;
  });
  return codes;
}
