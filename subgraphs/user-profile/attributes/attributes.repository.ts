import type { Collection, Db } from "mongodb";
import { findByIds } from "../../../core/database/by-id-reads";
import { replaceById } from "./replace-by-id";
import { USER_ATTRIBUTES_COLLECTION, type UserAttributesDocument } from "./user-attributes.document";

/** Reads and writes `user_attributes` (one document a user). */
export class AttributesRepository {
  readonly collection: Collection<UserAttributesDocument>;

  constructor(db: Db) {
    this.collection = db.collection<UserAttributesDocument>(USER_ATTRIBUTES_COLLECTION);
  }

  /** Attributes of these users, in one batch read ({@link findByIds}). */
  findByIds(ids: readonly string[]): Promise<UserAttributesDocument[]> {
    return findByIds(this.collection, ids);
  }

  /** Replaces the documents of these users (two statements for the whole batch; see {@link replaceById}). */
  replaceMany(documents: readonly UserAttributesDocument[]): Promise<void> {
    return replaceById(this.collection, documents);
  }
}
