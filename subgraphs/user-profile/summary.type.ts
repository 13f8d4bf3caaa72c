import { Field, ObjectType, registerEnumType } from "type-graphql";

/** Who wrote a summary. */
export enum SummarySource {
  OFFLINE = "OFFLINE",
  LLM = "LLM",
  CACHE = "CACHE",
}

registerEnumType(SummarySource, {
  name: "SummarySource",
  description: "How a shopper summary was produced.",
  valuesConfig: {
    OFFLINE: {
      description: "Built deterministically from the derived attributes by a template; no language model involved.",
    },
    LLM: {
      description:
        "Written by a language model from the derived attributes (order-summaries job), grounded in the shopper's regular products.",
    },
    CACHE: { description: "A cached language-model summary for identical attributes (order-summaries job)." },
  },
});

/** A short text describing the shopper. */
@ObjectType({ description: "A short description of the shopper's habits, built from their derived attributes." })
export class UserSummary {
  @Field({ description: "The summary text." })
  text!: string;

  @Field(() => SummarySource, { description: "How the text was produced." })
  source!: SummarySource;

  @Field(() => Date, { description: "When the attributes it describes were computed." })
  updatedAt!: Date;
}
