import type { Db } from "mongodb";
import { type CategoryDocument, CATALOG_COLLECTIONS, type ProductDocument } from "../../catalog/read-model";
import {
  KNOWLEDGE_GRAPH_COLLECTION,
  type EdgeKind,
  type EdgeProvenance,
  type KnowledgeGraphEdgeDocument,
} from "./knowledge-graph.document";
import { CollectionSwap } from "../../../core/database/collection-swap";
import { dishAliases, LEXICON, themeKey } from "../../../core/knowledge/knowledge-graph.lexicon";
import { LlmEdgeCarrier, type LlmEdgeCarryOver, type LlmEdgeDocument } from "./knowledge-graph.llm-edges";
import type { MenuLearning } from "./knowledge-graph.menus";
import { normalizeText, tokens } from "../../../core/knowledge/knowledge-graph.text";

/** Options of {@link buildKnowledgeGraph}. */
export interface KnowledgeGraphBuildOptions {
  /** What `learnFromMenus` found in a restaurant-menus folder; absent = lexicon and catalog only. */
  menus?: MenuLearning | null;
  /** Grocery products kept per (theme, term), best match first (default 20). */
  productsPerTerm?: number;
  /** Least share of a cuisine's menu dishes naming an ingredient or dish type to make an edge (default 0.05). */
  minMenuShare?: number;
  /** Least menu dishes behind such an edge (default 3). */
  minMenuSupport?: number;
  /** Edges per write (default 1000). */
  batchSize?: number;
  /** Called with the phase and how many products it has scanned. */
  onProgress?(phase: "dishes" | "products" | "write", done: number): void;
}

/** Summary of one build. */
export interface KnowledgeGraphBuildSummary {
  themes: number;
  terms: number;
  dishes: number;
  groceryCategories: number;
  groceryProducts: number;
  edges: Record<EdgeKind, number>;
  /** Themes with at least one grocery product edge. */
  themesWithProducts: number;
  menus: {
    dishes: number;
    restaurants: number;
    themes: number;
    untranslatedTags: string[];
    ingredientCoverage: number;
  } | null;
  /** `llm` edges (from kg-augment) found in the previous graph: kept after re-validation, or dropped by reason. */
  llmEdges: LlmEdgeCarryOver;
  /**
   * What the kept `llm` edges added to the cuisine → grocery links serving reads: grocery terms joined to
   * the dish's cuisines (dish-ingredient), cuisine → category links (dish-category) and cuisine → product
   * edges straight from complement/substitute edges; `cuisineProducts` counts every cuisine → product
   * edge carrying `llm` provenance after the build.
   */
  llmDerived: { terms: number; categories: number; directProducts: number; cuisineProducts: number };
  seconds: number;
}

interface TermEvidence {
  weight: number;
  provenance: Set<EdgeProvenance>;
  support: number;
}

interface ProductMatch {
  id: string;
  name: string;
  confidence: number;
  provenance: Set<EdgeProvenance>;
  /** Matched by its own name, or a category named exactly like the term (not only by a broader category). */
  direct: boolean;
}

const GROCERY_FILTER = { vertical: { $ne: "RESTAURANT" } } as const;

/** Reliability of an `llm` edge when it becomes a cuisine link (like the lexicon's 0.9 and a dish type's 0.8). */
const LLM_LINK_FACTOR = 0.85;

/** Pack and form words that may follow the head noun of a product name ("Miso Paste", "Nori Sheets"); singular. */
const PACK_WORDS = new Set([
  "paste",
  "sheet",
  "ball",
  "pack",
  "bag",
  "block",
  "slice",
  "jar",
  "can",
  "bottle",
  "box",
  "tub",
  "cup",
  "tin",
  "pouch",
  "packet",
  "piece",
  "stick",
  "bar",
  "bunch",
  "mix",
  "sauce",
  "powder",
  "fillet",
  "portion",
  "multipack",
]);

