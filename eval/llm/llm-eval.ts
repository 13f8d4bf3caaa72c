import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import type { Db } from "mongodb";
import type { CategoryDocument } from "../../core/documents/category.document";
import { COLLECTIONS } from "../../core/documents/collections";
import type { ProductDocument } from "../../core/documents/product.document";
import { CatalogContextLoader, type SemanticIdLookup } from "../../core/llm/catalog-context.loader";
import type { LlmGateway } from "../../core/llm/llm-gateway";
import type { UsageCounters } from "../../core/llm/llm-usage.recorder";
import { createLogger } from "../../core/logger";
import { percentile } from "../../bench/percentile";
import { orderSummaryFeature } from "../../plugins/order-summaries/order-summary.feature";
import { checkText } from "../../core/llm/output-checks";
import { orderSummaryInput } from "../../plugins/order-summaries/order-summaries.writer";
import {
  USER_ATTRIBUTES_COLLECTION,
  type UserAttributesDocument,
} from "../../subgraphs/user-profile/attributes/user-attributes.document";
import type { UserDocument } from "../../core/documents/user.document";
import type { TextSearchService } from "../../plugins/sdk/services";
import { createPersonalizationContext, type PersonalizationContext } from "../../subgraphs/personalization/context";
import { personalizationSubgraph } from "../../subgraphs/personalization/personalization.subgraph";
import { bindPrincipal } from "../../subgraphs/shared/authorization";
import {
  BUNDLE_INTENTS,
  HELD_OUT_BUNDLE_INTENTS,
  HELD_OUT_B_BUNDLE_INTENTS,
  HELD_OUT_C_BUNDLE_INTENTS,
  HELD_OUT_D_BUNDLE_INTENTS,
  REWRITE_QUERIES,
  type IntentCase,
} from "./llm-eval.set";

const SEARCH = `query ($query: String!, $userId: ID) { search(query: $query, userId: $userId) {
  rewrite { source interpretations { label categoryPath brand rewrittenQuery } }
  results(first: 10) { edges { node { product { id } } } } } }`;
const CAROUSELS = `query ($userId: ID) { carousels(surface: HOME, userId: $userId) {
  explanation explanationSource items(first: 12) { edges { node { product { id } explanation } } } } }`;
const BUNDLE = `query ($intent: String!, $userId: ID, $budget: Float) { bundle(intent: $intent, userId: $userId, budget: $budget) {
  title kind budget total withinBudget source explanation
  slots { role required price product { id } alternatives { id } missing } } }`;

/** Bundle quality over one intent set. */
export interface BundleEvalReport {
  intents: number;
  requests: number;
  /** Filled slots / planned slots, over every request. */
  slotCoverage: number;
  /** Slots served per bundle, on average (a planner that plans fewer slots fills them more easily: read beside coverage). */
  slotsPerBundle: number;
  /** Requests whose every slot (optional ones included) holds a product within budget. */
  allSlotsFilledWithinBudget: number;
  /** Requests whose every required slot holds a product (optional ones may be left out for the budget). */
  requiredSlotsFilled: number;
  withinBudgetRate: number;
  /** Product ids served (chosen or alternatives) that the catalog does not hold (must be 0). */
  inventedIds: number;
  latencyMs: { p50: number; p99: number; max: number };
  byKind: Record<string, { requests: number; allSlotsFilledWithinBudget: number }>;
  failures: Array<{
    intent: string;
    userId: string | null;
    kind: BundleFailureKind;
    explanation: string;
    missing: string[];
  }>;
  /** Incomplete bundles by {@link BundleFailureKind}. */
  failureKinds: Record<BundleFailureKind, number>;
  sources: Record<string, number>;
}

/**
 * Why a bundle is incomplete, the first that applies: a required slot the catalog carries nothing for
 * (`not-in-catalog`: the intent cannot be served on this catalog, and the bundle says so), a required
 * slot whose every match the shopper's rules exclude with no substitute (`excluded-for-shopper`: a diet,
 * the store's range), the cheapest fit over the budget (`over-budget`), an optional slot left out for the
 * budget (`left-out-for-budget`), or anything else (`other`: a planned slot unfilled for another reason).
 */
