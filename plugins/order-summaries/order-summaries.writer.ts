import type { Db } from "mongodb";
import { COLLECTIONS } from "../../core/documents/collections";
import type { CategoryDocument } from "../../core/documents/category.document";
import type { ProductDocument } from "../../core/documents/product.document";
import type { UserDocument } from "../../core/documents/user.document";
import { orderSummaryFeature, type OrderSummaryInput } from "./order-summary.feature";
import type { LlmSource } from "../../core/llm/llm-feature";
import type { SemanticIdLookup } from "../../core/llm/catalog-context.loader";
import type { LlmGateway } from "../../core/llm/llm-gateway";
import { estimateTokens } from "../../core/llm/token-estimate";
import {
  USER_ATTRIBUTES_COLLECTION,
  type UserAttributesDocument,
} from "../../subgraphs/user-profile/attributes/user-attributes.document";
import { isInferredDiet } from "../../subgraphs/user-profile/attributes/diet-evidence";
import { summarizeAttributes } from "../../subgraphs/user-profile/summary.template";

/** Collection of stored shopper summaries (`_id` = user id), served as `User.summary` and read by blending. */
export const USER_SUMMARIES_COLLECTION = COLLECTIONS.userSummaries;
export { readUserSummary, type UserSummaryDocument } from "../../core/documents/user-summary.document";
import type { UserSummaryDocument } from "../../core/documents/user-summary.document";

/** Summary of one run. */
export interface OrderSummariesSummary {
  users: number;
  bySource: Record<LlmSource, number>;
  /** Product refs cited by the model that map to none of the shopper's regulars (unknown or invented codes). */
  droppedProducts: number;
  promptTokens: { mean: number };
}

/**
 * The facts of a shopper the prompt carries (shares rounded, category names, regulars by name, each with
 * its Semantic ID when `semanticIds` knows one: the prompt cites a regular by it).
 */
export async function orderSummaryInput(
  db: Db,
  attributes: UserAttributesDocument,
  dietary: readonly string[],
  semanticIds?: SemanticIdLookup,
): Promise<OrderSummaryInput> {
  const round = (share: number) => Math.round(share * 100) / 100;
  const regularIds = attributes.items
    .filter((item) => item.purchaseCount >= 2)
    .sort((a, b) => b.purchaseCount - a.purchaseCount)
    .slice(0, 8);
  const [products, categories] = await Promise.all([
    db
      .collection<ProductDocument>(COLLECTIONS.products)
      .find({ _id: { $in: regularIds.map((item) => item.productId) } }, { projection: { name: 1 } })
      .toArray(),
    db
      .collection<CategoryDocument>(COLLECTIONS.categories)
      .find({ _id: { $in: attributes.categories.slice(0, 6).map((entry) => entry.key) } }, { projection: { name: 1 } })
      .toArray(),
  ]);
  const names = new Map([...products, ...categories].map((document) => [document._id, document.name]));
  // Without Semantic IDs (none built, or the lookup failing) the prompt cites regulars by product id.
  const sids = semanticIds
    ? await semanticIds(regularIds.map((item) => item.productId)).catch(() => new Map<string, string>())
    : new Map<string, string>();
  return {
    userId: attributes._id,
    template: summarizeAttributes(attributes, [...dietary]),
    facts: {
      verticals: attributes.verticals.slice(0, 4).map((entry) => ({ key: entry.key, share: round(entry.share) })),
      categories: attributes.categories
        .slice(0, 6)
        .map((entry) => ({ name: names.get(entry.key) ?? entry.key, share: round(entry.share) })),
      brands: attributes.brands.slice(0, 5).map((entry) => ({ key: entry.key, share: round(entry.share) })),
      cuisines: attributes.cuisines.slice(0, 3).map((entry) => ({ key: entry.key, share: round(entry.share) })),
      dietary: [
        ...new Set([...dietary, ...attributes.dietary.filter(isInferredDiet).map((signal) => signal.tag)]),
      ].sort(),
      priceSensitivity: attributes.price.sensitivity === null ? null : round(attributes.price.sensitivity),
      regulars: regularIds.flatMap((item) =>
        names.has(item.productId)
          ? [
              {
                id: item.productId,
                name: names.get(item.productId)!,
                count: item.purchaseCount,
                ...(sids.has(item.productId) ? { semanticId: sids.get(item.productId)! } : {}),
              },
            ]
          : [],
      ),
    },
  };
}

/**
 * Writes a summary per shopper with attributes (model, cache or the template offline) into
 * `user_summaries`, with its source and time; the prompt cites the shopper's regulars by Semantic ID
 * (`semanticIds`), the products it names must map back to them, and unknown refs are dropped and counted.
 */
export async function writeOrderSummaries(
  db: Db,
  gateway: LlmGateway,
  options: {
    limit?: number;
    now?: Date;
    /** Product id → Semantic ID (absent: regulars are cited by product id). */
    semanticIds?: SemanticIdLookup;
    onUser?(done: number, total: number): void;
  } = {},
): Promise<OrderSummariesSummary> {
  const filter = { purchaseLines: { $gt: 0 } };
  const total = Math.min(
    options.limit ?? Infinity,
    await db.collection<UserAttributesDocument>(USER_ATTRIBUTES_COLLECTION).countDocuments(filter),
  );
  const summary: OrderSummariesSummary = {
    users: 0,
    bySource: { LLM: 0, CACHE: 0, OFFLINE: 0 },
    droppedProducts: 0,
    promptTokens: { mean: 0 },
  };
  const summaries = db.collection<UserSummaryDocument>(USER_SUMMARIES_COLLECTION);
  let tokens = 0;
  const cursor = db
    .collection<UserAttributesDocument>(USER_ATTRIBUTES_COLLECTION)
    .find(filter)
    .sort({ _id: 1 })
    .limit(Number.isFinite(total) ? total : 0);
  for await (const attributes of cursor) {
    const user = await db
      .collection<UserDocument>(COLLECTIONS.users)
      .findOne({ _id: attributes._id }, { projection: { preferences: 1 } });
    const input = await orderSummaryInput(db, attributes, user?.preferences?.dietary ?? [], options.semanticIds);
    const prompt = orderSummaryFeature.buildPrompt(input);
    tokens += estimateTokens(prompt.system) + estimateTokens(prompt.user);
    const result = await gateway.run(orderSummaryFeature, input);
    summary.bySource[result.source] += 1;
    summary.droppedProducts += result.dropped;
    await summaries.replaceOne(
      { _id: attributes._id },
      {
        text: result.output.summary,
        source: result.source,
        updatedAt: options.now ?? new Date(),
        attributesComputedAt: attributes.computedAt,
      },
      { upsert: true },
    );
    summary.users += 1;
    options.onUser?.(summary.users, total);
  }
  summary.promptTokens.mean = Math.round(tokens / Math.max(1, summary.users));
  return summary;
}