/**
 * Builds the restaurant → grocery knowledge graph and replaces collection `knowledge_graph_edges`
 * (built aside, then swapped in):
 * 1. theme terms from the lexicon (cuisines and dish types → grocery terms);
 * 2. from the menus folder, when given: cuisine → ingredient and cuisine → dish-type edges (shares of
 *    the cuisine's dishes), whose terms join the theme;
 * 3. from catalog dishes (vertical RESTAURANT): dish → ingredient edges, and cuisine → ingredient shares;
 * 4. related themes inherit terms (japanese ← ramen, sushi at 60 %);
 * 5. terms matched against grocery category names → cuisine/dish → category edges;
 * 6. one stream over grocery products: name matches (a one-word term must be the name's head:
 *    its last word, or the word before a pack word like "paste" or "sheets")
 *    and membership in matched categories →
 *    cuisine → product edges, the best `productsPerTerm` per (theme, term); an edge is `direct` when
 *    the product's name matched, or a category named exactly like the term holds it (not only a broader
 *    category whose name merely contains the term).
 * Confidence multiplies the term's weight, the match quality and the provenance's reliability.
 * 7. `llm` edges of the previous graph (kg-augment) are carried over when both ends still exist in the
 *    catalog (re-validated; the rest dropped and counted in `llmEdges`); an edge the build also
 *    derived keeps the higher confidence and both provenances. They also feed the cuisine links serving
 *    reads (counted in `llmDerived`), for each cuisine and dish type of their dish: an ingredient term
 *    joins the cuisine's terms (steps 5–6 then match it), a dish → category edge becomes a cuisine →
 *    category link whose products are cuisine products (direct), and a complement or substitute
 *    product becomes a direct cuisine → product edge, all with `llm` provenance.
 */
