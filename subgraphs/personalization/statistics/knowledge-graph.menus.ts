import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { dishAliases } from "../../../core/knowledge/knowledge-graph.lexicon";
import { normalizeText } from "../../../core/knowledge/knowledge-graph.text";

/**
 * Cuisine tags of the Durrës menus data (Azerbaijani, as the Wolt export gives them; keys without
 * accents) → theme keys of the lexicon. `null` marks tags that are not cuisines (halal, homemade).
 */
export const CUISINE_TAG_TRANSLATIONS: Readonly<Record<string, string | null>> = {
  pizza: "pizza",
  pasta: "pasta",
  sendvic: "sandwich",
  "deniz mehsullari": "seafood",
  baliq: "seafood",
  stritfud: "street food",
  "araliq denizi": "mediterranean",
  burger: "burger",
  hamburger: "burger",
  italyan: "italian",
  salat: "salad",
  sirniyyatlar: "dessert",
  "seher yemeyi": "breakfast",
  souvlaki: "greek",
  yunan: "greek",
  blincik: "pancakes",
  "un memulatlari": "bakery",
  pite: "bakery",
  desert: "dessert",
  tort: "dessert",
  susi: "sushi",
  sashimi: "sushi",
  "soft drinks": "soft drinks",
  qril: "bbq",
  barbeku: "bbq",
  dondurma: "ice cream",
  saglam: "healthy",
  avropa: "european",
  saurma: "middle eastern",
  kabab: "middle eastern",
  amerikan: "american",
  pinsa: "pizza",
  kokteyl: "cocktails",
  cay: "tea",
  kofe: "coffee",
  qelyanaltilar: "snacks",
  asiya: "asian",
  sorba: "soup",
  eriste: "noodles",
  hotdoq: "hot dog",
  halal: null,
  homemade: null,
};

/**
 * Ingredient words of the menus' dish descriptions (Albanian, accents removed) → English grocery
 * terms. Covers the ~90 most frequent ingredients of the data; phrases are tried before single words.
 */
export const INGREDIENT_TRANSLATIONS: Readonly<Record<string, string>> = {
  mozzarella: "mozzarella",
  mocarela: "mozzarella",
  mozarella: "mozzarella",
  mozzarela: "mozzarella",
  "djathe pice": "mozzarella",
  "salce mozzarella": "mozzarella",
  domate: "tomatoes",
  "salce domate": "tomato sauce",
  "salce domatesh": "tomato sauce",
  "salce domateje": "tomato sauce",
  salca: "tomato sauce",
  pomodorini: "cherry tomatoes",
  "domate qershi": "cherry tomatoes",
  patate: "potatoes",
  "patate te skuqura": "frozen fries",
  ullinj: "olives",
  "ullinj te zinj": "olives",
  majoneze: "mayonnaise",
  majonez: "mayonnaise",
  kastravec: "cucumber",
  kastraveca: "cucumber",
  "kastravec turshi": "pickles",
  "kastraveca turshi": "pickles",
  turshi: "pickles",
  proshute: "prosciutto",
  "proshute krudo": "prosciutto",
  "proshute crudo": "prosciutto",
  crudo: "prosciutto",
  "proshute cotto": "sliced ham",
  "proshute koto": "sliced ham",
  "proshute coto": "sliced ham",
  cotto: "sliced ham",
  "proshute pule": "sliced chicken",
  "proshute vici": "sliced beef",
  grana: "parmesan",
  parmigiano: "parmesan",
  qepe: "onions",
  "qepe e kuqe": "red onions",
  kerpudha: "mushrooms",
  kerpudhe: "mushrooms",
  "kerpudha te fresketa": "mushrooms",
  speca: "peppers",
  spec: "peppers",
  "spec djeges": "chilli peppers",
  "sallate jeshile": "lettuce",
  sallate: "lettuce",
  "sallate iceberg": "lettuce",
  iceberg: "lettuce",
  rukola: "rocket",
  rucola: "rocket",
  djathe: "cheese",
  "djathe i bardhe": "feta",
  ton: "tuna",
  sallam: "salami",
  "sallam pikant": "salami",
  "sallam milanez": "salami",
  "sallam milano": "salami",
  "vaj ulliri": "olive oil",
  gorgonzola: "gorgonzola",
  karkalec: "prawns",
  karkaleca: "prawns",
  ketchup: "ketchup",
  kecap: "ketchup",
  "fileto pule": "chicken breast",
  "mish pule": "chicken breast",
  borzilok: "basil",
  barzilok: "basil",
  guda: "gouda",
  "djathe guda": "gouda",
  mustard: "mustard",
  mustarde: "mustard",
  pana: "cream",
  suxhuk: "sausages",
  "suxhuk pikant": "sausages",
  salcice: "sausages",
  "salce kosi": "sour cream",
  veze: "eggs",
  miser: "sweetcorn",
  hudher: "garlic",
  kungull: "courgette",
  majdanoz: "parsley",
  rigon: "oregano",
  kallamar: "squid",
  kallamare: "squid",
  salmon: "salmon",
  midhje: "mussels",
  avokado: "avocado",
  avocado: "avocado",
  limon: "lemons",
  oriz: "rice",
  tartuf: "truffle",
  "krem tartufi": "truffle",
  bacon: "bacon",
  patellxhan: "aubergine",
  burrata: "burrata",
  emental: "emmental",
  oktapod: "octopus",
  karrota: "carrots",
  karrote: "carrots",
  selino: "celery",
  susam: "sesame seeds",
  nutella: "chocolate spread",
  gjalpe: "butter",
  arra: "walnuts",
  mascarpone: "mascarpone",
  kackavall: "kashkaval",
  luleshtrydhe: "strawberries",
  pesto: "pesto",
  philadelphia: "cream cheese",
  filadelfia: "cream cheese",
  "krem djathi": "cream cheese",
  "salce barbeque": "bbq sauce",
  cheddar: "cheddar",
  "djathe cheddar": "cheddar",
  "american cheese": "cheddar slices",
  "fruta deti": "seafood mix",
  gaforre: "crab sticks",
  mish: "minced beef",
  qofte: "meatballs",
  "qofte vici": "meatballs",
  xaxiq: "tzatziki",
  xaxiqi: "tzatziki",
};

