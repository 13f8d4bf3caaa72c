import type { ProductDocument } from "../../core/documents/product.document";
import type { Vertical } from "../../core/documents/vertical";
import type { BundlePlan, BundleSlotPlan } from "../../core/llm/features/bundle.feature";
import { MAX_BUNDLE_SLOTS } from "../../core/llm/features/bundle.feature";
import { lexiconMatchOf, statedDiets, topicPhrases } from "../../core/llm/features/bundle.planner";
import { normalizeText } from "../../core/llm/input-hash";
import type { LlmServices } from "../sdk/llm-services";
import type { PluginServices } from "../sdk/services";

/** The services the data-backed planner reads. */
export type GroundingServices = Pick<PluginServices, "catalog" | "textSearch" | "coPurchase" | "knowledgeGraph">;

/** Search hits read per probe. */
const HITS = 30;
/** Verticals a bundle takes products from (as the host: restaurant dishes are not ingredients or presents). */
const BUNDLE_VERTICALS: ReadonlySet<Vertical> = new Set([
  "GROCERY",
  "CONVENIENCE",
  "ALCOHOL",
  "RETAIL",
  "FLOWERS",
  "GIFTING",
]);
/** Verticals whose products are food or drink (what a recipe's ingredients and an occasion's snacks are). */
const FOOD_VERTICALS: ReadonlySet<Vertical> = new Set(["GROCERY", "CONVENIENCE", "ALCOHOL"]);
/** An occasion that gathers people: it needs food and drink whatever its theme. */
const GATHERING = /\b(night|party|parties|potluck|gathering|get[- ]together|hangout|celebration|game|games|for \d+)\b/;
/** Verticals whose whole range is giftable (the catalog's own gift taxonomy). */
const GIFT_VERTICALS: ReadonlySet<Vertical> = new Set(["GIFTING", "FLOWERS"]);

const wordsOf = (text: string): string[] =>
  normalizeText(text)
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 2)
    .map((word) => word.replace(/(es|s)$/, ""));

/** A product a query grounds in, and how: by its name (head noun or not) or by the name of its category. */
interface Hit {
  product: ProductDocument;
  how: "head" | "name" | "brand" | "category";
}

/** What a slot query grounds in: its hits, best first, and the cheapest price among them. */
interface Grounding {
  query: string;
  hits: Hit[];
  cheapest: number;
}

/** A slot the data planner proposes, with what grounded it. */
interface GroundedSlot {
  slot: BundleSlotPlan;
  hits: Hit[];
  cheapest: number;
  /** Where the slot came from (for the plan's title and the docs' accounting). */
  origin: "lexicon" | "intent" | "dish" | "knowledge-graph" | "co-purchase" | "taxonomy";
}

/**
 * Grounds slot queries in the catalog as the host will fill them (the same lexical check: every word of
 * the query in the product's name or brand, or in its category's name), once per query and request.
 */
class Grounder {
  private readonly cache = new Map<string, Promise<Grounding>>();
  private categoryNames?: Promise<Map<string, { name: string; vertical: Vertical; parentId: string | null }>>;

  constructor(
    private readonly services: GroundingServices,
    private readonly llm: LlmServices,
  ) {}

  categories(): Promise<Map<string, { name: string; vertical: Vertical; parentId: string | null }>> {
    this.categoryNames ??= this.llm.catalogContext
      .categories()
      .then(
        ({ categories }) =>
          new Map(
            categories.map((category) => [
              category.id,
              { name: category.name, vertical: category.vertical, parentId: category.parentId },
            ]),
          ),
      )
      .catch(() => new Map());
    return this.categoryNames;
  }

  ground(query: string): Promise<Grounding> {
    const key = normalizeText(query);
    let found = this.cache.get(key);
    if (!found) this.cache.set(key, (found = this.search(key)));
    return found;
  }

