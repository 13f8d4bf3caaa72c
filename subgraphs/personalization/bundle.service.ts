import type { ProductDocument } from "../catalog/read-model";
import type { BundlePlan, BundleSlotPlan } from "../../core/llm/features/bundle.feature";
import { UnavailableError } from "../shared/errors";
import { statedBudget, statedDiets } from "../../core/llm/features/bundle.planner";
import type { LlmSource } from "../../core/llm/llm-feature";
import { normalizeText } from "../../core/llm/input-hash";
import type { BlendedAttributes } from "../../plugins/sdk/blended-attributes";
import type { ScoredId } from "../../plugins/sdk/services";
import type { PersonalizationContext } from "./context";
import { blendAttributes } from "./pipeline/blend-attributes.step";
import { exclusionOf, isAgeRestricted } from "./pipeline/eligibility.rules";

/** Search hits read per slot query. */
const HITS_PER_QUERY = 30;
/** Alternatives kept per slot. */
export const BUNDLE_ALTERNATIVES = 3;
/** Verticals a bundle takes products from (restaurant dishes are not ingredients or presents). */
const BUNDLE_VERTICALS = new Set(["GROCERY", "CONVENIENCE", "ALCOHOL", "RETAIL", "FLOWERS", "GIFTING"]);
/** Verticals a recipe's ingredients come from: food and drink (a dog food is not chicken for a soup). */
const RECIPE_VERTICALS = new Set(["GROCERY", "CONVENIENCE", "ALCOHOL"]);

/** A product a slot may take, with its price (at the store when one is given). */
export interface SlotCandidate {
  product: ProductDocument;
  price: number;
  score: number;
  reasons: string[];
}

/** One filled (or unfillable) slot. */
export interface FilledSlot {
  role: string;
  query: string;
  required: boolean;
  /** Null when nothing in the catalog fits the slot (or it was dropped to meet the budget). */
  product: ProductDocument | null;
  price: number | null;
  alternatives: ProductDocument[];
  reasons: string[];
  /** Why the slot is empty, when it is. */
  missing: string | null;
}

/** A bundle before GraphQL: the plan, its filled slots and the totals. */
export interface BundleResult {
  intent: string;
  title: string;
  kind: BundlePlan["kind"];
  servings: number | null;
  budget: number | null;
  slots: FilledSlot[];
  total: number;
  withinBudget: boolean;
  explanation: string;
  source: LlmSource;
}

/** What {@link buildBundle} needs. */
export interface BundleRequest {
  intent: string;
  userId: string | null;
  storeId: string | null;
  budget: number | null;
}

const round = (value: number): number => Math.round(value * 100) / 100;

const wordsOf = (text: string): string[] =>
  normalizeText(text)
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 2)
    .map((word) => word.replace(/(es|s)$/, ""));

/**
 * How a product matches a slot query, plural-insensitive: "name" when every word of the query is in what
 * its name says it is (the name without the brand's words: names start with the brand), "brand" when
 * they are only there with the brand's ("candle" in "Yankee Candle Storage Bins", "chicken" in "Chicken of
 * the Sea Cod Fillets"), "category" when they are in the name of the category that holds it ("fruit" → a
 * product of Fresh Fruits), else null: the lexical relevance check.
 */
function matchOf(
  product: ProductDocument,
  query: string,
  categoryName: string | undefined,
): "name" | "brand" | "category" | null {
  const terms = wordsOf(query);
  if (terms.length === 0) return null;
  const brand = new Set(wordsOf(product.brand ?? ""));
  const own = new Set(wordsOf(product.name).filter((word) => !brand.has(word)));
  if (terms.every((term) => own.has(term))) return "name";
  const words = new Set(wordsOf(`${product.name} ${product.brand ?? ""}`));
  if (terms.every((term) => words.has(term))) return "brand";
  if (!categoryName) return null;
  const category = new Set(wordsOf(categoryName));
  return terms.every((term) => words.has(term) || category.has(term)) ? "category" : null;
}

/** Readable names of exclusion reasons, for the reason of a substitute. */
const EXCLUSION_TEXT: Record<string, string> = {
  UNAVAILABLE_AT_STORE: "is available at your store",
  DIETARY_CONFLICT: "fits your diet",
  EXCLUDED_BRAND: "avoids the brands you excluded",
  EXCLUDED_CATEGORY: "avoids the categories you excluded",
  AGE_RESTRICTED: "is open to you",
  IN_CART: "is not already in your cart",
};

