import type { Vertical } from "./vertical";

/** A node of the category tree (collection `categories`): vertical → department → aisle → leaf. */
export interface CategoryDocument {
  _id: string;
  name: string;
  vertical: Vertical;
  parentId: string | null;
  /** Ancestor ids from the root down to and including this category. */
  path: string[];
  depth: number;
  source: string;
}