  private async search(query: string): Promise<Grounding> {
    const terms = wordsOf(query);
    const empty = { query, hits: [], cheapest: Infinity };
    if (terms.length === 0) return empty;
    const ids = (await this.services.textSearch.search(query, HITS).catch(() => [])).map((hit) => hit.productId);
    if (ids.length === 0) return empty;
    const [products, categories] = await Promise.all([this.services.catalog.products(ids), this.categories()]);
    const hits: Hit[] = [];
    for (const id of ids) {
      const product = products.get(id);
      if (!product || !BUNDLE_VERTICALS.has(product.vertical)) continue;
      // Names start with the brand ("Santa Cruz Lemonade"): what the product is, is the rest.
      const brand = wordsOf(product.brand ?? "");
      const name = wordsOf(product.name).filter((word) => !brand.includes(word));
      const own = new Set([...wordsOf(product.name), ...brand]);
      if (terms.every((term) => name.includes(term))) {
        hits.push({ product, how: name.at(-1) === terms.at(-1) ? "head" : "name" });
        continue;
      }
      if (terms.every((term) => own.has(term))) {
        hits.push({ product, how: "brand" });
        continue;
      }
      const category = new Set(wordsOf(categories.get(product.categoryId)?.name ?? ""));
      if (terms.every((term) => own.has(term) || category.has(term))) hits.push({ product, how: "category" });
    }
    const order = { head: 0, name: 1, brand: 2, category: 3 };
    hits.sort((a, b) => order[a.how] - order[b.how]);
    return { query, hits, cheapest: Math.min(...hits.map((hit) => hit.product.price), Infinity) };
  }

  /** Restaurant dishes whose name shares the intent's dish words: what they are made of (menu data). */
  async dishes(phrase: string): Promise<ProductDocument[]> {
    const terms = new Set(wordsOf(phrase));
    if (terms.size === 0) return [];
    const ids = (await this.services.textSearch.search(phrase, HITS).catch(() => [])).map((hit) => hit.productId);
    const products = await this.services.catalog.products(ids);
    return [...products.values()].filter((product) => {
      if (product.vertical !== "RESTAURANT" || !product.ingredients?.length) return false;
      const name = wordsOf(product.name);
      const shared = name.filter((word) => terms.has(word)).length;
      // Most of the dish's name is in the intent, and most of the intent's phrase is in the dish's name.
      return shared * 2 > name.length && shared * 2 >= terms.size;
    });
  }
}

/** Keeps hits that fit the diets the intent states (vegan ⇒ vegetarian): a "vegetarian lasagna" plans no meat slot. */
function fitsDiets(hits: readonly Hit[], diets: readonly string[]): Hit[] {
  if (diets.length === 0) return [...hits];
  return hits.filter((hit) =>
    diets.every(
      (diet) => hit.product.tags.includes(diet) || (diet === "vegetarian" && hit.product.tags.includes("vegan")),
    ),
  );
}

/** Hits within verticals. */
const within = (hits: readonly Hit[], verticals: ReadonlySet<Vertical>): Hit[] =>
  hits.filter((hit) => verticals.has(hit.product.vertical));

/** A product-type query for a product: the head noun of its name ("Sea Salt Kettle Chips" → "chips"). */
function typeQuery(product: ProductDocument): string {
  const brand = new Set(normalizeText(product.brand ?? "").split(/\s+/));
  const words = normalizeText(product.name)
    .split(/[^a-z]+/)
    .filter((word) => word.length >= 3 && !brand.has(word));
  return words.at(-1) ?? "";
}

/**
 * The data-backed offline plan of an intent: the lexicon planner's plan (`lexical`) kept where its slots
 * ground in this catalog (a required slot of a known recipe, interest or occasion that does not ground
 * stays, empty, so the host says the catalog lacks it), and, where no lexicon knows the intent (or only
 * the knowledge graph's theme terms or the classic gift do), slots derived from data the product has:
 * the intent's own phrases grounded in product names, a category the intent names in the taxonomy,
 * restaurant dishes of the same name and their ingredients (menu data), the knowledge graph's grocery
 * products for a dish or cuisine (augmented `llm` edges included), co-purchase complements of the
 * grounded items, the catalog's giftable categories for a present, and the most bought snack and drink
 * categories for a gathering. Never a product id: the host fills each slot from the catalog. Slots the
 * budget cannot afford beside the required ones (at their cheapest list price) are not planned. An intent
 * nothing grounds keeps the lexicon plan when a lexicon knew it, else gets its own phrases as slots, which
 * the host reports empty with their reason.
 */
