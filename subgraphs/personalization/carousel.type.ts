import { Arg, Ctx, Field, ID, Int, ObjectType } from "type-graphql";
import { CarouselExplainer, type CarouselExplanations } from "../../plugins/explanations/carousel-explainer";
import { LlmSource } from "../../plugins/query-rewrite/query-rewrite.type";
import type { PersonalizationContext } from "./context";
import type { PresentedCollection, PresentedItem } from "./pipeline/pipeline.types";
import { MAX_ITEMS_PAGE, RankedItemConnection, rankedPage } from "./ranked-item.type";

/** A titled, ranked collection of items. */
@ObjectType({ description: "A personalized collection (\"Buy it again\", \"Deals for you\", …) of ranked items." })
export class Carousel {
  @Field(() => ID, { description: "Collection id, stable across requests (e.g. `familiarity.buy-it-again`)." })
  id!: string;

  @Field({ description: "Title to show." })
  title!: string;

  @Field(() => String, { nullable: true, description: "Secondary line; null when none." })
  subtitle!: string | null;

  @Field(() => String, { nullable: true, description: "The dimension that leads this collection; null for context collections (popular, new, by category)." })
  dimension!: string | null;

  /** Presentation's template explanation (served unless a model's answer is used). */
  template!: string;

  /** This request's explanations, filled once (one gateway call for the carousel and its items). */
  private explained?: Promise<CarouselExplanations>;

  @Field(() => String, { description: "Why these items: one sentence grounded in the reasons of its top items (the model's, cached, or a template; see `explanationSource`)." })
  async explanation(@Ctx() context: PersonalizationContext): Promise<string> {
    return (await this.explanations(context)).text;
  }

  @Field(() => LlmSource, { description: "Where `explanation` and the items' `explanation` came from: LLM, CACHE, or OFFLINE (templates over the reasons)." })
  async explanationSource(@Ctx() context: PersonalizationContext): Promise<LlmSource> {
    return (await this.explanations(context)).source as LlmSource;
  }

  /** All ranked items; `items` pages through them. */
  ranked!: PresentedItem[];

  @Field(() => RankedItemConnection, { description: `The collection's items, best first (duplicates of earlier carousels on the page removed). Page size 1–${MAX_ITEMS_PAGE}, default 10.` })
  items(
    @Arg("first", () => Int, { nullable: true, description: `Page size, 1–${MAX_ITEMS_PAGE}; default 10.` }) first: number | null | undefined,
    @Arg("after", () => String, { nullable: true, description: "`endCursor` of the previous page of this carousel." }) after: string | null | undefined,
    @Ctx() context: PersonalizationContext,
  ): RankedItemConnection {
    return rankedPage(this.ranked, this.id, first, after, undefined, async (item) => (await this.explanations(context)).items.get(item.productId) ?? item.reasons[0]?.text ?? null);
  }

  private explanations(context: PersonalizationContext): Promise<CarouselExplanations> {
    this.explained ??= new CarouselExplainer(context.llm.gateway).explain({ title: this.title, dimension: this.dimension, template: this.template, items: this.ranked });
    return this.explained;
  }

  static of(collection: PresentedCollection): Carousel {
    return Object.assign(new Carousel(), { id: collection.id, title: collection.title, subtitle: collection.subtitle, dimension: collection.dimension, template: collection.explanation, ranked: collection.items });
  }
}
