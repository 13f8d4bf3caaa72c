import { Arg, Ctx, Float, ID, Query, Resolver } from "type-graphql";
import { BUNDLE_INTENT_MAX_LENGTH } from "../../core/llm/features/bundle.feature";
import { OwnedBy } from "../shared/authorization";
import { BadUserInputError } from "../shared/errors";
import { assertId } from "../shared/ids";
import { buildBundle } from "./bundle.service";
import { Bundle } from "./bundle.type";
import type { PersonalizationContext } from "./context";

/** Largest budget accepted, in USD. */
export const MAX_BUNDLE_BUDGET = 100_000;

/** Intent bundles (gifting, recipes, occasions). */
@Resolver()
export class BundleResolver {
  @OwnedBy("userId")
  @Query(() => Bundle, {
    description: `An intent-aligned bundle: the intent ("gift for a coffee lover under $40", "ingredients for chicken tikka masala for 4", "movie night snacks for 6") becomes slots (a model when a key is set, else the offline planner), each slot is filled with one catalog product for this shopper (search, then their brands, past purchases, price sensitivity, dietary rules and the store's availability), and the bundle is fitted to the budget. Never an invented product: an intent the catalog cannot serve returns empty slots and says why.`,
  })
  async bundle(
    @Ctx() context: PersonalizationContext,
    @Arg("intent", { description: `What the bundle is for, 1–${BUNDLE_INTENT_MAX_LENGTH} characters.` }) intent: string,
    @Arg("userId", () => ID, {
      nullable: true,
      description: "The shopper (personalizes the choices); omit for an anonymous visitor.",
    })
    userId?: string | null,
    @Arg("storeId", () => ID, { nullable: true, description: "Only products available at this store, at its prices." })
    storeId?: string | null,
    @Arg("budget", () => Float, {
      nullable: true,
      description: `Most the bundle may cost, in USD (0 < budget ≤ ${MAX_BUNDLE_BUDGET}); omitted = the intent's own ("under $40"), else none.`,
    })
    budget?: number | null,
  ): Promise<Bundle> {
    const text = intent.trim();
    if (text.length === 0 || text.length > BUNDLE_INTENT_MAX_LENGTH)
      throw new BadUserInputError(
        `intent must be 1–${BUNDLE_INTENT_MAX_LENGTH} characters (got ${text.length})`,
        "intent",
      );
    if (
      budget !== null &&
      budget !== undefined &&
      (!Number.isFinite(budget) || budget <= 0 || budget > MAX_BUNDLE_BUDGET)
    )
      throw new BadUserInputError(
        `budget must be greater than 0 and at most ${MAX_BUNDLE_BUDGET} (got ${budget})`,
        "budget",
      );
    if (userId) assertId(userId, "userId");
    if (storeId) assertId(storeId, "storeId");
    return Bundle.of(
      await buildBundle(context, {
        intent: text,
        userId: userId ?? null,
        storeId: storeId ?? null,
        budget: budget ?? null,
      }),
    );
  }
}