/** Candidates read per category when a slot looks for substitutes. */
const SUBSTITUTES_PER_CATEGORY = 40;

/** The query's last word is the product name's last word (its head noun): "Large Eggs" is eggs, "Egg Salad Sandwich" is a sandwich. */
function headNounMatches(product: ProductDocument, query: string): boolean {
  return wordsOf(product.name).at(-1) === wordsOf(query).at(-1);
}

/**
 * Fills one slot from the catalog: each of its queries through the search index (BM25), hits kept when
 * the product's words contain the query's, in `verticals` (a bundle's; a recipe's: food and drink), and allowed by the eligibility rules of
 * search ({@link exclusionOf}: store availability, stated diets with vegan ⇒ vegetarian, excluded brands
 * and categories; age-restricted items kept and marked "ID required"). Ranked by head-noun match, query order and search rank
 * (a match only through the brand's words last), then the shopper's brands, past purchases and price sensitivity. When
 * the rules exclude a query's own products (named by it as their head noun), products that merely contain
 * its words are not kept in their place, and substitutes come from the own products' categories only.
 */
async function slotCandidates(
  context: PersonalizationContext,
  slot: BundleSlotPlan,
  attributes: BlendedAttributes,
  storeId: string | null,
  verticals: ReadonlySet<string> = BUNDLE_VERTICALS,
): Promise<SlotPool> {
  const services = context.pipeline.services;
  const lists = await Promise.all(
    slot.queries.map((query) => services.textSearch.search(query, HITS_PER_QUERY).catch(() => [])),
  );
  const ids = [...new Set(lists.flat().map((hit) => hit.productId))];
  if (ids.length === 0) return { candidates: [], excludedBy: null };
  const [products, offers] = await Promise.all([
    services.catalog.products(ids),
    storeId ? services.catalog.offers(storeId, ids) : Promise.resolve(null),
  ]);
  const categoryNames = await namesOf(
    context,
    [...products.values()].map((product) => product.categoryId),
  );
  const purchased = new Set(attributes.purchases.map((purchase) => purchase.productId));
  const seen = new Set<string>();
  const candidates: SlotCandidate[] = [];
  /** Relevant products the shopper's rules excluded, by leaf category, with why: where substitutes are looked for. */
  const excluded = new Map<string, { reason: string; productIds: string[]; head: boolean }>();
  /** Queries whose own products (named by the query as their head noun) the shopper's rules excluded. */
  const excludedHeads = new Set<number>();
  /** Candidates that only contain a query's words ("Chicken & Rice Dog Food" for "chicken"), by query. */
  const containing = new Map<number, Set<string>>();
  const consider = (product: ProductDocument, price: number, base: number, reasons: string[]) => {
    let score = base;
    const brandShare = product.brand ? (attributes.brandAffinity[product.brand] ?? 0) : 0;
    if (brandShare > 0) {
      score += 0.5 * brandShare;
      reasons.push(`A brand you buy (${product.brand})`);
    }
    if (purchased.has(product._id)) {
      score += 0.2;
      reasons.push("You have bought it before");
    }
    if (storeId) reasons.push("Available at your store");
    // As in search: an age-restricted product the shopper asked for is shown, marked; ordering it needs an age-verified shopper.
    if (isAgeRestricted(product) && !attributes.ageVerified) reasons.push("ID required (age-restricted)");
    candidates.push({ product, price, score, reasons });
  };
  lists.forEach((hits, queryIndex) => {
    const query = slot.queries[queryIndex]!;
    hits.forEach((hit, rank) => {
      const product = products.get(hit.productId);
      if (!product || seen.has(product._id) || !verticals.has(product.vertical)) return;
      const match = matchOf(product, query, categoryNames.get(product.categoryId));
      if (!match) return;
      // The rules every surface applies (store availability, stated diets with vegan ⇒ vegetarian, exclusions), as in search.
      const offer = offers?.get(product._id);
      const exclusion = exclusionOf(attributes, product, offer);
      if (exclusion) {
        const head = match === "name" && headNounMatches(product, query);
        if (head) excludedHeads.add(queryIndex);
        const entry = excluded.get(product.categoryId) ?? { reason: exclusion, productIds: [], head: false };
        entry.productIds.push(product._id);
        entry.head ||= head;
        excluded.set(product.categoryId, entry);
        return;
      }
      seen.add(product._id);
      // What the product is (its head noun, else its category), not what it contains, decides first.
      let base = 1 / (1 + queryIndex) / (1 + rank * 0.05);
      if (match === "name" && headNounMatches(product, query)) base += 0.6;
      else if (match === "category") base += 0.3;
      // A brand's word names the maker, not the product: the last resort of a slot.
      else if (match === "brand") base -= 0.3;
      else {
        const list = containing.get(queryIndex) ?? new Set<string>();
        list.add(product._id);
        containing.set(queryIndex, list);
      }
      const reasons = [
        match === "category" ? `From ${categoryNames.get(product.categoryId)} ("${query}")` : `Matches "${query}"`,
      ];
      consider(product, offer?.price ?? product.price, base, reasons);
    });
  });
  // The query's own products are all excluded for this shopper: what merely contains its words is not a
  // stand-in for them (a vegetarian's "chicken" is not a chicken-flavoured dog food); substitutes are looked for instead.
  // Likewise, substitutes come from the categories of the query's own products (a chicken's from Poultry,
  // not a chicken wrap's Sandwiches).
  if (excludedHeads.size > 0) {
    const contained = new Set([...excludedHeads].flatMap((index) => [...(containing.get(index) ?? [])]));
    for (let index = candidates.length - 1; index >= 0; index -= 1)
      if (contained.has(candidates[index]!.product._id)) candidates.splice(index, 1);
    for (const [categoryId, entry] of excluded) if (!entry.head) excluded.delete(categoryId);
  }
  if (candidates.length === 0 && excluded.size > 0)
    await addSubstitutes(context, slot, attributes, storeId, excluded, categoryNames, consider, verticals);
  // Price sensitivity: the cheaper of close candidates wins for a shopper who watches prices.
  const dearest = Math.max(...candidates.map((candidate) => candidate.price), 0.01);
  for (const candidate of candidates)
    candidate.score += 0.4 * attributes.priceSensitivity * (1 - candidate.price / dearest);
  candidates.sort((a, b) => b.score - a.score || a.price - b.price || a.product._id.localeCompare(b.product._id));
  const reasons = [
    ...new Set([...excluded.values()].map((entry) => EXCLUSION_TEXT[entry.reason] ?? "fits your rules")),
  ];
  return { candidates, excludedBy: candidates.length === 0 && reasons.length > 0 ? reasons.join(" or ") : null };
}