/** What one theme (a translated cuisine tag) looks like across the menus. */
export interface MenuTheme {
  /** Dishes tagged with it. */
  dishes: number;
  /** English ingredient term → dishes whose description names it. */
  ingredients: Map<string, number>;
  /** Other theme key (found by a dish-type word in the dish name) → dishes. */
  dishTypes: Map<string, number>;
}

/** Everything the knowledge-graph builder learns from a menus folder. */
export interface MenuLearning {
  dishes: number;
  restaurants: number;
  themes: Map<string, MenuTheme>;
  /** Cuisine tags without a translation (reported, not used). */
  untranslatedTags: string[];
  /** Share of dish descriptions with at least one translated ingredient. */
  ingredientCoverage: number;
}

/** A menus folder is missing files or columns; the message names the file and what is missing. */
export class MenuDataError extends Error {
  override name = "MenuDataError";
}

const REQUIRED_COLUMNS = ["restaurant_id", "cuisine_tags", "item_name", "item_description"] as const;

/** Ingredient terms named in a description: split on commas and "dhe"/"me" (and/with); phrases before words. */
export function descriptionIngredients(description: string): string[] {
  const found = new Set<string>();
  for (const part of description.split(/[,;/.]|\bdhe\b|\bme\b/i)) {
    const words = normalizeText(part).split(" ").filter(Boolean);
    for (let length = Math.min(words.length, 3); length >= 1; length -= 1) {
      const term = INGREDIENT_TRANSLATIONS[words.slice(0, length).join(" ")];
      if (term) {
        found.add(term);
        break;
      }
    }
  }
  return [...found].sort();
}

/** Translated theme keys of a "tag, tag" cell; unknown tags are collected in `untranslated`. */
export function translateCuisineTags(cell: string, untranslated: Set<string>): string[] {
  const keys = new Set<string>();
  for (const raw of cell.split(",")) {
    const tag = normalizeText(raw);
    if (!tag) continue;
    if (tag in CUISINE_TAG_TRANSLATIONS) {
      const key = CUISINE_TAG_TRANSLATIONS[tag];
      if (key) keys.add(key);
    } else untranslated.add(raw.trim());
  }
  return [...keys].sort();
}

/**
 * Reads `menu_items.csv` of a restaurant-menus folder (columns restaurant_id, cuisine_tags, item_name,
 * item_description, …) and counts, per translated cuisine, the ingredients its dishes name and the
 * dish types their names mention. Throws {@link MenuDataError} for a missing file or column.
 */
export function learnFromMenus(directory: string): MenuLearning {
  const file = join(directory, "menu_items.csv");
  if (!existsSync(file))
    throw new MenuDataError(`${file} not found (expected the restaurant-menus folder with menu_items.csv)`);
  const rows = parse(readFileSync(file, "utf8"), {
    columns: true,
    skip_empty_lines: true,
    relax_column_count: true,
  }) as Array<Record<string, string | undefined>>;
  const header = rows[0] ? Object.keys(rows[0]) : [];
  const missing = REQUIRED_COLUMNS.filter((column) => !header.includes(column));
  if (rows.length > 0 && missing.length > 0)
    throw new MenuDataError(`${file} line 1: missing column(s) ${missing.join(", ")}`);
  const aliases = dishAliases();
  const themes = new Map<string, MenuTheme>();
  const restaurants = new Set<string>();
  const untranslated = new Set<string>();
  let described = 0;
  let withIngredients = 0;
  for (const row of rows) {
    restaurants.add(row.restaurant_id ?? "");
    const keys = translateCuisineTags(row.cuisine_tags ?? "", untranslated);
    const description = row.item_description ?? "";
    const ingredients = description ? descriptionIngredients(description) : [];
    if (description) described += 1;
    if (ingredients.length > 0) withIngredients += 1;
    const name = ` ${normalizeText(row.item_name ?? "")} `;
    const dishTypes = new Set<string>();
    for (const { alias, key } of aliases) if (name.includes(` ${alias} `)) dishTypes.add(key);
    for (const key of keys) {
      let theme = themes.get(key);
      if (!theme) themes.set(key, (theme = { dishes: 0, ingredients: new Map(), dishTypes: new Map() }));
      theme.dishes += 1;
      for (const term of ingredients) theme.ingredients.set(term, (theme.ingredients.get(term) ?? 0) + 1);
      for (const type of dishTypes) if (type !== key) theme.dishTypes.set(type, (theme.dishTypes.get(type) ?? 0) + 1);
    }
  }
  return {
    dishes: rows.length,
    restaurants: restaurants.size,
    themes,
    untranslatedTags: [...untranslated].sort(),
    ingredientCoverage: described === 0 ? 0 : Math.round((withIngredients / described) * 1000) / 1000,
  };
}
