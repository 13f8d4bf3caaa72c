import { Directive, Field, Float, ID, ObjectType } from "type-graphql";
import type { ProductDocument } from "../catalog/read-model";

/**
 * A reference to a catalog product. The catalog owns it; personalization also provides the fields a
 * list of ranked items shows most (`@provides` on `RankedItem.product`), from its catalog read model of
 * the same catalog version, so a carousel or search page asking only for these needs no catalog call.
 * Any other field is resolved by the catalog subgraph.
 */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType({ description: "A product, owned by the catalog subgraph." })
export class Product {
  @Field(() => ID, { description: "Product id." })
  id!: string;

  @Directive("@external")
  @Field({ description: "Display name." })
  name?: string;

  @Directive("@external")
  @Field(() => String, { nullable: true, description: "Brand, when known." })
  brand?: string | null;

  @Directive("@external")
  @Field(() => Float, { description: "List price in `currency`." })
  price?: number;

  @Directive("@external")
  @Field({ description: "ISO 4217 currency code." })
  currency?: string;

  @Directive("@external")
  @Field(() => String, { nullable: true, description: "Image URL, when known." })
  imageUrl?: string | null;

  /** The reference with id alone (the catalog resolves every field). */
  static reference(id: string): Product {
    return Object.assign(new Product(), { id });
  }

  /** The reference with the provided fields filled from personalization's read of the catalog. */
  static provided(document: ProductDocument): Product {
    return Object.assign(new Product(), {
      id: document._id,
      name: document.name,
      brand: document.brand ?? null,
      price: document.price,
      currency: document.currency,
      imageUrl: document.imageUrl ?? null,
    });
  }
}

/** The fields of {@link Product} that personalization provides with a ranked item. */
export const PROVIDED_PRODUCT_FIELDS = "name brand price currency imageUrl";
