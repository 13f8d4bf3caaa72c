import type { ProductDocument } from "../../core/documents/product.document";
import type { MetadataSchema, VectorMetadata } from "../../core/vector/vector-store";

/** VectorStore name of the two-tower item embeddings (retrieval for users). */
export const TWO_TOWER_INDEX = "items-two-tower";
/** VectorStore name of the text-encoder item embeddings (free-text queries). */
export const TEXT_INDEX = "items-text";

/** Filterable metadata of indexed items: vertical, every category on the path, brand, price, Semantic-ID prefixes. */
export const ITEM_METADATA_SCHEMA: MetadataSchema = {
  vertical: "string",
  categories: "string[]",
  brand: "string",
  price: "number",
  merchantId: "string",
  semanticId: "string",
  sidPrefixes: "string[]",
};

/** `["12", "12-201", "12-201-7"]`: each code prefix of a Semantic ID, for prefix filters. */
export function semanticIdPrefixes(codes: readonly number[]): string[] {
  return codes.map((_, i) => codes.slice(0, i + 1).join("-"));
}

/** Metadata of one product for the item indexes. */
export function itemMetadata(
  product: ProductDocument,
  semanticId: { sid: string; codes: number[] } | null,
): VectorMetadata {
  const metadata: VectorMetadata = {
    vertical: product.vertical,
    categories: product.categoryPath,
    price: product.price,
  };
  if (product.brand) metadata.brand = product.brand;
  if (product.merchantId) metadata.merchantId = product.merchantId;
  if (semanticId) {
    metadata.semanticId = semanticId.sid;
    metadata.sidPrefixes = semanticIdPrefixes(semanticId.codes);
  }
  return metadata;
}
