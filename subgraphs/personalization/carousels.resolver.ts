import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import type { Surface } from "../../plugins/sdk/surface";
import { BadUserInputError } from "../shared/errors";
import { OwnedBy } from "../shared/authorization";
import { assertId, assertIds, pageSize } from "../shared/ids";
import { SurfaceEnum } from "../shared/surface.type";
import { Carousel, carouselScope } from "./carousel.type";
import type { PersonalizationContext } from "./context";
import { DimensionWeightsInput, validateWeights } from "./dimension-weights.input";
import { runPipeline } from "./pipeline/run-pipeline";
import { MAX_ITEMS_PAGE, RankedItemConnection, rankedPage } from "./ranked-item.type";
import { SURFACE_CONFIGURATION } from "./surfaces";

/** Most carousels one request may ask for. */
export const MAX_CAROUSELS = 20;
/** Most products in a cart. */
export const MAX_CART = 100;
/** Deepest rank a category page serves. */
export const MAX_CATEGORY_RESULTS = 200;

/** Arguments shared by `Query.carousels` and `User.carousels`. */
export interface CarouselArgs {
  userId?: string | null;
  surface: Surface;
  storeId?: string | null;
  categoryId?: string | null;
  first?: number | null;
  weights?: Record<string, number>;
  cart?: string[];
}

/** Runs the pipeline for a page of carousels (validation included). */
export async function carouselsFor(context: PersonalizationContext, args: CarouselArgs): Promise<Carousel[]> {
  if (args.userId) assertId(args.userId, "userId");
  if (args.storeId) assertId(args.storeId, "storeId");
  if (args.categoryId) assertId(args.categoryId, "categoryId");
  if (args.surface === "CATEGORY" && !args.categoryId)
    throw new BadUserInputError("surface CATEGORY needs a categoryId", "categoryId");
  const first = pageSize(args.first, "first", MAX_CAROUSELS, SURFACE_CONFIGURATION[args.surface].carousels);
  const { collections } = await runPipeline(
    context.pipeline,
    {
      userId: args.userId ?? null,
      surface: args.surface,
      storeId: args.storeId ?? null,
      categoryId: args.categoryId ?? null,
      cart: args.cart ?? [],
      query: null,
      weights: args.weights ?? {},
      now: context.now(),
    },
    { first },
  );
  const scope = carouselScope({
    userId: args.userId ?? null,
    surface: args.surface,
    storeId: args.storeId ?? null,
    categoryId: args.categoryId ?? null,
    weights: args.weights ?? {},
    cart: args.cart ?? [],
  });
  return collections.map((collection) => Carousel.of(collection, scope));
}

/** Carousels, category pages and the checkout aisle. */
@Resolver()
export class CarouselsResolver {
  @OwnedBy("userId")
  @Query(() => [Carousel], {
    description: `Personalized carousels for a surface, in display order, items deduplicated across them. Without \`userId\` (or for an unknown user) a cold start: popularity and context. Unknown store or category: NOT_FOUND. At most ${MAX_CAROUSELS}.`,
  })
  async carousels(
    @Ctx() context: PersonalizationContext,
    @Arg("surface", () => SurfaceEnum, { description: "Where the carousels are shown (decides plugins and weights)." })
    surface: Surface,
    @Arg("userId", () => ID, { nullable: true, description: "The shopper; omit for an anonymous visitor." })
    userId?: string | null,
    @Arg("storeId", () => ID, { nullable: true, description: "Only items available at this store." })
    storeId?: string | null,
    @Arg("categoryId", () => ID, { nullable: true, description: "Scope to this category (required on CATEGORY)." })
    categoryId?: string | null,
    @Arg("first", () => Int, {
      nullable: true,
      description: `How many carousels, 1–${MAX_CAROUSELS}; default per surface (8 on HOME).`,
    })
    first?: number | null,
    @Arg("weights", () => DimensionWeightsInput, {
      nullable: true,
      description: "Re-balances the dimensions for this request, each 0–1.",
    })
    weights?: DimensionWeightsInput | null,
  ): Promise<Carousel[]> {
    return carouselsFor(context, { userId, surface, storeId, categoryId, first, weights: validateWeights(weights) });
  }