export type BundleFailureKind =
  "not-in-catalog" | "excluded-for-shopper" | "over-budget" | "left-out-for-budget" | "other";

/** The kind of an incomplete bundle, read from its slots' `missing` texts and `withinBudget`. */
export function bundleFailureKind(
  slots: ReadonlyArray<{ required: boolean; missing: string | null }>,
  withinBudget: boolean,
): BundleFailureKind {
  const requiredGaps = slots.filter((slot) => slot.required && slot.missing).map((slot) => slot.missing!);
  if (slots.length === 0 || requiredGaps.some((text) => text.startsWith("Nothing in the catalog")))
    return "not-in-catalog";
  if (requiredGaps.some((text) => text.startsWith("The catalog has"))) return "excluded-for-shopper";
  if (!withinBudget) return "over-budget";
  if (slots.some((slot) => slot.missing?.startsWith("Left out to stay within"))) return "left-out-for-budget";
  return "other";
}

/** What `eval llm` reports. */
export interface LlmEvalReport {
  provider: string;
  shoppers: Array<string | null>;
  rewrite: {
    requests: number;
    interpretations: number;
    /** Share of interpretations whose every category id and brand exists in the catalog. */
    groundingRate: number;
    /** Category ids, brands or result product ids served that the catalog does not hold (must be 0). */
    inventedIds: number;
    /** Requests with at least two interpretations. */
    ambiguousShare: number;
    sources: Record<string, number>;
  };
  /** Bundles over the development intents ({@link BUNDLE_INTENTS}). */
  bundles: BundleEvalReport;
  /** Bundles over the first held-out intents ({@link HELD_OUT_BUNDLE_INTENTS}). */
  bundlesHeldOut: BundleEvalReport;
  /** Bundles over the second held-out intents ({@link HELD_OUT_B_BUNDLE_INTENTS}), run once per change, never iterated on. */
  bundlesHeldOutB: BundleEvalReport;
  /** Bundles over the third held-out intents ({@link HELD_OUT_C_BUNDLE_INTENTS}), measured before and after one change only, never iterated on. */
  bundlesHeldOutC: BundleEvalReport;
  /** Bundles over the fourth held-out intents ({@link HELD_OUT_D_BUNDLE_INTENTS}), measured before and after one change only, never iterated on. */
  bundlesHeldOutD: BundleEvalReport;
  explanations: {
    carousels: number;
    /** Carousel and item explanations served. */
    texts: number;
    /** Served explanations that fail the output checks (must be 0). */
    unsafe: number;
    /** Product ids served in carousels that the catalog does not hold (must be 0). */
    inventedIds: number;
    sources: Record<string, number>;
  };
  orderSummaries: {
    shoppers: number;
    /** Summaries that fail the output checks (must be 0). */
    unsafe: number;
    /** Product ids named that are not the shopper's regulars (must be 0). */
    inventedIds: number;
    /** Refs the model cited that map to no regular (unknown or invented codes), dropped before anything is kept. */
    droppedRefs: number;
    sources: Record<string, number>;
  };
  /** Not run here: batch jobs that write to the database (`jobs -- llm-collections`, `jobs -- kg-augment`) report their own grounding drops. */
  notCovered: string[];
  /** Gateway counters per feature: model, cache and offline answers, fallbacks by reason ("rejected": refused outputs), grounding drops. */
  gateway: Record<string, UsageCounters>;
}

