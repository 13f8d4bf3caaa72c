import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { parseSemanticIdPrefix } from "../../ml/semantic-ids/semantic-id";
import { semanticIdCacheFor } from "../../ml/semantic-ids/semantic-id.cache";
import { BadUserInputError } from "../shared/errors";
import { pageSize } from "../shared/ids";
import type { CatalogContext } from "./context";
import { Product } from "./product.type";

/** Largest `first` of `Query.productsBySemanticIdPrefix`. */
export const MAX_SEMANTIC_ID_PRODUCTS = 100;
/** Codes per Semantic ID (levels of the residual quantizer). */
export const SEMANTIC_ID_LEVELS = 3;

/**
 * Semantic IDs on products (read from the `semantic_ids` collection the index job writes, held in a
 * process-local index) and look-ups by Semantic-ID prefix.
 */
@Resolver(() => Product)
export class SemanticIdResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Semantic ID: residual codes of its content embedding (coarse to fine, the first aligned with its department) plus a suffix, e.g. `12-201-7-0`. Null until the index job has run for it.",
  })
  async semanticId(@Root() product: Product, @Ctx() context: CatalogContext): Promise<string | null> {
    return (await semanticIdCacheFor(context.db).index()).format(product.id);
  }

  @Query(() => [Product], {
    description: `Products whose Semantic ID starts with a prefix (1–3 codes, or a full id), in code order. At most ${MAX_SEMANTIC_ID_PRODUCTS}.`,
  })
  async productsBySemanticIdPrefix(
    @Arg("prefix", () => String, { description: "Dash-separated codes, e.g. `12` or `12-201`." }) prefix: string,
    @Arg("first", () => Int, { nullable: true, description: `How many, 1–${MAX_SEMANTIC_ID_PRODUCTS}; default 20.` })
    first: number | null | undefined,
    @Ctx() context: CatalogContext,
  ): Promise<Product[]> {
    const limit = pageSize(first, "first", MAX_SEMANTIC_ID_PRODUCTS, 20);
    const codes = prefix.length <= 40 ? parseSemanticIdPrefix(prefix, SEMANTIC_ID_LEVELS) : null;
    if (!codes)
      throw new BadUserInputError(
        `prefix ${JSON.stringify(prefix.slice(0, 40))} is not a Semantic-ID prefix (1–${SEMANTIC_ID_LEVELS + 1} dash-separated numbers, e.g. 12-201)`,
        "prefix",
      );
    const entries = (await semanticIdCacheFor(context.db).index()).withPrefix(codes, limit);
    const documents = await context.loaders.product.loadMany(entries.map((entry) => entry.itemId));
    return documents.flatMap((document) =>
      document && !(document instanceof Error) ? [Product.fromDocument(document)] : [],
    );
  }
}
