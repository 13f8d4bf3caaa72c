import type { ProductDocument } from "../../core/documents/product.document";
import { SeededRandom } from "../../core/random";
import type { TextPair } from "./text-pair.types";

/** Category names by id, to spell out a product's hierarchy. */
export type CategoryNames = ReadonlyMap<string, string>;

/** A product's title: name and brand (what a shopper would type). */
export function productTitle(product: Pick<ProductDocument, "name" | "brand">): string {
  return product.brand && !product.name.toLowerCase().includes(product.brand.toLowerCase())
    ? `${product.name} ${product.brand}`
    : product.name;
}

/** The full text embedded for a product: title, category names from the top down, tags, cuisines and description start. */
export function productText(
  product: Pick<ProductDocument, "name" | "brand" | "categoryPath" | "tags" | "description" | "cuisines">,
  categories: CategoryNames,
): string {
  const path = product.categoryPath.map((id) => categories.get(id)).filter((name): name is string => !!name);
  const parts = [productTitle(product), ...path, ...product.tags, ...(product.cuisines ?? [])];
  if (product.description) parts.push(product.description.slice(0, 120));
  return parts.join(" ");
}

/**
 * Query-like → product pairs from the catalog: each leaf/aisle/department name, "tag + leaf" and the brand
 * point at the product's title; and co-purchased titles point at each other (when `coPurchases` is given).
 */
export function catalogTextPairs(
  products: readonly ProductDocument[],
  categories: CategoryNames,
  coPurchases: ReadonlyArray<readonly [string, string]> = [],
  seed = 11,
): TextPair[] {
  const random = new SeededRandom(seed);
  const byId = new Map(products.map((product) => [product._id, product]));
  const pairs: TextPair[] = [];
  for (const product of products) {
    const title = productTitle(product);
    const path = product.categoryPath.map((id) => categories.get(id)).filter((name): name is string => !!name);
    const leaf = path[path.length - 1];
    for (const name of path.slice(1)) pairs.push({ anchor: name, positive: title, key: product._id });
    if (leaf && product.tags.length > 0)
      pairs.push({
        anchor: `${product.tags[Math.floor(random.next() * product.tags.length)]!} ${leaf}`,
        positive: title,
        key: product._id,
      });
    if (product.brand) pairs.push({ anchor: product.brand, positive: title, key: product._id });
    pairs.push({ anchor: title, positive: productText(product, categories), key: product._id });
  }
  for (const [a, b] of coPurchases) {
    const left = byId.get(a);
    const right = byId.get(b);
    if (left && right) pairs.push({ anchor: productTitle(left), positive: productTitle(right), key: right._id });
  }
  return pairs;
}