/** A slot's candidates, best first, and, when it has none but the catalog has matches, what excluded them. */
interface SlotPool {
  candidates: SlotCandidate[];
  /** E.g. "fits your diet": nothing that matches does. */
  excludedBy: string | null;
}

/** Category names by id (the pipeline's category loader). */
async function namesOf(context: PersonalizationContext, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const categories = await context.pipeline.loaders.category.loadMany(unique);
  return new Map(
    categories.flatMap((category) =>
      category && !(category instanceof Error) ? [[category._id, category.name] as const] : [],
    ),
  );
}

/**
 * A slot whose every relevant product the shopper's rules exclude (a diet, the store's range, excluded
 * brands) takes a substitute: a product of the same leaf category that the rules allow, found among the
 * excluded products' Semantic-ID neighbours when Semantic IDs are served, and in the category's best
 * values. Marked as a substitute, with what it replaces and why; a category with nothing allowed stays empty.
 */
async function addSubstitutes(
  context: PersonalizationContext,
  slot: BundleSlotPlan,
  attributes: BlendedAttributes,
  storeId: string | null,
  excluded: Map<string, { reason: string; productIds: string[] }>,
  categoryNames: Map<string, string>,
  consider: (product: ProductDocument, price: number, base: number, reasons: string[]) => void,
  verticals: ReadonlySet<string>,
): Promise<void> {
  const services = context.pipeline.services;
  const categories = [...excluded.keys()];
  const [byCategory, neighbours] = await Promise.all([
    Promise.all(categories.map((id) => services.catalog.inCategory(id, SUBSTITUTES_PER_CATEGORY).catch(() => []))),
    services.embeddings?.prefixNeighbours
      ? services.embeddings
          .prefixNeighbours(
            [...excluded.values()].flatMap((entry) => entry.productIds.slice(0, 5)),
            SUBSTITUTES_PER_CATEGORY,
          )
          .catch((): ScoredId[] => [])
      : Promise.resolve<ScoredId[]>([]),
  ]);
  const order = new Map<string, number>();
  neighbours.forEach((hit, rank) => order.set(hit.productId, rank));
  byCategory.flat().forEach((hit, rank) => {
    if (!order.has(hit.productId)) order.set(hit.productId, neighbours.length + rank);
  });
  const ids = [...order.keys()];
  if (ids.length === 0) return;
  const [products, offers] = await Promise.all([
    services.catalog.products(ids),
    storeId ? services.catalog.offers(storeId, ids) : Promise.resolve(null),
  ]);
  for (const id of ids) {
    const product = products.get(id);
    const entry = product ? excluded.get(product.categoryId) : undefined;
    if (!product || !entry || !verticals.has(product.vertical)) continue;
    const offer = offers?.get(id);
    if (exclusionOf(attributes, product, offer)) continue;
    const why = EXCLUSION_TEXT[entry.reason] ?? "fits your rules";
    consider(product, offer?.price ?? product.price, 0.2 / (1 + order.get(id)! * 0.05), [
      `Substitute: no "${slot.queries[0]}" ${why}; this is the closest from ${categoryNames.get(product.categoryId) ?? "its category"}`,
    ]);
  }
}

