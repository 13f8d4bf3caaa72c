import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import type { CategoryDocument } from "../../core/documents/category.document";
import { VerticalEnum } from "../shared/vertical.type";
import type { Vertical } from "../../core/documents/vertical";

/** A node of the category tree. */
@Directive('@key(fields: "id")')
@ObjectType({ description: "A node of the category tree: vertical → department → aisle → leaf." })
export class Category {
  @Field(() => ID, { description: "Stable category id." })
  id!: string;

  @Field({ description: "Display name." })
  name!: string;

  @Field(() => VerticalEnum, { description: "The vertical this category belongs to." })
  vertical!: Vertical;

  @Field(() => ID, { nullable: true, description: "Parent category id; null for a root." })
  parentId!: string | null;

  @Field(() => Int, { description: "Depth in the tree; roots are 0." })
  depth!: number;

  @Field(() => [ID], { description: "Ids from the root down to and including this category." })
  path!: string[];

  static fromDocument(document: CategoryDocument): Category {
    return Object.assign(new Category(), {
      id: document._id,
      name: document.name,
      vertical: document.vertical,
      parentId: document.parentId,
      depth: document.depth,
      path: document.path,
    });
  }
}