export async function groundedPlan(
  services: GroundingServices,
  llm: LlmServices,
  intent: string,
  budget: number | null,
  lexical: BundlePlan,
): Promise<BundlePlan> {
  const grounder = new Grounder(services, llm);
  const diets = statedDiets(intent);
  const matched = lexiconMatchOf(intent);
  let kind = lexical.kind;
  let title = lexical.title;
  const food = kind !== "gift";
  const verticals = food ? FOOD_VERTICALS : BUNDLE_VERTICALS;
  const slots: GroundedSlot[] = [];

  /** Grounds a slot's queries: the queries that find something (diets applied), in order. */
  const groundSlot = async (
    slot: BundleSlotPlan,
    origin: GroundedSlot["origin"],
    allowed: ReadonlySet<Vertical> = verticals,
  ): Promise<GroundedSlot | null> => {
    const groundings = await Promise.all(slot.queries.map((query) => grounder.ground(query)));
    const kept = groundings
      .map((grounding) => ({ ...grounding, hits: fitsDiets(within(grounding.hits, allowed), diets) }))
      .filter((grounding) => grounding.hits.length > 0);
    if (kept.length === 0) return null;
    const hits = kept.flatMap((grounding) => grounding.hits);
    return {
      // The lexicon's slot as it is (the host searches its queries in order); a derived slot's queries that ground.
      slot: origin === "lexicon" ? slot : { ...slot, queries: kept.map((grounding) => grounding.query) },
      hits,
      cheapest: Math.min(...hits.map((hit) => hit.product.price)),
      origin,
    };
  };

  // 1. The lexicon's slots, where they ground. A required one of a recipe, interest or occasion that does
  //    not ground stays in the plan (empty: the host says the catalog lacks it) unless the intent states a
  //    diet it excludes; a theme's terms and the classic gift's main present are only leads.
  const ungroundedRequired: BundleSlotPlan[] = [];
  const strict = matched === "recipe" || matched === "interest" || matched === "occasion";
  if (matched)
    for (const slot of lexical.slots) {
      if (matched === "classic-gift" && slot.required) continue;
      // The lexicon names what it asks for (a baby shower's present is not food): every bundle vertical.
      const grounded = await groundSlot(slot, "lexicon", BUNDLE_VERTICALS);
      // A present the budget cannot buy at all ("gift basket" under $25) gives way to one of the catalog's giftable kinds that fits (step 6).
      if (grounded && kind === "gift" && slot.required && budget !== null && grounded.cheapest > budget) continue;
      if (grounded) slots.push(grounded);
      else if (slot.required && strict && diets.length === 0) ungroundedRequired.push(slot);
    }
  // The data backs the lexicon where it knows nothing of the intent, or where its required slots found nothing.
  const derive = !strict;

  // 1b. What else the intent names beside what the lexicon knew of it ("flowers and chocolates for mom"
  //     matches a chocolate lover; "grilled cheese and tomato soup" a sandwich): each other phrase, or a
  //     word of it, that names products as what they are (the name's head noun), so the bundle holds it
  //     too. A phrase the lexicon's slots already hold adds nothing. Not for a recipe: its name is the dish,
  //     not one more thing to buy ("breakfast burritos" is not a frozen burrito beside the tortillas).
  if (strict && matched !== "recipe") {
    const heads = async (query: string): Promise<GroundedSlot | null> => {
      const grounded = await groundSlot({ role: query, queries: [query], required: true }, "intent");
      if (!grounded) return null;
      const own = grounded.hits.filter((hit) => hit.how === "head");
      return own.length > 0
        ? { ...grounded, hits: own, cheapest: Math.min(...own.map((hit) => hit.product.price)) }
        : null;
    };
    const held = new Set(slots.flatMap((slot) => slot.hits.map((hit) => hit.product._id)));
    for (const phrase of topicPhrases(intent)) {
      const found = (await heads(phrase)) ?? null;
      const parts = found ? [found] : await Promise.all(phrase.split(" ").map((word) => heads(word)));
      for (const part of parts)
        if (part && !part.hits.slice(0, 3).some((hit) => held.has(hit.product._id))) slots.push(part);
    }
  }

  // 2. The intent's own phrases that name products ("beef stew" → beef; "gin lover" → gin; "blueberry muffins"),
  //    the whole phrase first, else its words (a maker's word as its craft: "gardener" → garden).
  const phrases = derive ? topicPhrases(intent) : [];
  const named = async (query: string): Promise<GroundedSlot | null> => {
    const grounded = await groundSlot({ role: query, queries: [query], required: true }, "intent");
    // What the intent names is a product (by its name) or, for a present, a category; a brand's name is not a topic ("santa" ≠ Santa Margherita).
    return grounded &&
      grounded.hits.some(
        (hit) => hit.how === "head" || hit.how === "name" || (hit.how === "category" && kind === "gift"),
      )
      ? grounded
      : null;
  };
  for (const phrase of phrases) {
    const whole = await named(phrase);
    if (whole) {
      slots.push(whole);
      continue;
    }
    for (const word of phrase.split(" ")) {
      // The word, its plural (the search index does not stem: "banana" finds no "Bananas"), or a maker's craft.
      const grounded =
        (await named(word)) ??
        (await named(`${word}s`)) ??
        (/[a-z]{4}ers?$/.test(word) ? await named(word.replace(/ers?$/, "")) : null);
      if (grounded) slots.push(grounded);
    }
  }

  // 3. A dish the restaurants serve under the intent's name: its ingredients (menu data), grounded in groceries.
  if (derive && kind !== "gift") {
    const dishPhrase = phrases.join(" ");
    const dishes = dishPhrase ? await grounder.dishes(dishPhrase) : [];
    const ingredients = [
      ...new Set(dishes.flatMap((dish) => dish.ingredients ?? []).map((term) => normalizeText(term))),
    ];
    // A dish the restaurants serve is a recipe, named as they name it.
    if (dishes.length > 0) {
      kind = "recipe";
      title = dishes[0]!.name;
    }
    for (const ingredient of ingredients.slice(0, MAX_BUNDLE_SLOTS)) {
      const grounded = await groundSlot(
        { role: ingredient, queries: [ingredient], required: true },
        "dish",
        FOOD_VERTICALS,
      );
      if (grounded) slots.push(grounded);
    }
    // 4. The knowledge graph's grocery products for the dish or cuisine the intent names.
    for (const phrase of phrases) {
      const linked = await services.knowledgeGraph.groceryForCuisine(phrase, 12).catch(() => []);
      if (linked.length === 0) continue;
      const products = await services.catalog.products(linked.map((hit) => hit.productId));
      for (const hit of linked.slice(0, 6)) {
        const product = products.get(hit.productId);
        if (!product) continue;
        const query = typeQuery(product);
        if (!query) continue;
        const grounded = await groundSlot(
          { role: query, queries: [query], required: false },
          "knowledge-graph",
          FOOD_VERTICALS,
        );
        if (grounded) slots.push(grounded);
      }
    }
  }

  // 5. The catalog's own taxonomy: a phrase that names a category ("pantry essentials" → Pantry; "baking")
  //    plans its leaf categories, best stocked first.
  if (derive) {
    const categories = await grounder.categories();
    const phraseWords = new Set(phrases.flatMap((phrase) => wordsOf(phrase)));
    for (const [id, category] of categories) {
      const words = wordsOf(category.name);
      if (category.parentId === null || words.length === 0 || !words.every((word) => phraseWords.has(word))) continue;
      if (!verticals.has(category.vertical)) continue;
      const leaves = [...categories.entries()].filter(([, child]) => child.parentId === id);
      const targets = leaves.length > 0 ? leaves : [[id, category] as const];
      for (const [index, [, leaf]] of targets.entries()) {
        const grounded = await groundSlot(
          { role: leaf.name.toLowerCase(), queries: [leaf.name], required: index < 3 },
          "taxonomy",
        );
        if (grounded) slots.push(grounded);
      }
    }
  }

  // 6. A present with no grounded interest: the main gift from the catalog's giftable verticals (its leaf
  //    categories: baskets, flowers, sweets, gift sets), the most substantial one whose cheapest product
  //    leaves room in the budget for a treat and a card.
  if (kind === "gift" && !slots.some((slot) => slot.slot.required)) {
    const categories = await grounder.categories();
    const ids = new Set([...categories.values()].map((category) => category.parentId));
    // The main present is of another kind than the plan's complements (its treat, its card).
    const taken = new Set(slots.flatMap((slot) => slot.hits.slice(0, 3).map((hit) => hit.product.categoryId)));
    const ranked: GroundedSlot[] = [];
    for (const [id, category] of categories) {
      if (!GIFT_VERTICALS.has(category.vertical) || ids.has(id) || taken.has(id) || category.parentId === null)
        continue;
      const grounded = await groundSlot(
        { role: "main gift", queries: [category.name], required: true },
        "taxonomy",
        GIFT_VERTICALS,
      );
      // A category of its own kind of present (at least two of them), not of cards and wrap alone.
      if (grounded && grounded.hits.length >= 2) ranked.push(grounded);
    }
    const affordable = ranked.filter((slot) => budget === null || slot.cheapest <= budget * 0.6);
    affordable.sort((a, b) => b.cheapest - a.cheapest);
    const main = affordable[0] ?? [...ranked].sort((a, b) => a.cheapest - b.cheapest)[0];
    if (main) slots.unshift(main);
  }

  // 7. What shoppers buy with the grounded items (co-purchase complements with lift ≥ 2, of the same
  //    department as an anchor), when the plan is still short.
  const anchors = slots.filter((slot) => slot.slot.required).flatMap((slot) => slot.hits.slice(0, 5));
  if (derive && anchors.length > 0 && slots.length < 3) {
    const departments = new Set(anchors.map((hit) => hit.product.categoryPath[1] ?? hit.product.categoryId));
    const complements = await services.coPurchase
      .complements(
        anchors.map((hit) => hit.product._id),
        20,
      )
      .catch(() => []);
    const products = await services.catalog.products(complements.map((hit) => hit.productId));
    for (const hit of complements) {
      const product = products.get(hit.productId);
      if (!product || hit.score < 2 || !verticals.has(product.vertical)) continue;
      if (!departments.has(product.categoryPath[1] ?? product.categoryId)) continue;
      const query = typeQuery(product);
      if (!query) continue;
      const grounded = await groundSlot({ role: query, queries: [query], required: false }, "co-purchase");
      if (grounded) {
        slots.push(grounded);
        break;
      }
    }
  }

  // 8. An occasion whose theme the catalog does not know ("poker night", "potluck"): what every gathering
  //    needs, snacks and drinks, from the catalog's own snack and drink departments.
  if (kind === "occasion" && !matched && slots.length === 0 && GATHERING.test(normalizeText(intent))) {
    const categories = await grounder.categories();
    for (const department of ["Snacks", "Beverages"]) {
      const found = [...categories.entries()].find(
        ([, category]) => category.name === department && category.vertical === "GROCERY",
      );
      if (!found) continue;
      // Its leaf categories shoppers buy most, most bought first.
      const popular = await services.catalog.popular(100, found[0]).catch(() => []);
      const bought = await services.catalog.products(popular.map((hit) => hit.productId));
      const counts = new Map<string, number>();
      for (const hit of popular) {
        const leaf = bought.get(hit.productId)?.categoryId;
        if (leaf && categories.get(leaf)?.parentId === found[0]) counts.set(leaf, (counts.get(leaf) ?? 0) + hit.score);
      }
      const leaves = [...counts.entries()].sort((x, y) => y[1] - x[1]).map(([id]) => categories.get(id)!);
      for (const [index, leaf] of leaves.slice(0, 2).entries()) {
        const grounded = await groundSlot(
          { role: leaf.name.toLowerCase(), queries: [leaf.name], required: index === 0 },
          "taxonomy",
        );
        if (grounded) slots.push(grounded);
      }
    }
  }

  // Nothing grounded: the lexicon's plan when it knew the intent, else the intent's own phrases, so the
  // host names what the catalog lacks (an empty bundle with its reason, never a guess).
  if (slots.length === 0) {
    const named = topicPhrases(intent).slice(0, MAX_BUNDLE_SLOTS);
    if (matched || named.length === 0) return lexical;
    return {
      ...lexical,
      slots: named.map((phrase) => ({ role: phrase.slice(0, 80), queries: [phrase.slice(0, 80)], required: true })),
    };
  }

  // One slot per product set: a derived slot whose first products another slot already holds adds nothing.
  const kept: GroundedSlot[] = [];
  for (const candidate of slots) {
    const first = candidate.hits.slice(0, 3).map((hit) => hit.product._id);
    const covered =
      candidate.origin !== "lexicon" &&
      kept.some((other) => {
        const ids = new Set(other.hits.map((hit) => hit.product._id));
        return first.every((id) => ids.has(id));
      });
    if (!covered) kept.push(candidate);
  }

  // Within the budget: what the intent or the lexicon requires, then what the data adds while its
  // cheapest fit still fits beside them (a slot the budget cannot afford is not planned).
  const firm = (slot: GroundedSlot) => slot.slot.required && (slot.origin === "lexicon" || slot.origin === "intent");
  const ordered = [
    ...kept.filter(firm),
    ...kept.filter((slot) => !firm(slot) && slot.slot.required),
    ...kept.filter((slot) => !slot.slot.required),
  ];
  const chosen: GroundedSlot[] = [];
  let spent = 0;
  for (const slot of ordered) {
    if (chosen.length >= MAX_BUNDLE_SLOTS) break;
    if (!firm(slot) && budget !== null && spent + slot.cheapest > budget + 1e-9) continue;
    chosen.push(slot);
    spent += slot.cheapest;
  }
  // Required slots first, each group in plan order (a gift's main present first), then the lexicon's
  // required slots the catalog lacks.
  const inOrder = kept.filter((slot) => chosen.includes(slot));
  const planned = [
    ...inOrder.filter((slot) => slot.slot.required).map((slot) => slot.slot),
    ...inOrder.filter((slot) => !slot.slot.required).map((slot) => slot.slot),
    ...ungroundedRequired.filter((slot) => !chosen.some((other) => other.slot.role === slot.role)),
  ].slice(0, MAX_BUNDLE_SLOTS);
  return {
    kind,
    title,
    ...(lexical.servings ? { servings: lexical.servings } : {}),
    slots: planned.map((slot) => ({ ...slot, role: slot.role.slice(0, 80) })),
  };
}
