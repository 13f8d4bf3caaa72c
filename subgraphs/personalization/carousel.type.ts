import { createHash } from "node:crypto";
import { Arg, Ctx, Field, ID, Int, ObjectType } from "type-graphql";
import type { CarouselExplanations } from "../../plugins/sdk/llm-hooks";
import { LlmSource } from "./query-rewrite.type";
import type { PersonalizationContext } from "./context";
import type { PresentedCollection, PresentedItem } from "./pipeline/pipeline.types";
import { MAX_ITEMS_PAGE, RankedItemConnection, rankedPage } from "./ranked-item.type";

/** A titled, ranked collection of items. */
@ObjectType({ description: 'A personalized collection ("Buy it again", "Deals for you", …) of ranked items.' })
export class Carousel {
  @Field(() => ID, {
    description:
      "Identity of this carousel as served: unique per collection, shopper, surface, store, category, weights and cart, so a normalized client cache (Apollo Client's `Carousel:<id>`) never mixes two shoppers' or two contexts' items. Opaque; use `collectionId` for the stable collection key.",
  })
  id!: string;

  @Field(() => ID, {
    description:
      "The collection this carousel shows, stable across requests and shoppers (e.g. `familiarity.buy-it-again`): for analytics and per-collection styling, not for caching.",
  })
  collectionId!: string;

  @Field({ description: "Title to show." })
  title!: string;

  @Field(() => String, { nullable: true, description: "Secondary line; null when none." })
  subtitle!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The dimension that leads this collection; null for context collections (popular, new, by category).",
  })
  dimension!: string | null;

  /** Presentation's template explanation (served unless a model's answer is used). */
  template!: string;

  /** This request's explanations, filled once (one gateway call for the carousel and its items). */
  private explained?: Promise<CarouselExplanations>;

  @Field(() => String, {
    description:
      "Why these items: one sentence grounded in the reasons of its top items (the model's, cached, or a template; see `explanationSource`).",
  })
  async explanation(@Ctx() context: PersonalizationContext): Promise<string> {
    return (await this.explanations(context)).text;
  }

  @Field(() => LlmSource, {
    description:
      "Where `explanation` and the items' `explanation` came from: LLM, CACHE, or OFFLINE (templates over the reasons).",
  })
  async explanationSource(@Ctx() context: PersonalizationContext): Promise<LlmSource> {
    return (await this.explanations(context)).source as LlmSource;
  }

  /** All ranked items; `items` pages through them. */
  ranked!: PresentedItem[];

  @Field(() => RankedItemConnection, {
    description: `The collection's items, best first (duplicates of earlier carousels on the page removed). Page size 1–${MAX_ITEMS_PAGE}, default 10.`,
  })
  items(
    @Arg("first", () => Int, { nullable: true, description: `Page size, 1–${MAX_ITEMS_PAGE}; default 10.` })
    first: number | null | undefined,
    @Arg("after", () => String, { nullable: true, description: "`endCursor` of the previous page of this carousel." })
    after: string | null | undefined,
    @Ctx() context: PersonalizationContext,
  ): RankedItemConnection {
    return rankedPage(
      this.ranked,
      this.id,
      first,
      after,
      undefined,
      async (item) => (await this.explanations(context)).items.get(item.productId) ?? item.reasons[0]?.text ?? null,
    );
  }

  private explanations(context: PersonalizationContext): Promise<CarouselExplanations> {
    // The registry's `explainCarousel` hook (explanations plugin); without one, the template and the items' reasons.
    this.explained ??= context.features.explainCarousel(
      { llm: context.llm, services: context.pipeline.services, logger: context.logger, drops: context.pipeline.drops },
      { title: this.title, dimension: this.dimension, template: this.template, items: this.ranked },
    );
    return this.explained;
  }

  /** A carousel of `collection` as served in the request context `scope` (see {@link carouselScope}). */
  static of(collection: PresentedCollection, scope: string): Carousel {
    return Object.assign(new Carousel(), {
      id: `${collection.id}@${scope}`,
      collectionId: collection.id,
      title: collection.title,
      subtitle: collection.subtitle,
      dimension: collection.dimension,
      template: collection.explanation,
      ranked: collection.items,
    });
  }
}

/** What decides a carousel's contents besides its collection: every argument that changes its items. */
export interface CarouselScope {
  userId: string | null;
  surface: string;
  storeId: string | null;
  categoryId: string | null;
  weights: Record<string, number>;
  cart: readonly string[];
  /** Items ranked, where the request sets it (the checkout aisle's `first`). */
  limit?: number;
}

/**
 * A short deterministic digest of a request context: the same shopper, surface, store, category,
 * weights and cart give the same digest (so a refetch updates the cached carousel in place), any
 * difference gives another. The shopper id is only hashed, never shown.
 */
export function carouselScope(scope: CarouselScope): string {
  const weights = Object.keys(scope.weights)
    .sort()
    .map((key) => [key, scope.weights[key]]);
  const canonical = JSON.stringify([
    scope.userId,
    scope.surface,
    scope.storeId,
    scope.categoryId,
    weights,
    [...new Set(scope.cart)].sort(),
    scope.limit ?? null,
  ]);
  return createHash("sha256").update(canonical).digest("base64url").slice(0, 16);
}