/** Options a slot's selection weighs: its best candidates for the shopper and its cheapest ones. */
const OPTIONS_BY_SCORE = 25;
const OPTIONS_BY_PRICE = 10;
/** Budget steps the selection distinguishes (prices are rounded up to a step, so the result never exceeds the budget). */
const BUDGET_STEPS = 4000;
/** Value of filling a required slot, an optional one; a candidate's preference score (< 10) decides among equal fills. */
const REQUIRED_VALUE = 1000;
const OPTIONAL_VALUE = 100;

/** The shopper's best candidate per slot, in plan order, each product in one slot only. */
function bestPerSlot(pools: readonly SlotCandidate[][]): Array<SlotCandidate | null> {
  const used = new Set<string>();
  return pools.map((pool) => {
    const pick = pool.find((candidate) => !used.has(candidate.product._id)) ?? null;
    if (pick) used.add(pick.product._id);
    return pick;
  });
}

/** The cheapest candidate of every slot with candidates (optional slots left out): what an unreachable budget gets. */
function cheapestPerSlot(pools: readonly SlotCandidate[][], required: readonly boolean[]): Array<SlotCandidate | null> {
  const used = new Set<string>();
  return pools.map((pool, index) => {
    if (!required[index]) return null;
    const pick =
      [...pool].sort((a, b) => a.price - b.price).find((candidate) => !used.has(candidate.product._id)) ?? null;
    if (pick) used.add(pick.product._id);
    return pick;
  });
}

/**
 * Budget-aware selection across slots, a multiple-choice knapsack solved exactly by dynamic programming
 * over the budget in {@link BUDGET_STEPS} steps: one candidate or none per slot, total within `budget`,
 * maximizing first the required slots filled, then the optional ones, then the shopper's preference
 * scores. So a dearer first choice in one slot is traded for a cheaper one wherever that lets another
 * slot in, rather than every slot going cheapest. A product fills one slot only (a repeat is removed from
 * the slot that values it less and the selection rerun). Null when no selection fills every required slot
 * that has candidates.
 */
