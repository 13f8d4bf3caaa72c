import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { LlmSource } from "./query-rewrite.type";
import type { BundleResult, FilledSlot } from "./bundle.service";
import { Product } from "./product.type";

/** What kind of task a bundle serves. */
export enum BundleKind {
  GIFT = "GIFT",
  RECIPE = "RECIPE",
  OCCASION = "OCCASION",
}

registerEnumType(BundleKind, {
  name: "BundleKind",
  description: "What kind of task a bundle serves.",
  valuesConfig: {
    GIFT: { description: "A present: its main item and what goes with it." },
    RECIPE: { description: "The ingredients of a dish." },
    OCCASION: { description: "What an event needs (a movie night, a picnic, a party)." },
  },
});

const productRef = (id: string): Product => Product.reference(id);

/** One slot of a bundle. */
@ObjectType({
  description: "One thing the bundle needs (an ingredient, a gift component) and the catalog product chosen for it.",
})
export class BundleSlot {
  @Field({ description: "What the slot is for, e.g. 'coffee', 'basmati rice', 'salty snack'." })
  role!: string;

  @Field({ description: "The catalog search that fills the slot (its first query)." })
  query!: string;

  @Field({
    description: "False when the bundle is complete without it (optional slots are dropped first to meet the budget).",
  })
  required!: boolean;

  @Field(() => Product, {
    nullable: true,
    description: "The chosen catalog product; null when nothing fits (see `missing`).",
  })
  product!: Product | null;

  @Field(() => Float, {
    nullable: true,
    description: "Price of `product` (at the store when `storeId` was given); null when empty.",
  })
  price!: number | null;

  @Field(() => [Product], { description: "Other catalog products that fit the slot, best first (at most 3)." })
  alternatives!: Product[];

  @Field(() => [String], {
    description:
      "Why this product: the search it matched, the shopper's brands or past purchases, the store, the budget.",
  })
  reasons!: string[];

  @Field(() => String, {
    nullable: true,
    description: "Why the slot is empty (nothing in the catalog fits, or left out for the budget); null when filled.",
  })
  missing!: string | null;

  /** GraphQL view of a filled slot. */
  static of(slot: FilledSlot): BundleSlot {
    return Object.assign(new BundleSlot(), {
      role: slot.role,
      query: slot.query,
      required: slot.required,
      product: slot.product ? productRef(slot.product._id) : null,
      price: slot.price,
      alternatives: slot.alternatives.map((product) => productRef(product._id)),
      reasons: slot.reasons,
      missing: slot.missing,
    });
  }
}

/** A bundle for an intent. */
@ObjectType({
  description:
    "Products for a task (a gift, a recipe, an occasion): one catalog product per slot, for this shopper, within the budget.",
})
export class Bundle {
  @Field({ description: "The intent as asked (trimmed)." })
  intent!: string;

  @Field({ description: "Short title of the bundle, e.g. 'Gift for a coffee lover'." })
  title!: string;

  @Field(() => BundleKind, { description: "Gift, recipe or occasion." })
  kind!: BundleKind;

  @Field(() => Int, { nullable: true, description: 'People to serve, when the intent says ("for 4"); null otherwise.' })
  servings!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The budget applied: the `budget` argument, else the intent\'s own ("under $40"); null when none.',
  })
  budget!: number | null;

  @Field(() => [BundleSlot], { description: "The slots, in plan order; an empty slot says why in `missing`." })
  slots!: BundleSlot[];

  @Field(() => Float, { description: "Sum of the chosen products' prices." })
  total!: number;

  @Field({ description: "True when `total` is at most `budget` (or there is no budget)." })
  withinBudget!: boolean;

  @Field({
    description:
      "One sentence on what the bundle holds, what it costs against the budget, and what could not be found.",
  })
  explanation!: string;

  @Field(() => LlmSource, {
    description:
      "Where the plan (intent → slots) came from: a model, its cache, or the offline planner. Products always come from the catalog.",
  })
  source!: LlmSource;

  /** GraphQL view of a built bundle. */
  static of(result: BundleResult): Bundle {
    return Object.assign(new Bundle(), {
      intent: result.intent,
      title: result.title,
      kind: result.kind.toUpperCase() as BundleKind,
      servings: result.servings,
      budget: result.budget,
      slots: result.slots.map(BundleSlot.of),
      total: result.total,
      withinBudget: result.withinBudget,
      explanation: result.explanation,
      source: result.source as LlmSource,
    });
  }
}
