import type { ProductDocument } from "../catalog/read-model";
import { bundleFeature, type BundlePlan, type BundleSlotPlan } from "../../core/llm/features/bundle.feature";
import { statedBudget } from "../../core/llm/features/bundle.planner";
import type { LlmSource } from "../../core/llm/llm-feature";
import { normalizeText } from "../../core/llm/input-hash";
import type { BlendedAttributes } from "../../plugins/sdk/blended-attributes";
import type { PersonalizationContext } from "./context";
import { blendAttributes } from "./pipeline/blend-attributes.step";
import { exclusionOf, isAgeRestricted } from "./pipeline/eligibility.rules";

/** Search hits read per slot query. */
const HITS_PER_QUERY = 30;
/** Alternatives kept per slot. */
export const BUNDLE_ALTERNATIVES = 3;
/** Verticals a bundle takes products from (restaurant dishes are not ingredients or presents). */
const BUNDLE_VERTICALS = new Set(["GROCERY", "CONVENIENCE", "ALCOHOL", "RETAIL", "FLOWERS", "GIFTING"]);

/** A product a slot may take, with its price (at the store when one is given). */
interface SlotCandidate {
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

/** Every word of the slot query is in the product's name or brand, plural-insensitive: the lexical relevance check. */
function matchesQuery(product: ProductDocument, query: string): boolean {
  const words = new Set(wordsOf(`${product.name} ${product.brand ?? ""}`));
  const terms = wordsOf(query);
  return terms.length > 0 && terms.every((term) => words.has(term));
}

/** The query's last word is the product name's last word (its head noun): "Large Eggs" is eggs, "Egg Salad Sandwich" is a sandwich. */
function headNounMatches(product: ProductDocument, query: string): boolean {
  return wordsOf(product.name).at(-1) === wordsOf(query).at(-1);
}

/**
 * Fills one slot from the catalog: each of its queries through the search index (BM25), hits kept when
 * the product's words contain the query's, in a bundle vertical, and allowed by the eligibility rules of
 * search ({@link exclusionOf}: store availability, stated diets with vegan ⇒ vegetarian, excluded brands
 * and categories; age-restricted items kept and marked "ID required"). Ranked by head-noun match, query order and search rank, then the shopper's brands,
 * past purchases and price sensitivity.
 */
async function slotCandidates(
  context: PersonalizationContext,
  slot: BundleSlotPlan,
  attributes: BlendedAttributes,
  storeId: string | null,
): Promise<SlotCandidate[]> {
  const services = context.pipeline.services;
  const lists = await Promise.all(
    slot.queries.map((query) => services.textSearch.search(query, HITS_PER_QUERY).catch(() => [])),
  );
  const ids = [...new Set(lists.flat().map((hit) => hit.productId))];
  if (ids.length === 0) return [];
  const [products, offers] = await Promise.all([
    services.catalog.products(ids),
    storeId ? services.catalog.offers(storeId, ids) : Promise.resolve(null),
  ]);
  const purchased = new Set(attributes.purchases.map((purchase) => purchase.productId));
  const seen = new Set<string>();
  const candidates: SlotCandidate[] = [];
  lists.forEach((hits, queryIndex) => {
    hits.forEach((hit, rank) => {
      const product = products.get(hit.productId);
      if (!product || seen.has(product._id)) return;
      if (!BUNDLE_VERTICALS.has(product.vertical) || !matchesQuery(product, slot.queries[queryIndex]!)) return;
      // The rules every surface applies (store availability, stated diets with vegan ⇒ vegetarian, exclusions), as in search.
      const offer = offers?.get(product._id);
      if (exclusionOf(attributes, product, offer)) return;
      const price = offer?.price ?? product.price;
      seen.add(product._id);
      const reasons = [`Matches "${slot.queries[queryIndex]}"`];
      let score = 1 / (1 + queryIndex) / (1 + rank * 0.05);
      // What the product is (its head noun), not what it contains, decides first.
      if (headNounMatches(product, slot.queries[queryIndex]!)) score += 0.6;
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
    });
  });
  // Price sensitivity: the cheaper of close candidates wins for a shopper who watches prices.
  const dearest = Math.max(...candidates.map((candidate) => candidate.price), 0.01);
  for (const candidate of candidates)
    candidate.score += 0.4 * attributes.priceSensitivity * (1 - candidate.price / dearest);
  return candidates.sort(
    (a, b) => b.score - a.score || a.price - b.price || a.product._id.localeCompare(b.product._id),
  );
}

/**
 * Builds a bundle for an intent: the plan (model, cache or offline planner through the gateway), each
 * slot filled from the catalog for this shopper ({@link slotCandidates}), then fitted to the budget (the
 * stated one, else the intent's own "under $40"): the swap saving most is made until the total fits,
 * then optional slots are dropped, dearest first, and a dropped slot comes back with its cheapest fit
 * when that fits. Products come only from the catalog; an empty slot
 * says why; an optional slot the catalog does not carry at all is left out and named in the explanation.
 */
export async function buildBundle(context: PersonalizationContext, request: BundleRequest): Promise<BundleResult> {
  const now = context.now();
  const budget = request.budget ?? statedBudget(request.intent);
  const [attributes, planned] = await Promise.all([
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
    context.llm.gateway.run(bundleFeature, { intent: request.intent, budget }),
  ]);
  const plan = planned.output;
  const candidates = await Promise.all(
    plan.slots.map((slot) => slotCandidates(context, slot, attributes, request.storeId)),
  );
  // Slots are filled in plan order; a product fills one slot only.
  const used = new Set<string>();
  const pools = candidates.map((list) => {
    const pool = list.filter((candidate) => !used.has(candidate.product._id));
    if (pool[0]) used.add(pool[0].product._id);
    return pool;
  });
  const chosen: Array<SlotCandidate | null> = pools.map((pool) => pool[0] ?? null);
  const dropped = new Set<number>();
  const total = (): number =>
    chosen.reduce((sum, candidate, index) => sum + (candidate && !dropped.has(index) ? candidate.price : 0), 0);
  const swapped = new Set<number>();
  if (budget !== null) {
    while (total() > budget + 1e-9) {
      let best: { index: number; candidate: SlotCandidate; saving: number } | null = null;
      chosen.forEach((current, index) => {
        if (!current || dropped.has(index)) return;
        const taken = new Set(chosen.flatMap((other, j) => (other && j !== index ? [other.product._id] : [])));
        const cheapest = pools[index]!.filter(
          (candidate) => !taken.has(candidate.product._id),
        ).reduce<SlotCandidate | null>(
          (low, candidate) => (!low || candidate.price < low.price ? candidate : low),
          null,
        );
        if (cheapest && cheapest.price < current.price && (!best || current.price - cheapest.price > best.saving))
          best = { index, candidate: cheapest, saving: current.price - cheapest.price };
      });
      if (!best) break;
      const { index, candidate } = best as { index: number; candidate: SlotCandidate };
      chosen[index] = candidate;
      swapped.add(index);
    }
    const optional = chosen
      .map((candidate, index) => ({ candidate, index }))
      .filter(({ candidate, index }) => candidate && !plan.slots[index]!.required && !dropped.has(index))
      .sort((a, b) => b.candidate!.price - a.candidate!.price);
    for (const { index } of optional) {
      if (total() <= budget + 1e-9) break;
      dropped.add(index);
    }
    // Dropping the dearest may leave room: a dropped slot comes back with its cheapest fit when that fits.
    for (const index of [...dropped].sort((a, b) => a - b)) {
      const taken = new Set(
        chosen.flatMap((other, j) => (other && j !== index && !dropped.has(j) ? [other.product._id] : [])),
      );
      const cheapest = pools[index]!.filter(
        (candidate) => !taken.has(candidate.product._id),
      ).reduce<SlotCandidate | null>((low, candidate) => (!low || candidate.price < low.price ? candidate : low), null);
      if (cheapest && total() + cheapest.price <= budget + 1e-9) {
        if (cheapest !== chosen[index]) swapped.add(index);
        chosen[index] = cheapest;
        dropped.delete(index);
      }
    }
  }
  const allSlots: FilledSlot[] = plan.slots.map((slot, index) => {
    const candidate = dropped.has(index) ? null : chosen[index]!;
    const alternatives = pools[index]!.filter((other) => other.product._id !== candidate?.product._id)
      .slice(0, BUNDLE_ALTERNATIVES)
      .map((other) => other.product);
    const missing = candidate
      ? null
      : dropped.has(index)
        ? `Left out to stay within the $${budget} budget`
        : `Nothing in the catalog${request.storeId ? " at this store" : ""} matches "${slot.queries.join('", "')}" for this shopper`;
    const reasons = candidate
      ? [...candidate.reasons, ...(swapped.has(index) ? ["The cheapest fit, to stay within budget"] : [])]
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
