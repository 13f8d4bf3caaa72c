import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { Vertical } from "../../core/documents/vertical";
import { PageInfo, decodeCursor, encodeCursor } from "../shared/relay-connection";
import { assertId, pageSize } from "../shared/ids";
import type { CatalogContext } from "./context";
import { MerchantConnection, MerchantEdge } from "./merchant-connection.type";
import { Merchant } from "./merchant.type";
import { OfferConnection, OfferEdge } from "./offer-connection.type";
import { OfferFilter } from "./offer-filter.input";
import { Offer } from "./offer.type";
import { validateProductFilter } from "./product-page.finder";
import { VerticalEnum } from "../shared/vertical.type";

/** Largest `first` of `merchants` and `Merchant.offers`. */
export const MAX_MERCHANT_PAGE = 100;

/** Cursor of an id-ordered list: the last id seen. */
interface IdCursor {
  i: string;
}

function isIdCursor(value: unknown): value is IdCursor {
  return typeof value === "object" && value !== null && typeof (value as IdCursor).i === "string";
}

function pageInfo(hasNextPage: boolean, edges: Array<{ cursor: string }>): PageInfo {
  return Object.assign(new PageInfo(), {
    hasNextPage,
    endCursor: edges.length > 0 ? edges[edges.length - 1]!.cursor : null,
  });
}

/** Stores and restaurants, and their assortments. */
@Resolver(() => Merchant)
export class MerchantResolver {
  @Query(() => Merchant, { nullable: true, description: "One merchant by id; null when it does not exist." })
  async merchant(
    @Arg("id", () => ID, { description: "Merchant id." }) id: string,
    @Ctx() context: CatalogContext,
  ): Promise<Merchant | null> {
    const document = await context.loaders.merchant.load(assertId(id, "id"));
    return document ? Merchant.fromDocument(document) : null;
  }

  @Query(() => MerchantConnection, {
    description: `Merchants by id, optionally only those selling in \`vertical\`. At most ${MAX_MERCHANT_PAGE} a page.`,
  })
  async merchants(
    @Arg("first", () => Int, { nullable: true, description: `Page size, 1–${MAX_MERCHANT_PAGE}; default 20.` })
    first: number | null | undefined,
    @Arg("after", () => String, { nullable: true, description: "`endCursor` of the previous page." })
    after: string | null | undefined,
    @Arg("vertical", () => VerticalEnum, { nullable: true, description: "Only merchants selling in this vertical." })
    vertical: Vertical | null | undefined,
    @Ctx() context: CatalogContext,
  ): Promise<MerchantConnection> {
    const limit = pageSize(first, "first", MAX_MERCHANT_PAGE, 20);
    const afterId = after ? decodeCursor(after, "after", isIdCursor).i : undefined;
    const options = { vertical: vertical ?? undefined };
    const documents = await context.merchants.findPage({ ...options, afterId, limit: limit + 1 });
    const edges = documents.slice(0, limit).map((document) =>
      Object.assign(new MerchantEdge(), {
        cursor: encodeCursor({ i: document._id }),
        node: Merchant.fromDocument(document),
      }),
    );
    return Object.assign(new MerchantConnection(), {
      edges,
      pageInfo: pageInfo(documents.length > limit, edges),
      countAll: () => context.merchants.count(options),
    });
  }

  @FieldResolver(() => OfferConnection, {
    description: `Its assortment: offers by product id, narrowed by \`filter\`. At most ${MAX_MERCHANT_PAGE} a page.`,
  })
  async offers(
    @Root() merchant: Merchant,
    @Arg("first", () => Int, { nullable: true, description: `Page size, 1–${MAX_MERCHANT_PAGE}; default 20.` })
    first: number | null | undefined,
    @Arg("after", () => String, { nullable: true, description: "`endCursor` of the previous page." })
    after: string | null | undefined,
    @Arg("filter", () => OfferFilter, { nullable: true, description: "Stock and price conditions." })
    filter: OfferFilter | null | undefined,
    @Ctx() context: CatalogContext,
  ): Promise<OfferConnection> {
    const limit = pageSize(first, "first", MAX_MERCHANT_PAGE, 20);
    const afterId = after ? decodeCursor(after, "after", isIdCursor).i : undefined;
    const valid = validateProductFilter({ minPrice: filter?.minPrice, maxPrice: filter?.maxPrice });
    const conditions = { inStock: filter?.inStock === true, minPrice: valid.minPrice, maxPrice: valid.maxPrice };
    const documents = await context.offers.findPage(merchant.id, conditions, afterId, limit + 1);
    const edges = documents.slice(0, limit).map((document) =>
      Object.assign(new OfferEdge(), {
        cursor: encodeCursor({ i: document.productId }),
        node: Offer.fromDocument(document),
      }),
    );
    return Object.assign(new OfferConnection(), {
      edges,
      pageInfo: pageInfo(documents.length > limit, edges),
      countAll: () => context.offers.count(merchant.id, conditions),
    });
  }
}
