import type { ProductDocument } from "../../core/documents/product.document";
import {
  DEFAULT_RQ_OPTIONS,
  trainResidualQuantizer,
  type ResidualQuantizer,
  type ResidualQuantizerOptions,
} from "./residual-kmeans";
import type { SemanticIdEntry } from "./semantic-id.index";

/** Semantic IDs of a catalog plus the quantizer that made them (kept to map queries and new items). */
export interface SemanticIdAssignment {
  quantizer: ResidualQuantizer;
  entries: SemanticIdEntry[];
  /** Level-1 code of each top-level department (`categoryPath[1]`, or the vertical root when shallower). */
  departments: Record<string, number>;
  /** Items that share all codes with at least one other item (told apart by the suffix). */
  collisions: number;
}

/** The top-level department of a product: the second category on its path (vertical → department → …). */
export function departmentOf(product: Pick<ProductDocument, "categoryPath" | "categoryId">): string {
  return product.categoryPath[1] ?? product.categoryPath[0] ?? product.categoryId;
}

/**
 * Residual k-means over the items' content vectors (`vectors`: products.length × dims), level 1 aligned with
 * the department, then a suffix numbering the items that share all codes (by id order, so stable).
 */
export function assignSemanticIds(
  products: readonly Pick<ProductDocument, "_id" | "categoryPath" | "categoryId">[],
  vectors: Float32Array,
  dims: number,
  options: ResidualQuantizerOptions = DEFAULT_RQ_OPTIONS,
): SemanticIdAssignment {
  const departmentIds = [...new Set(products.map(departmentOf))].sort();
  const departmentIndex = new Map(departmentIds.map((id, i) => [id, i]));
  const groups = Int32Array.from(products, (product) => departmentIndex.get(departmentOf(product))!);
  const { quantizer, codes } = trainResidualQuantizer(vectors, dims, options, groups);
  const levels = options.levels;
  const order = products
    .map((product, i) => ({ id: product._id, i }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const used = new Map<string, number>();
  const entries: SemanticIdEntry[] = new Array(products.length);
  let collisions = 0;
  for (const { id, i } of order) {
    const tuple = Array.from(codes.subarray(i * levels, (i + 1) * levels));
    const key = tuple.join("-");
    const suffix = used.get(key) ?? 0;
    used.set(key, suffix + 1);
    if (suffix === 1) collisions += 2;
    else if (suffix > 1) collisions += 1;
    entries[i] = { itemId: id, id: { codes: tuple, suffix } };
  }
  const departments: Record<string, number> = {};
  for (let i = 0; i < products.length; i += 1) departments[departmentOf(products[i]!)] = codes[i * levels]!;
  return { quantizer, entries, departments, collisions };
}