export function fitToBudget(
  pools: readonly SlotCandidate[][],
  required: readonly boolean[],
  budget: number,
): Array<SlotCandidate | null> | null {
  const step = Math.max(1, Math.ceil((budget * 100) / BUDGET_STEPS));
  const capacity = Math.floor((budget * 100 + 1e-6) / step);
  const options = pools.map((pool) => {
    const picked = new Map<string, SlotCandidate>();
    for (const candidate of pool.slice(0, OPTIONS_BY_SCORE)) picked.set(candidate.product._id, candidate);
    for (const candidate of [...pool].sort((a, b) => a.price - b.price).slice(0, OPTIONS_BY_PRICE))
      picked.set(candidate.product._id, candidate);
    return [...picked.values()];
  });
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const slots = options.length;
    let best = new Float64Array(capacity + 1);
    const choice = options.map(() => new Int16Array(capacity + 1).fill(-1));
    for (let slot = 0; slot < slots; slot += 1) {
      const next = Float64Array.from(best);
      const list = options[slot]!;
      const fill = required[slot] ? REQUIRED_VALUE : OPTIONAL_VALUE;
      list.forEach((candidate, index) => {
        const cost = Math.ceil((candidate.price * 100 - 1e-6) / step);
        const value = fill + candidate.score;
        for (let c = capacity; c >= cost; c -= 1) {
          const total = best[c - cost]! + value;
          if (total > next[c]!) {
            next[c] = total;
            choice[slot]![c] = index;
          }
        }
      });
      best = next;
    }
    // Walk back from the full capacity: each slot's choice at the capacity left.
    const picks: Array<SlotCandidate | null> = new Array(slots).fill(null);
    let c = capacity;
    for (let slot = slots - 1; slot >= 0; slot -= 1) {
      const index = choice[slot]![c]!;
      if (index < 0) continue;
      const candidate = options[slot]![index]!;
      picks[slot] = candidate;
      c -= Math.ceil((candidate.price * 100 - 1e-6) / step);
    }
    const owner = new Map<string, number>();
    let repeat: { slot: number; id: string } | null = null;
    picks.forEach((candidate, slot) => {
      if (!candidate || repeat) return;
      const other = owner.get(candidate.product._id);
      if (other === undefined) owner.set(candidate.product._id, slot);
      else repeat = { slot: picks[other]!.score < candidate.score ? other : slot, id: candidate.product._id };
    });
    if (repeat) {
      const { slot, id } = repeat as { slot: number; id: string };
      options[slot] = options[slot]!.filter((candidate) => candidate.product._id !== id);
      continue;
    }
    return picks.some((candidate, slot) => !candidate && required[slot] && options[slot]!.length > 0) ? null : picks;
  }
  return null;
}

/**
 * Builds a bundle for an intent: the plan (model, cache or offline planner through the gateway), each
 * slot grounded in the catalog for this shopper ({@link slotCandidates}: search hits whose name or
 * category matches the slot, substitutes when the shopper's rules exclude them all), then one candidate
 * per slot chosen within the budget (the stated one, else the intent's own "under $40") by
 * {@link fitToBudget}; when no choice fits every required slot, each takes its cheapest fit and the
 * bundle says the budget is exceeded. Products come only from the catalog; an empty slot says why; an
 * optional slot the catalog does not carry at all is left out and named in the explanation.
 */
