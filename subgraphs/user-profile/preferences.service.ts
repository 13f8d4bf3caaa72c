import type { Db } from "mongodb";
import { CATALOG_COLLECTIONS } from "../catalog/read-model";
import { findByIds } from "../../core/database/by-id-reads";
import type { PreferencesDocument, UserDocument } from "../../core/documents/user.document";
import { BadUserInputError, NotFoundError, UserErasedError } from "../shared/errors";
import { assertId, assertIds } from "../shared/ids";
import { DIETARY_TAGS, isDietaryTag } from "../../core/documents/dietary-tags";
import { MAX_PREFERENCE_ENTRIES, type PreferencesInput } from "./preferences.input";
import type { UsersRepository } from "./users.repository";
import type { ErasedShoppers } from "./erased-shoppers";

/** Validates and stores a shopper's stated preferences. */
export class PreferencesService {
  constructor(
    private readonly db: Db,
    private readonly users: UsersRepository,
    private readonly erased: ErasedShoppers,
  ) {}

  async update(userId: string, input: PreferencesInput): Promise<UserDocument> {
    assertId(userId, "userId");
    const [user] = await this.users.findByIds([userId]);
    if (!user && (await this.erased.erasedAmong([userId])).size > 0) throw new UserErasedError(userId, "userId");
    if (!user) throw new NotFoundError("User", userId);
    const next: PreferencesDocument = { ...user.preferences };

    if (input.dietary) {
      const tags = [...new Set(input.dietary.map((tag) => tag.trim().toLowerCase()))];
      const bad = tags.filter((tag) => !isDietaryTag(tag));
      if (bad.length > 0)
        throw new BadUserInputError(
          `unknown dietary tags: ${bad
            .slice(0, 10)
            .map((tag) => JSON.stringify(tag))
            .join(", ")}; known: ${DIETARY_TAGS.join(", ")}`,
          "input.dietary",
        );
      next.dietary = tags.sort();
    }
    if (input.excludedBrands) {
      const brands = [...new Set(input.excludedBrands.map((brand) => brand.trim()))];
      if (brands.length > MAX_PREFERENCE_ENTRIES)
        throw new BadUserInputError(
          `input.excludedBrands has ${brands.length} brands; at most ${MAX_PREFERENCE_ENTRIES}`,
          "input.excludedBrands",
        );
      if (brands.some((brand) => brand.length === 0 || brand.length > 100))
        throw new BadUserInputError("input.excludedBrands entries must be 1–100 characters", "input.excludedBrands");
      next.excludedBrands = brands;
    }
    if (input.excludedCategoryIds) {
      const ids = [
        ...new Set(assertIds(input.excludedCategoryIds, "input.excludedCategoryIds", MAX_PREFERENCE_ENTRIES)),
      ];
      const found = new Set(
        (
          await findByIds(this.db.collection<{ _id: string }>(CATALOG_COLLECTIONS.categories), ids, {
            projection: { _id: 1 },
          })
        ).map((category) => category._id),
      );
      const unknown = ids.filter((id) => !found.has(id));
      if (unknown.length > 0)
        throw new BadUserInputError(
          `unknown category ids: ${unknown.slice(0, 10).join(", ")}`,
          "input.excludedCategoryIds",
        );
      next.excludedCategoryIds = ids;
    }
    if (!(await this.users.setPreferences(userId, next))) throw new NotFoundError("User", userId);
    return { ...user, preferences: next };
  }
}
