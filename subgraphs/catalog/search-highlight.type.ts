import { Field, ObjectType, registerEnumType } from "type-graphql";

/** The product fields the lexical search index covers. */
export enum SearchField {
  NAME = "NAME",
  BRAND = "BRAND",
  CATEGORY = "CATEGORY",
  TAGS = "TAGS",
}

registerEnumType(SearchField, {
  name: "SearchField",
  description: "A product field the lexical catalog search looks in.",
  valuesConfig: {
    NAME: { description: "The product name." },
    BRAND: { description: "The brand." },
    CATEGORY: { description: "Names of its categories, root to leaf, joined by ` › `." },
    TAGS: { description: "Its tags, joined by `, `." },
  },
});

/** Where and how a search hit matched. */
@ObjectType({
  description:
    "Where a search hit matched: one field, the terms that matched in it, and the field text with the matches marked.",
})
export class SearchHighlight {
  @Field(() => SearchField, { description: "The field that matched." })
  field!: SearchField;

  @Field(() => [String], {
    description:
      'Normalized index terms that matched in this field (lower case, plurals folded), e.g. `banana` for "Bananas".',
  })
  terms!: string[];

  @Field({
    description:
      "The field text, HTML-escaped, with each matching word wrapped in `<mark>` and `</mark>`; long texts are cut around the first match with `…`.",
  })
  snippet!: string;
}