/** Options of {@link evaluateLlmFeatures}. */
export interface LlmEvalOptions {
  gateway: LlmGateway;
  /** The catalog search the personalization process uses (the catalog subgraph's index, or an in-process BM25 over the same products). */
  textSearch: TextSearchService;
  /** Shoppers to act for (null = anonymous). */
  shoppers: Array<string | null>;
  now: Date;
  intents?: readonly IntentCase[];
  /** Held-out intents, reported apart (default {@link HELD_OUT_BUNDLE_INTENTS}). */
  heldOutIntents?: readonly IntentCase[];
  /** Second held-out intents (default {@link HELD_OUT_B_BUNDLE_INTENTS}). */
  heldOutBIntents?: readonly IntentCase[];
  /** Third held-out intents (default {@link HELD_OUT_C_BUNDLE_INTENTS}). */
  heldOutCIntents?: readonly IntentCase[];
  /** Fourth held-out intents (default {@link HELD_OUT_D_BUNDLE_INTENTS}). */
  heldOutDIntents?: readonly IntentCase[];
  queries?: readonly string[];
  /** Product id → Semantic ID, so order-summary prompts cite regulars by Semantic ID (absent: by product id). */
  semanticIds?: SemanticIdLookup;
}

const rate = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

/** Runs `Query.bundle` for every shopper × intent of one set and scores the answers against the catalog. */
async function evaluateBundles(
  execute: (query: string, variables: Record<string, unknown>) => Promise<Record<string, any>>, // eslint-disable-line @typescript-eslint/no-explicit-any
  shoppers: Array<string | null>,
  intents: readonly IntentCase[],
  productIds: ReadonlySet<string>,
): Promise<BundleEvalReport> {
  const bundles = {
    requests: 0,
    slots: 0,
    filled: 0,
    complete: 0,
    required: 0,
    within: 0,
    invented: 0,
    latencies: [] as number[],
    byKind: {} as Record<string, { requests: number; allSlotsFilledWithinBudget: number }>,
    failures: [] as BundleEvalReport["failures"],
    failureKinds: {
      "not-in-catalog": 0,
      "excluded-for-shopper": 0,
      "over-budget": 0,
      "left-out-for-budget": 0,
      other: 0,
    } as Record<BundleFailureKind, number>,
    sources: {} as Record<string, number>,
  };
  for (const userId of shoppers) {
    for (const { intent, kind, budget } of intents) {
      const started = performance.now();
      const data = (await execute(BUNDLE, { intent, userId, budget })).bundle;
      bundles.latencies.push(performance.now() - started);
      bundles.requests += 1;
      bundles.sources[data.source] = (bundles.sources[data.source] ?? 0) + 1;
      const slots = data.slots as Array<{
        role: string;
        required: boolean;
        missing: string | null;
        product: { id: string } | null;
        alternatives: Array<{ id: string }>;
      }>;
      bundles.slots += slots.length;
      const filled = slots.filter((slot) => slot.product).length;
      bundles.filled += filled;
      for (const slot of slots)
        for (const id of [
          ...(slot.product ? [slot.product.id] : []),
          ...slot.alternatives.map((alternative) => alternative.id),
        ])
          if (!productIds.has(id)) bundles.invented += 1;
      const complete = filled === slots.length && slots.length > 0 && data.withinBudget;
      if (complete) bundles.complete += 1;
      else {
        const failure = bundleFailureKind(slots, data.withinBudget);
        bundles.failureKinds[failure] += 1;
        bundles.failures.push({
          intent,
          userId,
          kind: failure,
          explanation: data.explanation,
          missing: slots.flatMap((slot) => (slot.missing ? [`${slot.role}: ${slot.missing}`] : [])),
        });
      }
      if (slots.every((slot) => slot.product || !slot.required) && filled > 0) bundles.required += 1;
      if (data.withinBudget) bundles.within += 1;
      const entry = (bundles.byKind[kind] ??= { requests: 0, allSlotsFilledWithinBudget: 0 });
      entry.requests += 1;
      if (complete) entry.allSlotsFilledWithinBudget += 1;
    }
  }
  const sorted = [...bundles.latencies].sort((a, b) => a - b);
  const ms = (value: number) => Math.round(value * 10) / 10;
  return {
    intents: intents.length,
    requests: bundles.requests,
    slotCoverage: rate(bundles.filled, bundles.slots),
    slotsPerBundle: bundles.requests === 0 ? 0 : Math.round((bundles.slots / bundles.requests) * 100) / 100,
    allSlotsFilledWithinBudget: rate(bundles.complete, bundles.requests),
    requiredSlotsFilled: rate(bundles.required, bundles.requests),
    withinBudgetRate: rate(bundles.within, bundles.requests),
    inventedIds: bundles.invented,
    latencyMs: { p50: ms(percentile(sorted, 50)), p99: ms(percentile(sorted, 99)), max: ms(sorted.at(-1) ?? 0) },
    byKind: bundles.byKind,
    failures: bundles.failures,
    failureKinds: bundles.failureKinds,
    sources: bundles.sources,
  };
}

