import { Field, Float, ID, ObjectType, registerEnumType } from "type-graphql";
import type { SearchInterpretation } from "../../plugins/sdk/search-interpretation";

/** Where an LLM feature's answer came from (the GraphQL view of the SDK's `LlmSource`). */
export enum LlmSource {
  LLM = "LLM",
  CACHE = "CACHE",
  OFFLINE = "OFFLINE",
}

registerEnumType(LlmSource, {
  name: "LlmSource",
  description: "Where an LLM feature's answer came from.",
  valuesConfig: {
    LLM: { description: "A language model answered this request (validated and grounded against the catalog)." },
    CACHE: {
      description:
        "A cached language-model answer for the same normalized input (for a personalized feature: the same shopper profile as the model saw).",
    },
    OFFLINE: {
      description:
        "The deterministic offline provider (catalog data and templates): no key, or the model failed, timed out or was over budget.",
    },
  },
});

/** One reading of the query. */
@ObjectType({ description: "One reading of an ambiguous query, with the constraints search applies for it." })
export class Interpretation {
  @Field({ description: "Short human label, e.g. 'Pasta Sauce' or 'Ragu (brand)'." })
  label!: string;

  @Field(() => Float, {
    description: "Probability, 0–1, that the shopper meant this reading (the readings sum to about 1).",
  })
  confidence!: number;

  @Field(() => String, {
    nullable: true,
    description: "Business line of this reading (GROCERY, RESTAURANT, …); null when not known.",
  })
  vertical!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "Most specific catalog category of this reading; null when none fits.",
  })
  categoryId!: string | null;

  @Field(() => String, { nullable: true, description: "Name of `categoryId`." })
  categoryName!: string | null;

  @Field(() => [ID], { description: "Category ids from the vertical down to `categoryId`; empty when none fits." })
  categoryPath!: string[];

  @Field(() => String, { nullable: true, description: "Brand of this reading (a catalog brand); null when none." })
  brand!: string | null;

  @Field(() => [String], {
    description: "Dietary constraints of this reading (vegan, gluten-free, …); empty when none.",
  })
  dietary!: string[];

  @Field({ description: "The unambiguous search query search runs for this reading." })
  rewrittenQuery!: string;

  /** GraphQL view of a feature interpretation; `names` maps category ids to names. */
  static of(interpretation: SearchInterpretation, names: ReadonlyMap<string, string>): Interpretation {
    const path = interpretation.categoryPath ?? [];
    const leaf = path[path.length - 1] ?? null;
    return Object.assign(new Interpretation(), {
      label: interpretation.label,
      confidence: interpretation.confidence,
      vertical: interpretation.vertical ?? null,
      categoryId: leaf,
      categoryName: leaf ? (names.get(leaf) ?? null) : null,
      categoryPath: path,
      brand: interpretation.brand ?? null,
      dietary: interpretation.dietary ?? [],
      rewrittenQuery: interpretation.rewrittenQuery,
    });
  }
}

/** The rewrite of a search query. */
@ObjectType({ description: "How the query was understood: its interpretations for this shopper, best first." })
export class QueryRewrite {
  @Field(() => LlmSource, { description: "Where the interpretations came from (model, cache or offline provider)." })
  source!: LlmSource;

  @Field(() => [Interpretation], { description: "Interpretations, most likely first (1–5)." })
  interpretations!: Interpretation[];
}
