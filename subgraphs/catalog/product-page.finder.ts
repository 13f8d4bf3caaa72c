import type { Filter } from "mongodb";
import type { ProductDocument } from "../../core/documents/product.document";
import { decodeCursor, encodeCursor } from "../shared/relay-connection";
import { BadUserInputError, NotFoundError } from "../shared/errors";
import { assertId, pageSize } from "../shared/ids";
import type { CatalogContext } from "./context";
import type { OfferConditions } from "./offers.repository";
import { ProductConnection, productEdge } from "./product-connection.type";
import { MAX_FILTER_TAGS, type ProductFilter } from "./product-filter.input";
import { Product } from "./product.type";

/** Largest `first` of a product connection. */
export const MAX_PRODUCT_PAGE = 100;
/** `first` when omitted. */
export const DEFAULT_PRODUCT_PAGE = 20;
/** Product ids per `$in` query when intersecting with a merchant's assortment. */
const ASSORTMENT_CHUNK = 1000;

/** Cursor of a product connection ordered by id. */
interface ProductCursor {
  i: string;
}

function isProductCursor(value: unknown): value is ProductCursor {
  return typeof value === "object" && value !== null && typeof (value as ProductCursor).i === "string";
}

/** Encodes the position after product `id`. */
export function productCursor(id: string): string {
  return encodeCursor({ i: id } satisfies ProductCursor);
}

/** Validated conditions of a {@link ProductFilter}. */
interface ValidFilter {
  merchantId?: string;
  tags: string[];
  minPrice?: number;
  maxPrice?: number;
  inStock: boolean;
}

/** Checks a filter's values (not whether the merchant exists); BAD_USER_INPUT names the faulty field. */
export function validateProductFilter(filter: ProductFilter | null | undefined): ValidFilter {
  const tags = filter?.tags ?? [];
  if (tags.length > MAX_FILTER_TAGS)
    throw new BadUserInputError(
      `filter.tags has ${tags.length} tags; at most ${MAX_FILTER_TAGS} are allowed`,
      "filter.tags",
    );
  for (const tag of tags) {
    if (tag.length === 0 || tag.length > 64)
      throw new BadUserInputError(
        `filter.tags must be 1–64 characters each (got ${JSON.stringify(tag.slice(0, 80))})`,
        "filter.tags",
      );
  }
  const price = (value: number | null | undefined, field: string): number | undefined => {
    if (value === null || value === undefined) return undefined;
    if (!Number.isFinite(value) || value < 0)
      throw new BadUserInputError(`${field} must be a price of 0 or more (got ${value})`, field);
    return value;
  };
  const minPrice = price(filter?.minPrice, "filter.minPrice");
  const maxPrice = price(filter?.maxPrice, "filter.maxPrice");
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice)
    throw new BadUserInputError(
      `filter.minPrice (${minPrice}) is above filter.maxPrice (${maxPrice})`,
      "filter.minPrice",
    );
  const merchantId = filter?.merchantId ? assertId(filter.merchantId, "filter.merchantId") : undefined;
  const inStock = filter?.inStock === true;
  if (inStock && !merchantId)
    throw new BadUserInputError(
      "filter.inStock needs filter.merchantId: availability is per merchant",
      "filter.inStock",
    );
  return { merchantId, tags: [...new Set(tags.map((tag) => tag.toLowerCase()))], minPrice, maxPrice, inStock };
}

/**
 * A page of the products in `categoryId`'s whole subtree (by `categoryPath`), ordered by id, narrowed
 * by `filter`. With a merchant, its matching offers are read first (price and stock conditions apply to
 * the offer) and intersected with the category in id-ordered chunks.
 */
export async function findProductPage(
  context: CatalogContext,
  args: { categoryId: string; filter?: ProductFilter | null; first?: number | null; after?: string | null },
): Promise<ProductConnection> {
  const limit = pageSize(args.first, "first", MAX_PRODUCT_PAGE, DEFAULT_PRODUCT_PAGE);
  const afterId = args.after ? decodeCursor(args.after, "after", isProductCursor).i : undefined;
  const filter = validateProductFilter(args.filter);
  const base: Filter<ProductDocument> = { categoryPath: args.categoryId };
  if (filter.tags.length > 0) base.tags = { $all: filter.tags };

  if (!filter.merchantId) {
    if (filter.minPrice !== undefined || filter.maxPrice !== undefined) {
      base.price = {
        ...(filter.minPrice !== undefined ? { $gte: filter.minPrice } : {}),
        ...(filter.maxPrice !== undefined ? { $lte: filter.maxPrice } : {}),
      };
    }
    const documents = await context.products.findPage(base, afterId, limit + 1);
    return toConnection(documents, limit, () => context.products.countMatching(base));
  }

  const merchant = await context.loaders.merchant.load(filter.merchantId);
  if (!merchant) throw new NotFoundError("Merchant", filter.merchantId);
  const conditions: OfferConditions = { inStock: filter.inStock, minPrice: filter.minPrice, maxPrice: filter.maxPrice };
  const assortment = await context.offers.productIds(merchant._id, conditions);
  const remaining = afterId === undefined ? assortment : assortment.filter((id) => id > afterId);
  const documents: ProductDocument[] = [];
  for (let start = 0; start < remaining.length && documents.length <= limit; start += ASSORTMENT_CHUNK) {
    const chunk = remaining.slice(start, start + ASSORTMENT_CHUNK);
    documents.push(
      ...(await context.products.findPage({ ...base, _id: { $in: chunk } }, undefined, limit + 1 - documents.length)),
    );
  }
  return toConnection(documents, limit, async () => {
    let total = 0;
    for (let start = 0; start < assortment.length; start += ASSORTMENT_CHUNK) {
      total += await context.products.countMatching({
        ...base,
        _id: { $in: assortment.slice(start, start + ASSORTMENT_CHUNK) },
      });
    }
    return total;
  });
}

function toConnection(documents: ProductDocument[], limit: number, count: () => Promise<number>): ProductConnection {
  const page = documents.slice(0, limit);
  return ProductConnection.of(
    page.map((document) => productEdge(productCursor(document._id), Product.fromDocument(document))),
    documents.length > limit,
    count,
  );
}