export async function buildBundle(context: PersonalizationContext, request: BundleRequest): Promise<BundleResult> {
  const now = context.now();
  const budget = request.budget ?? statedBudget(request.intent);
  const [blended, planned] = await Promise.all([
    // Blended as for search: the shopper asked for these items, so age-restricted ones are shown, marked.
    blendAttributes(context.pipeline, {
      userId: request.userId,
      surface: "SEARCH",
      storeId: request.storeId,
      categoryId: null,
      cart: [],
      query: request.intent,
      weights: {},
      now,
    }),
    // The registry's `planBundle` hook (the bundles plugin: model, cache or offline planner); without one, bundles are off.
    context.features.planBundle(
      { llm: context.llm, services: context.pipeline.services, logger: context.logger, drops: context.pipeline.drops },
      { intent: request.intent, budget },
    ),
  ]);
  if (planned === "off")
    throw new UnavailableError("Intent bundles are off on this server: no registered plugin plans bundles");
  if (planned === "dropped") throw new UnavailableError("The bundle planner did not answer in time; try again");
  const plan = planned.plan;
  // A diet the intent states ("vegetarian lasagna") binds every food slot, as a stated preference does.
  const intentDiets = statedDiets(request.intent);
  const attributes: BlendedAttributes =
    intentDiets.length === 0
      ? blended
      : {
          ...blended,
          dietary: {
            ...blended.dietary,
            explicit: [...new Set([...blended.dietary.explicit, ...intentDiets])],
          },
        };
  // A recipe's slots are ingredients: food and drink only.
  const verticals = plan.kind === "recipe" ? RECIPE_VERTICALS : BUNDLE_VERTICALS;
  const candidates = await Promise.all(
    plan.slots.map((slot) => slotCandidates(context, slot, attributes, request.storeId, verticals)),
  );
  const pools = candidates.map((pool) => pool.candidates);
  const required = plan.slots.map((slot) => slot.required);
  const chosen: Array<SlotCandidate | null> =
    budget === null ? bestPerSlot(pools) : (fitToBudget(pools, required, budget) ?? cheapestPerSlot(pools, required));
  // Left out: a slot with candidates that the selection did not fill (only ever for the budget).
  const dropped = new Set(
    chosen.flatMap((candidate, index) => (!candidate && pools[index]!.length > 0 ? [index] : [])),
  );
  // A cheaper fit: a slot whose first choice for this shopper was given up for the budget.
  const best = bestPerSlot(pools);
  const swapped = new Set(
    chosen.flatMap((candidate, index) =>
      candidate &&
      best[index] &&
      candidate.product._id !== best[index]!.product._id &&
      candidate.price < best[index]!.price
        ? [index]
        : [],
    ),
  );
  const total = (): number => chosen.reduce((sum, candidate) => sum + (candidate ? candidate.price : 0), 0);
  const allSlots: FilledSlot[] = plan.slots.map((slot, index) => {
    const candidate = dropped.has(index) ? null : chosen[index]!;
    const alternatives = pools[index]!.filter((other) => other.product._id !== candidate?.product._id)
      .slice(0, BUNDLE_ALTERNATIVES)
      .map((other) => other.product);
    const missing = candidate
      ? null
      : dropped.has(index)
        ? `Left out to stay within the $${budget} budget`
        : candidates[index]!.excludedBy
          ? `The catalog has "${slot.queries[0]}", but nothing that matches "${slot.queries.join('", "')}" ${candidates[index]!.excludedBy}${intentDiets.length > 0 ? ` (asked: ${intentDiets.join(", ")})` : ""}, and no substitute does either`
          : `Nothing in the catalog${request.storeId ? " at this store" : ""} matches "${slot.queries.join('", "')}"`;
    const reasons = candidate
      ? [...candidate.reasons, ...(swapped.has(index) ? ["A cheaper fit, to stay within budget"] : [])]
      : [];
    return {
      role: slot.role,
      query: slot.queries[0]!,
      required: slot.required,
      product: candidate?.product ?? null,
      price: candidate ? round(candidate.price) : null,
      alternatives,
      reasons,
      missing,
    };
  });
  // An optional slot the catalog has nothing for is left out of the bundle (and named in the explanation); a required one stays, empty, with its reason.
  const notCarried = allSlots
    .filter((slot, index) => !slot.required && pools[index]!.length === 0)
    .map((slot) => slot.role);
  const slots = allSlots.filter((slot, index) => slot.required || pools[index]!.length > 0);
  const sum = round(total());
  const filled = slots.filter((slot) => slot.product).length;
  const withinBudget = budget === null || sum <= budget + 1e-9;
  const unfilledRequired = slots.filter((slot) => !slot.product && slot.required).map((slot) => slot.role);
  const explanation =
    filled === 0
      ? `No product in the catalog fits "${plan.title}": ${slots.map((slot) => slot.role).join(", ")} could not be found.`
      : `${plan.title}${plan.servings ? ` for ${plan.servings}` : ""}: ${filled} of ${slots.length} items for $${sum.toFixed(2)}${budget !== null ? ` (budget $${budget.toFixed(2)}${withinBudget ? "" : ", exceeded: no cheaper fit"})` : ""}.${unfilledRequired.length > 0 ? ` Not found: ${unfilledRequired.join(", ")}.` : ""}${notCarried.length > 0 ? ` Not carried (optional): ${notCarried.join(", ")}.` : ""}`;
  return {
    intent: request.intent,
    title: plan.title,
    kind: plan.kind,
    servings: plan.servings ?? null,
    budget,
    slots,
    total: sum,
    withinBudget,
    explanation,
    source: planned.source,
  };
}