  @OwnedBy("userId")
  @Query(() => RankedItemConnection, {
    description: `A category's products ranked for the shopper (pages up to rank ${MAX_CATEGORY_RESULTS}). Unknown category: NOT_FOUND.`,
  })
  async categoryPage(
    @Ctx() context: PersonalizationContext,
    @Arg("categoryId", () => ID, { description: "The category (any depth)." }) categoryId: string,
    @Arg("userId", () => ID, { nullable: true, description: "The shopper; omit for an anonymous visitor." })
    userId?: string | null,
    @Arg("first", () => Int, { nullable: true, description: `Page size, 1–${MAX_ITEMS_PAGE}; default 10.` })
    first?: number | null,
    @Arg("after", () => String, { nullable: true, description: "`endCursor` of the previous page." })
    after?: string | null,
  ): Promise<RankedItemConnection> {
    assertId(categoryId, "categoryId");
    if (userId) assertId(userId, "userId");
    pageSize(first, "first", MAX_ITEMS_PAGE, 10);
    const { collections } = await runPipeline(
      context.pipeline,
      {
        userId: userId ?? null,
        surface: "CATEGORY",
        storeId: null,
        categoryId,
        cart: [],
        query: null,
        weights: {},
        now: context.now(),
      },
      {
        first: 1,
        collections: () => [
          {
            id: `category-page.${categoryId}`,
            title: "Category",
            dimension: "",
            relevance: 1,
            params: { source: "category", categoryId, limit: MAX_CATEGORY_RESULTS, sourceWeight: 0.3 },
          },
        ],
        targeting: { minItems: 1, window: 20 },
      },
    );
    return rankedPage(collections[0]?.items ?? [], `category:${categoryId}`, first, after);
  }

  @OwnedBy("userId")
  @Query(() => Carousel, {
    description: `Complements of the cart (bought together with its items; substitutes and cart items excluded). Cart of at most ${MAX_CART} product ids.`,
  })
  async checkoutAisle(
    @Ctx() context: PersonalizationContext,
    @Arg("cart", () => [ID], { description: `Product ids in the cart, at most ${MAX_CART}.` }) cart: string[],
    @Arg("userId", () => ID, { nullable: true, description: "The shopper; omit for an anonymous visitor." })
    userId?: string | null,
    @Arg("first", () => Int, {
      nullable: true,
      description: `Items to rank, 1–${MAX_ITEMS_PAGE}; default 10 (page with \`items\`).`,
    })
    first?: number | null,
  ): Promise<Carousel> {
    assertIds(cart, "cart", MAX_CART);
    if (userId) assertId(userId, "userId");
    const limit = pageSize(first, "first", MAX_ITEMS_PAGE, 10);
    const { collections } = await runPipeline(
      context.pipeline,
      {
        userId: userId ?? null,
        surface: "CHECKOUT",
        storeId: null,
        categoryId: null,
        cart: [...new Set(cart)],
        query: null,
        weights: {},
        now: context.now(),
      },
      {
        first: 1,
        collections: () => [
          {
            id: "checkout.complements",
            title: "Goes well with your cart",
            subtitle: "Often bought together with what you have",
            dimension: "",
            relevance: 1,
            params: { source: "complements", limit },
          },
        ],
        targeting: { minItems: 0 },
      },
    );
    const found = collections[0];
    const scope = carouselScope({
      userId: userId ?? null,
      surface: "CHECKOUT",
      storeId: null,
      categoryId: null,
      weights: {},
      cart,
      limit,
    });
    return Carousel.of(
      found ?? {
        id: "checkout.complements",
        title: "Goes well with your cart",
        subtitle: null,
        dimension: null,
        explanation: "Nothing to suggest for this cart yet",
        items: [],
      },
      scope,
    );
  }
}