export async function buildKnowledgeGraph(
  db: Db,
  options: KnowledgeGraphBuildOptions = {},
): Promise<KnowledgeGraphBuildSummary> {
  const started = Date.now();
  const perTerm = options.productsPerTerm ?? 20;
  const minShare = options.minMenuShare ?? 0.05;
  const minSupport = options.minMenuSupport ?? 3;
  const progress = options.onProgress ?? (() => undefined);
  const version = started;
  const carrier = new LlmEdgeCarrier(db);
  await carrier.load();
  const edges = new Map<string, KnowledgeGraphEdgeDocument>();
  const addEdge = (
    kind: EdgeKind,
    from: string,
    to: string,
    toName: string,
    term: string | null,
    confidence: number,
    provenance: Iterable<EdgeProvenance>,
    support: number,
    direct?: boolean,
  ): void => {
    const id = `${kind}|${from}|${to}`;
    const existing = edges.get(id);
    const value = Math.round(Math.min(1, Math.max(0, confidence)) * 1e4) / 1e4;
    if (!existing) {
      edges.set(id, {
        _id: id,
        kind,
        from,
        to,
        toName,
        term,
        confidence: value,
        provenance: [...new Set(provenance)].sort(),
        support,
        version,
        ...(direct === undefined ? {} : { direct }),
      });
      return;
    }
    existing.provenance = [...new Set([...existing.provenance, ...provenance])].sort();
    existing.support += support;
    // The edge's term is its best direct link's when it has one (the term the product answers to), else its best link's.
    const upgrade = direct === true && existing.direct !== true;
    if (direct !== undefined) existing.direct = existing.direct === true || direct;
    if (upgrade || (value > existing.confidence && (direct === true || existing.direct !== true)))
      Object.assign(existing, { term, toName });
    existing.confidence = Math.max(existing.confidence, value);
  };

  // 1. Lexicon terms.
  const themes = new Map<string, Map<string, TermEvidence>>();
  const addTerm = (
    theme: string,
    term: string,
    weight: number,
    provenance: Iterable<EdgeProvenance>,
    support = 0,
  ): void => {
    const normalized = normalizeText(term);
    if (!normalized || weight <= 0) return;
    let terms = themes.get(theme);
    if (!terms) themes.set(theme, (terms = new Map()));
    const existing = terms.get(normalized);
    if (!existing) terms.set(normalized, { weight, provenance: new Set(provenance), support });
    else {
      existing.weight = Math.max(existing.weight, weight);
      for (const source of provenance) existing.provenance.add(source);
      existing.support += support;
    }
  };
  const related: Array<{ from: string; to: string; factor: number; provenance: EdgeProvenance }> = [];
  for (const entry of LEXICON) {
    for (const { term, weight } of entry.terms) addTerm(entry.key, term, weight, ["lexicon"]);
    for (const other of entry.related ?? [])
      related.push({ from: entry.key, to: other, factor: 0.6, provenance: "lexicon" });
  }

  // 2. Menus folder.
  const menus = options.menus ?? null;
  if (menus) {
    for (const [theme, learned] of menus.themes) {
      for (const [term, count] of learned.ingredients) {
        const share = count / learned.dishes;
        if (count < minSupport || share < minShare) continue;
        const confidence = Math.min(0.6, Math.sqrt(share));
        addEdge("cuisine-ingredient", theme, normalizeText(term), term, term, confidence, ["menu-data"], count);
        addTerm(theme, term, confidence, ["menu-data"], count);
      }
      for (const [type, count] of learned.dishTypes) {
        const share = count / learned.dishes;
        if (count < minSupport || share < minShare) continue;
        const confidence = Math.min(0.6, Math.sqrt(share));
        addEdge("cuisine-dish", theme, type, type, null, confidence, ["menu-data"], count);
        related.push({ from: theme, to: type, factor: confidence, provenance: "menu-data" });
      }
    }
  }

  // 3. Catalog dishes.
  const aliases = dishAliases();
  const dishTerms = new Map<string, { name: string; terms: Map<string, number> }>();
  const cuisineDishes = new Map<string, { dishes: number; ingredients: Map<string, number> }>();
  /** Each dish's cuisine and dish-type keys (what its `llm` edges link grocery to). */
  const dishThemes = new Map<string, string[]>();
  let dishCount = 0;
  const products = db.collection<ProductDocument>(CATALOG_COLLECTIONS.products);
  for await (const dish of products.find(
    { vertical: "RESTAURANT" },
    { projection: { name: 1, cuisines: 1, ingredients: 1 } },
  )) {
    dishCount += 1;
    const ingredients = [
      ...new Set((dish.ingredients ?? []).map((item) => normalizeText(String(item))).filter(Boolean)),
    ];
    const name = ` ${normalizeText(dish.name ?? "")} `;
    const types = new Set<string>();
    for (const { alias, key } of aliases) if (name.includes(` ${alias} `)) types.add(key);
    const terms = new Map<string, number>();
    for (const ingredient of ingredients) {
      addEdge("dish-ingredient", dish._id, ingredient, ingredient, ingredient, 1, ["menu-data"], 1);
      terms.set(ingredient, 1);
    }
    for (const type of types)
      for (const [term, evidence] of themes.get(type) ?? [])
        terms.set(term, Math.max(terms.get(term) ?? 0, evidence.weight * 0.8));
    if (terms.size > 0) dishTerms.set(dish._id, { name: dish.name, terms });
    const keys = [...new Set([...(dish.cuisines ?? []).map((c) => themeKey(String(c))), ...types])].filter(Boolean);
    if (!carrier.empty && keys.length > 0) dishThemes.set(dish._id, keys);
    for (const cuisine of keys) {
      if (!cuisine) continue;
      let entry = cuisineDishes.get(cuisine);
      if (!entry) cuisineDishes.set(cuisine, (entry = { dishes: 0, ingredients: new Map() }));
      entry.dishes += 1;
      for (const ingredient of ingredients)
        entry.ingredients.set(ingredient, (entry.ingredients.get(ingredient) ?? 0) + 1);
    }
    if (dishCount % 1000 === 0) progress("dishes", dishCount);
  }
  progress("dishes", dishCount);
  for (const [cuisine, entry] of cuisineDishes) {
    for (const [ingredient, count] of entry.ingredients) {
      const share = count / entry.dishes;
      if (share < minShare) continue;
      const confidence = Math.min(0.8, Math.sqrt(share));
      addEdge("cuisine-ingredient", cuisine, ingredient, ingredient, ingredient, confidence, ["menu-data"], count);
      addTerm(cuisine, ingredient, confidence, ["menu-data"], count);
    }
  }

  // 4. Related themes inherit base terms (one level).
  const base = new Map(
    [...themes].map(([theme, terms]) => [
      theme,
      new Map([...terms].map(([term, evidence]) => [term, { ...evidence, provenance: new Set(evidence.provenance) }])),
    ]),
  );
  for (const link of related) {
    for (const [term, evidence] of base.get(link.to) ?? [])
      addTerm(link.from, term, evidence.weight * link.factor, [...evidence.provenance, link.provenance]);
  }

  // 4b. Ingredient terms of `llm` edges join their dish's cuisines (matched in steps 5–6 like any term).
  const llmDerived = { terms: 0, categories: 0, directProducts: 0, cuisineProducts: 0 };
  for (const edge of carrier.loaded) {
    if (edge.kind !== "dish-ingredient") continue;
    for (const theme of dishThemes.get(edge.from) ?? []) {
      addTerm(theme, edge.to, edge.confidence * LLM_LINK_FACTOR, ["llm"]);
      llmDerived.terms += 1;
    }
  }

  // 5. Grocery categories by name.
  const termTokens = new Map<string, string[]>();
  const remember = (term: string): void => void (termTokens.has(term) || termTokens.set(term, tokens(term)));
  for (const terms of themes.values()) for (const term of terms.keys()) remember(term);
  for (const dish of dishTerms.values()) for (const term of dish.terms.keys()) remember(term);
  const categories = await db
    .collection<CategoryDocument>(CATALOG_COLLECTIONS.categories)
    .find(GROCERY_FILTER, { projection: { name: 1 } })
    .toArray();
  const termCategories = new Map<string, Array<{ id: string; name: string; quality: number }>>();
  for (const category of categories) {
    if (!carrier.empty) carrier.observeName(category.name ?? "");
    const categoryTokens = new Set(tokens(category.name ?? ""));
    if (categoryTokens.size === 0) continue;
    for (const [term, wanted] of termTokens) {
      if (wanted.length === 0) continue;
      let quality = 0;
      if (wanted.every((token) => categoryTokens.has(token)))
        quality = wanted.length === categoryTokens.size ? 1 : 0.85;
      else if ([...categoryTokens].every((token) => wanted.includes(token))) quality = 0.6;
      if (quality === 0) continue;
      let list = termCategories.get(term);
      if (!list) termCategories.set(term, (list = []));
      list.push({ id: category._id, name: category.name, quality });
    }
  }
  const categoryThemes = new Map<
    string,
    Array<{ theme: string; term: string; confidence: number; provenance: Set<EdgeProvenance>; exact: boolean }>
  >();
  for (const [theme, terms] of themes) {
    for (const [term, evidence] of terms) {
      for (const category of termCategories.get(term) ?? []) {
        const confidence = evidence.weight * category.quality * 0.9;
        addEdge(
          "cuisine-category",
          theme,
          category.id,
          category.name,
          term,
          confidence,
          evidence.provenance,
          evidence.support,
        );
        let list = categoryThemes.get(category.id);
        if (!list) categoryThemes.set(category.id, (list = []));
        list.push({ theme, term, confidence, provenance: evidence.provenance, exact: category.quality === 1 });
      }
    }
  }
  for (const [dishId, dish] of dishTerms) {
    const best = new Map<string, { name: string; term: string; confidence: number }>();
    for (const [term, weight] of dish.terms) {
      for (const category of termCategories.get(term) ?? []) {
        const confidence = weight * category.quality * 0.9;
        if (confidence > (best.get(category.id)?.confidence ?? 0))
          best.set(category.id, { name: category.name, term, confidence });
      }
    }
    const top = [...best.entries()]
      .sort((a, b) => b[1].confidence - a[1].confidence || (a[0] < b[0] ? -1 : 1))
      .slice(0, 10);
    for (const [categoryId, match] of top)
      addEdge(
        "dish-category",
        dishId,
        categoryId,
        match.name,
        match.term,
        match.confidence,
        ["menu-data", "lexicon"],
        1,
      );
  }

  // 5b. Dish → category edges of `llm` provenance: cuisine → category links whose products are direct cuisine products.
  const groceryCategoryNames = new Map(categories.map((category) => [category._id, category.name]));
  for (const edge of carrier.loaded) {
    const categoryName = edge.kind === "dish-category" ? groceryCategoryNames.get(edge.to) : undefined;
    if (categoryName === undefined) continue;
    for (const theme of dishThemes.get(edge.from) ?? []) {
      const confidence = edge.confidence * LLM_LINK_FACTOR;
      const term = normalizeText(categoryName);
      addEdge("cuisine-category", theme, edge.to, categoryName, term, confidence, ["llm"], 0);
      let list = categoryThemes.get(edge.to);
      if (!list) categoryThemes.set(edge.to, (list = []));
      list.push({ theme, term, confidence, provenance: new Set<EdgeProvenance>(["llm"]), exact: true });
      llmDerived.categories += 1;
    }
  }

  // 6. Grocery products: name matches and matched categories.
  const byToken = new Map<string, string[]>();
  for (const [term, wanted] of termTokens) {
    const anchor = wanted[0];
    if (!anchor) continue;
    let list = byToken.get(anchor);
    if (!list) byToken.set(anchor, (list = []));
    list.push(term);
  }
  const themesOfTerm = new Map<string, Array<{ theme: string; evidence: TermEvidence }>>();
  for (const [theme, terms] of themes) {
    for (const [term, evidence] of terms) {
      let list = themesOfTerm.get(term);
      if (!list) themesOfTerm.set(term, (list = []));
      list.push({ theme, evidence });
    }
  }
  const kept = new Map<string, ProductMatch[]>();
  const offer = (theme: string, term: string, match: ProductMatch): void => {
    const key = `${theme}|${term}`;
    let list = kept.get(key);
    if (!list) kept.set(key, (list = []));
    if (list.length >= perTerm && !better(match, list[list.length - 1]!)) return;
    const existing = list.findIndex((entry) => entry.id === match.id);
    if (existing >= 0) {
      const kept = list[existing]!;
      if (!better(match, kept)) {
        kept.direct ||= match.direct;
        return;
      }
      match.direct ||= kept.direct;
      list.splice(existing, 1);
    }
    let at = list.length;
    while (at > 0 && better(match, list[at - 1]!)) at -= 1;
    list.splice(at, 0, match);
    if (list.length > perTerm) list.pop();
  };
  let groceryProducts = 0;
  for await (const product of products.find(GROCERY_FILTER, { projection: { name: 1, categoryPath: 1 } })) {
    groceryProducts += 1;
    if (!carrier.empty) carrier.observeName(product.name ?? "");
    const nameTokens = tokens(product.name ?? "");
    const present = new Set(nameTokens);
    const words = nameTokens.filter((token) => !/\d/.test(token));
    const heads = new Set(words.slice(-1));
    if (words.length > 1 && PACK_WORDS.has(words[words.length - 1]!)) heads.add(words[words.length - 2]!);
    for (const token of present) {
      for (const term of byToken.get(token) ?? []) {
        const wanted = termTokens.get(term)!;
        if (!wanted.every((word) => present.has(word))) continue;
        // A one-word term must be the name's head noun (its last word): "Black Beans", not "Whole Bean Coffee".
        if (wanted.length === 1 && !heads.has(wanted[0]!)) continue;
        const quality = 0.6 + 0.4 * Math.min(1, wanted.length / Math.max(1, present.size));
        for (const { theme, evidence } of themesOfTerm.get(term) ?? []) {
          offer(theme, term, {
            id: product._id,
            name: product.name,
            confidence: evidence.weight * quality * 0.9,
            provenance: evidence.provenance,
            direct: true,
          });
        }
      }
    }
    for (const categoryId of product.categoryPath ?? []) {
      for (const link of categoryThemes.get(categoryId) ?? []) {
        offer(link.theme, link.term, {
          id: product._id,
          name: product.name,
          confidence: link.confidence * 0.8,
          provenance: link.provenance,
          direct: link.exact,
        });
      }
    }
    if (groceryProducts % 5000 === 0) progress("products", groceryProducts);
  }
  progress("products", groceryProducts);
  const themesWithProducts = new Set<string>();
  for (const [key, list] of kept) {
    const separator = key.indexOf("|");
    const theme = key.slice(0, separator);
    const term = key.slice(separator + 1);
    for (const match of list)
      addEdge(
        "cuisine-product",
        theme,
        match.id,
        match.name,
        term,
        match.confidence,
        match.provenance,
        0,
        match.direct,
      );
    if (list.length > 0) themesWithProducts.add(theme);
  }

  // 7. LLM edges of the previous graph, re-validated against the current catalog.
  const carried = await carrier.validate(version);
  const llmOnly: LlmEdgeDocument[] = [];
  // Complement and substitute products (validated above) become direct cuisine products of their dish's cuisines.
  for (const edge of carried.edges) {
    if (edge.kind !== "complement" && edge.kind !== "substitute") continue;
    for (const theme of dishThemes.get(edge.from) ?? []) {
      addEdge(
        "cuisine-product",
        theme,
        edge.to,
        edge.toName,
        normalizeText(edge.toName),
        edge.confidence * LLM_LINK_FACTOR,
        ["llm"],
        0,
        true,
      );
      themesWithProducts.add(theme);
      llmDerived.directProducts += 1;
    }
  }
  for (const edge of carried.edges) {
    const derived = edges.get(edge._id);
    if (derived && derived.kind === edge.kind) {
      derived.provenance = [...new Set([...derived.provenance, ...edge.provenance])].sort();
      if (edge.confidence > derived.confidence) derived.confidence = edge.confidence;
    } else llmOnly.push(edge);
  }

  // Write into a staging collection, index it, swap it in.
  const swap = new CollectionSwap<KnowledgeGraphEdgeDocument | LlmEdgeDocument>(db, KNOWLEDGE_GRAPH_COLLECTION, [
    { key: { from: 1, kind: 1, confidence: -1 }, name: "from_kind_confidence" },
  ]);
  const batchSize = options.batchSize ?? 1000;
  const all = [...edges.values()];
  const writes: Array<KnowledgeGraphEdgeDocument | LlmEdgeDocument> = [...all, ...llmOnly];
  for (let offset = 0; offset < writes.length; offset += batchSize) {
    await swap.write(writes.slice(offset, offset + batchSize));
    progress("write", Math.min(writes.length, offset + batchSize));
  }
  await swap.commit();

  const counts: Record<EdgeKind, number> = {
    "dish-ingredient": 0,
    "dish-category": 0,
    "cuisine-dish": 0,
    "cuisine-ingredient": 0,
    "cuisine-category": 0,
    "cuisine-product": 0,
  };
  for (const edge of all) {
    counts[edge.kind] += 1;
    if (edge.kind === "cuisine-product" && edge.provenance.includes("llm")) llmDerived.cuisineProducts += 1;
  }
  return {
    themes: themes.size,
    terms: termTokens.size,
    dishes: dishCount,
    groceryCategories: categories.length,
    groceryProducts,
    edges: counts,
    themesWithProducts: themesWithProducts.size,
    menus: menus
      ? {
          dishes: menus.dishes,
          restaurants: menus.restaurants,
          themes: menus.themes.size,
          untranslatedTags: menus.untranslatedTags,
          ingredientCoverage: menus.ingredientCoverage,
        }
      : null,
    llmEdges: carried.report,
    llmDerived,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

/** Higher confidence first, then the lower id (deterministic). */
function better(a: ProductMatch, b: ProductMatch): boolean {
  return a.confidence > b.confidence || (a.confidence === b.confidence && a.id < b.id);
}
