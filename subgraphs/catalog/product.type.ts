import { Directive, Field, Float, ID, ObjectType } from "type-graphql";
import type { ProductDocument } from "../../core/documents/product.document";
import type { Vertical } from "../../core/documents/vertical";
import { PackSize, UnitPrice } from "./pack-size.type";
import { VerticalEnum } from "../shared/vertical.type";

/**
 * A product or a restaurant dish. The catalog owns it; other subgraphs reference it by id. The fields
 * marked `@shareable` are also provided by personalization with ranked items (`RankedItem.product`),
 * from its read model of the same catalog version.
 */
@Directive('@key(fields: "id")')
@ObjectType({
  description: "A product sold by stores, or a dish on a restaurant menu. Other subgraphs reference it by id.",
})
export class Product {
  @Field(() => ID, { description: "Stable product id." })
  id!: string;

  @Directive("@shareable")
  @Field({ description: "Display name." })
  name!: string;

  @Directive("@shareable")
  @Field(() => String, { nullable: true, description: "Brand, when known." })
  brand!: string | null;

  @Field(() => String, { nullable: true, description: "Longer description, when known." })
  description!: string | null;

  @Field(() => VerticalEnum, { description: "The vertical it is sold in." })
  vertical!: Vertical;

  @Field(() => ID, { description: "Id of its leaf category." })
  categoryId!: string;

  @Directive("@shareable")
  @Field(() => Float, { description: "List price in `currency`." })
  price!: number;

  @Directive("@shareable")
  @Field({ description: "ISO 4217 currency code." })
  currency!: string;

  @Field(() => PackSize, { nullable: true, description: "Pack size, when it could be parsed." })
  size!: PackSize | null;

  @Field(() => UnitPrice, { nullable: true, description: "Price per normalized unit, when the size is known." })
  unitPrice!: UnitPrice | null;

  @Field(() => [String], { description: "Dietary and other tags: vegan, gluten-free, organic, age-restricted, …" })
  tags!: string[];

  @Directive("@shareable")
  @Field(() => String, { nullable: true, description: "Image URL, when known." })
  imageUrl!: string | null;

  @Field(() => [ID], { description: "Category ids from the root down to and including its leaf category." })
  categoryPath!: string[];

  @Field(() => ID, {
    nullable: true,
    description: "For restaurant dishes: id of the restaurant that serves it; null for store products.",
  })
  merchantId!: string | null;

  @Field(() => [String], {
    nullable: true,
    description: "For restaurant dishes: the cuisines it belongs to (lower case); null for store products.",
  })
  cuisines!: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: "For restaurant dishes: known ingredients (lower case); null when unknown.",
  })
  ingredients!: string[] | null;

  static fromDocument(document: ProductDocument): Product {
    return Object.assign(new Product(), {
      id: document._id,
      name: document.name,
      brand: document.brand ?? null,
      description: document.description ?? null,
      vertical: document.vertical,
      categoryId: document.categoryId,
      price: document.price,
      currency: document.currency,
      size: document.size ?? null,
      unitPrice: document.unitPrice ?? null,
      tags: document.tags,
      imageUrl: document.imageUrl ?? null,
      categoryPath: document.categoryPath,
      merchantId: document.merchantId ?? null,
      cuisines: document.cuisines ?? null,
      ingredients: document.ingredients ?? null,
    });
  }
}
