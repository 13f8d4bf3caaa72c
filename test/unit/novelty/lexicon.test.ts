import { LEXICON, themeKey, themeTitle } from "../../../core/knowledge/knowledge-graph.lexicon";
import {
  CUISINE_TAG_TRANSLATIONS,
  descriptionIngredients,
  learnFromMenus,
  MenuDataError,
  translateCuisineTags,
} from "../../../subgraphs/personalization/statistics/knowledge-graph.menus";
import { tokens } from "../../../core/knowledge/knowledge-graph.text";
import { join } from "node:path";

const MENUS = join(__dirname, "../../fixtures/novelty/menus");

describe("knowledge-graph lexicon and text", () => {
  test("keys are unique, weights in (0, 1], related themes exist", () => {
    const keys = LEXICON.map((entry) => entry.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const entry of LEXICON) {
      for (const term of entry.terms) expect(term.weight > 0 && term.weight <= 1).toBe(true);
      for (const related of entry.related ?? []) expect(keys).toContain(related);
    }
  });

  test("every menus tag translation points at a lexicon theme", () => {
    const keys = new Set(LEXICON.map((entry) => entry.key));
    for (const key of Object.values(CUISINE_TAG_TRANSLATIONS)) if (key) expect(keys).toContain(key);
  });

  test("theme keys normalize case and aliases; titles come from the lexicon", () => {
    expect(themeKey("Japanese")).toBe("japanese");
    expect(themeKey("Shawarma")).toBe("middle eastern");
    expect(themeKey("  Ramen ")).toBe("ramen");
    expect(themeKey("Peruvian")).toBe("peruvian");
    expect(themeTitle("ramen")).toBe("ramen night");
    expect(themeTitle("peruvian")).toBe("peruvian night");
  });

  test("tokens are singular and accent-free", () => {
    expect(tokens("Instant Noodles, 5 x 85g")).toEqual(["instant", "noodle", "85g"]);
    expect(tokens("Tomatoes & Berries")).toEqual(["tomato", "berry"]);
    expect(tokens("Kërpudha")).toEqual(["kerpudha"]);
  });
});

describe("restaurant menus", () => {
  test("translates Azerbaijani cuisine tags and collects unknown ones", () => {
    const unknown = new Set<string>();
    expect(translateCuisineTags("Aralıq dənizi, balıq, halal, qəribə", unknown)).toEqual(["mediterranean", "seafood"]);
    expect([...unknown]).toEqual(["qəribə"]);
  });

  test("reads Albanian ingredient lists, phrases before words", () => {
    expect(descriptionIngredients("Salcë domate, mozzarella, proshutë krudo dhe ullinj")).toEqual([
      "mozzarella",
      "olives",
      "prosciutto",
      "tomato sauce",
    ]);
    expect(descriptionIngredients("")).toEqual([]);
  });

  test("learns cuisine → ingredient and dish-type counts from a menus folder", () => {
    const learned = learnFromMenus(MENUS);
    expect(learned).toMatchObject({ dishes: 5, restaurants: 2, untranslatedTags: ["qəribə"] });
    const pizza = learned.themes.get("pizza")!;
    expect(pizza.dishes).toBe(4);
    expect(pizza.ingredients.get("mozzarella")).toBe(3);
    expect(pizza.ingredients.get("tomato sauce")).toBe(3);
    expect(pizza.dishTypes.get("pasta")).toBe(1);
    expect(learned.themes.get("sushi")!.ingredients.get("salmon")).toBe(1);
  });

  test("a folder without menu_items.csv is a clear error", () => {
    expect(() => learnFromMenus(__dirname)).toThrow(MenuDataError);
    expect(() => learnFromMenus(__dirname)).toThrow(/menu_items\.csv not found/);
  });
});