/**
 * Runs the LLM features over the fixed input set through the configured gateway (offline, a model, or
 * a fake Messages server in tests) and the real personalization schema, acting for each of `shoppers`:
 * query rewrite (`Query.search`), bundles (`Query.bundle`), carousel explanations (`Query.carousels` on
 * HOME) and order summaries (the feature on each shopper's facts, nothing stored), checking every id served
 * against the catalog and every text served against the output checks. The batch features that write to
 * the database (generated collections, knowledge-graph augmentation) are not run here.
 */
export async function evaluateLlmFeatures(db: Db, options: LlmEvalOptions): Promise<LlmEvalReport> {
  const logger = createLogger("llm-eval", "silent");
  const server = new ApolloServer<PersonalizationContext>({
    schema: await personalizationSubgraph.schema(),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const llm = { gateway: options.gateway, catalogContext: new CatalogContextLoader(db) };
  const execute = async (query: string, variables: Record<string, unknown>) => {
    const context = bindPrincipal(
      createPersonalizationContext(
        { db, logger },
        { textSearch: options.textSearch, now: () => options.now, llm, ranker: null, embeddings: null },
      ),
      { role: "service", subject: "llm-eval" },
    );
    const response = await server.executeOperation({ query, variables }, { contextValue: context });
    if (response.body.kind !== "single") throw new Error("expected a single result");
    const result = response.body.singleResult;
    if (result.errors?.length) throw new Error(`${JSON.stringify(variables)}: ${result.errors[0]!.message}`);
    // GraphQL data is untyped JSON; each caller reads the shape it asked for.
    return result.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const productIds = new Set(
    (
      await db
        .collection<ProductDocument>(COLLECTIONS.products)
        .find({}, { projection: { _id: 1 } })
        .toArray()
    ).map((product) => product._id),
  );
  const categoryIds = new Set(
    (
      await db
        .collection<CategoryDocument>(COLLECTIONS.categories)
        .find({}, { projection: { _id: 1 } })
        .toArray()
    ).map((category) => category._id),
  );
  const brands = new Set(
    (await db.collection<ProductDocument>(COLLECTIONS.products).distinct("brand")).filter(
      (brand): brand is string => typeof brand === "string",
    ),
  );

  const rewrite = {
    requests: 0,
    interpretations: 0,
    grounded: 0,
    invented: 0,
    ambiguous: 0,
    sources: {} as Record<string, number>,
  };
  for (const userId of options.shoppers) {
    for (const query of options.queries ?? REWRITE_QUERIES) {
      const data = (await execute(SEARCH, { query, userId })).search;
      rewrite.requests += 1;
      rewrite.sources[data.rewrite.source] = (rewrite.sources[data.rewrite.source] ?? 0) + 1;
      const readings = data.rewrite.interpretations as Array<{ categoryPath: string[]; brand: string | null }>;
      if (readings.length >= 2) rewrite.ambiguous += 1;
      for (const reading of readings) {
        rewrite.interpretations += 1;
        const unknown =
          reading.categoryPath.filter((id) => !categoryIds.has(id)).length +
          (reading.brand && !brands.has(reading.brand) ? 1 : 0);
        rewrite.invented += unknown;
        if (unknown === 0) rewrite.grounded += 1;
      }
      for (const edge of data.results.edges as Array<{ node: { product: { id: string } } }>)
        if (!productIds.has(edge.node.product.id)) rewrite.invented += 1;
    }
  }

  const bundles = await evaluateBundles(execute, options.shoppers, options.intents ?? BUNDLE_INTENTS, productIds);
  const bundlesHeldOut = await evaluateBundles(
    execute,
    options.shoppers,
    options.heldOutIntents ?? HELD_OUT_BUNDLE_INTENTS,
    productIds,
  );
  const bundlesHeldOutB = await evaluateBundles(
    execute,
    options.shoppers,
    options.heldOutBIntents ?? HELD_OUT_B_BUNDLE_INTENTS,
    productIds,
  );
  const bundlesHeldOutC = await evaluateBundles(
    execute,
    options.shoppers,
    options.heldOutCIntents ?? HELD_OUT_C_BUNDLE_INTENTS,
    productIds,
  );
  const bundlesHeldOutD = await evaluateBundles(
    execute,
    options.shoppers,
    options.heldOutDIntents ?? HELD_OUT_D_BUNDLE_INTENTS,
    productIds,
  );
  const explanations = { carousels: 0, texts: 0, unsafe: 0, inventedIds: 0, sources: {} as Record<string, number> };
  for (const userId of options.shoppers) {
    for (const carousel of (await execute(CAROUSELS, { userId })).carousels as Array<{
      explanation: string;
      explanationSource: string;
      items: { edges: Array<{ node: { product: { id: string }; explanation: string | null } }> };
    }>) {
      explanations.carousels += 1;
      explanations.sources[carousel.explanationSource] = (explanations.sources[carousel.explanationSource] ?? 0) + 1;
      const texts = [
        carousel.explanation,
        ...carousel.items.edges.flatMap((edge) => (edge.node.explanation ? [edge.node.explanation] : [])),
      ];
      explanations.texts += texts.length;
      explanations.unsafe += texts.filter((text) => checkText(text, { maxLength: 200 }) !== null).length;
      explanations.inventedIds += carousel.items.edges.filter((edge) => !productIds.has(edge.node.product.id)).length;
    }
  }

  const summaries = { shoppers: 0, unsafe: 0, inventedIds: 0, droppedRefs: 0, sources: {} as Record<string, number> };
  const known = options.shoppers.filter((userId): userId is string => userId !== null);
  const attributes = await db
    .collection<UserAttributesDocument>(USER_ATTRIBUTES_COLLECTION)
    .find({ _id: { $in: known } })
    .toArray();
  const users = new Map(
    (
      await db
        .collection<UserDocument>(COLLECTIONS.users)
        .find({ _id: { $in: known } })
        .toArray()
    ).map((user) => [user._id, user]),
  );
  for (const document of attributes) {
    const input = await orderSummaryInput(
      db,
      document,
      users.get(document._id)?.preferences.dietary ?? [],
      options.semanticIds,
    );
    const result = await options.gateway.run(orderSummaryFeature, input);
    summaries.shoppers += 1;
    summaries.sources[result.source] = (summaries.sources[result.source] ?? 0) + 1;
    if (checkText(result.output.summary, { maxLength: 500 }) !== null) summaries.unsafe += 1;
    const regulars = new Set(input.facts.regulars.map((regular) => regular.id));
    summaries.inventedIds += (result.output.products ?? []).filter((id) => !regulars.has(id)).length;
    summaries.droppedRefs += result.dropped;
  }

  return {
    provider: options.gateway.model,
    shoppers: options.shoppers,
    rewrite: {
      requests: rewrite.requests,
      interpretations: rewrite.interpretations,
      groundingRate: rate(rewrite.grounded, rewrite.interpretations),
      inventedIds: rewrite.invented,
      ambiguousShare: rate(rewrite.ambiguous, rewrite.requests),
      sources: rewrite.sources,
    },
    bundles,
    bundlesHeldOut,
    bundlesHeldOutB,
    bundlesHeldOutC,
    bundlesHeldOutD,
    explanations,
    orderSummaries: summaries,
    notCovered: [
      "generated collections (npm run jobs -- llm-collections)",
      "knowledge-graph augmentation (npm run jobs -- kg-augment)",
    ],
    gateway: options.gateway.counters(),
  };
}
