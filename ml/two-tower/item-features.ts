import type { ProductDocument } from "../../core/documents/product.document";

/** Content tokens of a product for the item tower: vertical, every category on its path, brand, price bucket, tags, cuisines, restaurant. */
export function productFeatureTokens(
  product: Pick<ProductDocument, "vertical" | "categoryPath" | "brand" | "price" | "tags" | "cuisines" | "merchantId">,
): string[] {
  const tokens = [`v:${product.vertical}`];
  product.categoryPath.forEach((id, depth) => tokens.push(`c${depth}:${id}`));
  if (product.brand) tokens.push(`b:${product.brand.toLowerCase()}`);
  tokens.push(`p:${product.vertical}:${priceBucket(product.price)}`);
  for (const tag of product.tags) tokens.push(`t:${tag}`);
  for (const cuisine of product.cuisines ?? []) tokens.push(`cu:${cuisine}`);
  if (product.merchantId) tokens.push(`m:${product.merchantId}`);
  return tokens;
}

/** Half-octave price bucket: 0 for free, then ⌊2·log2(1 + price)⌋. */
export function priceBucket(price: number): number {
  return Number.isFinite(price) && price > 0 ? Math.floor(2 * Math.log2(1 + price)) : 0;
}

/** A token vocabulary: known tokens map to indices, unknown ones are skipped (new brands, categories). */
export class FeatureVocabulary {
  private readonly index: Map<string, number>;

  constructor(readonly tokens: readonly string[]) {
    this.index = new Map(tokens.map((token, i) => [token, i]));
  }

  /** Builds the vocabulary of every token used by `products`, in first-seen order. */
  static fromProducts(products: Iterable<Parameters<typeof productFeatureTokens>[0]>): FeatureVocabulary {
    const seen = new Set<string>();
    for (const product of products) for (const token of productFeatureTokens(product)) seen.add(token);
    return new FeatureVocabulary([...seen]);
  }

  /** Indices of the known tokens of `product`. */
  encode(product: Parameters<typeof productFeatureTokens>[0]): Int32Array {
    const out: number[] = [];
    for (const token of productFeatureTokens(product)) {
      const i = this.index.get(token);
      if (i !== undefined) out.push(i);
    }
    return Int32Array.from(out);
  }

  get size(): number {
    return this.tokens.length;
  }
}
