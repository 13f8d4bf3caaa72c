import { fixtureProduct } from "../../../plugins/sdk/testkit";
import { onTheme, satisfiesTheme } from "../../../plugins/sdk/theme";

const noodles = fixtureProduct("noodles", {
  categoryPath: ["grocery", "pantry", "noodles"],
  categoryId: "noodles",
  tags: ["vegan", "organic"],
  brand: "Nongshim",
  price: 2,
});

test("every condition of a theme must hold", () => {
  expect(satisfiesTheme({ label: "pantry", categoryIds: ["pantry", "sauces"] }, noodles, {})).toBe(true);
  expect(satisfiesTheme({ label: "dairy", categoryIds: ["dairy"] }, noodles, {})).toBe(false);
  expect(satisfiesTheme({ label: "vegan organic", tags: ["vegan", "organic"] }, noodles, {})).toBe(true);
  expect(satisfiesTheme({ label: "vegan kosher", tags: ["vegan", "kosher"] }, noodles, {})).toBe(false);
  expect(satisfiesTheme({ label: "brand", brands: ["NONGSHIM"] }, noodles, {})).toBe(true);
  expect(satisfiesTheme({ label: "brand", brands: ["Maruchan"] }, noodles, {})).toBe(false);
  expect(satisfiesTheme({ label: "cheap", maxPrice: 2 }, noodles, {})).toBe(true);
  expect(satisfiesTheme({ label: "cheaper", maxPrice: 1.99 }, noodles, {})).toBe(false);
  expect(
    satisfiesTheme({ label: "pantry under 3", categoryIds: ["pantry"], maxPrice: 3, tags: ["kosher"] }, noodles, {}),
  ).toBe(false);
});

test("a marked theme takes only what the retrieval vouched for", () => {
  const theme = { label: "ramen night", marked: true };
  expect(satisfiesTheme(theme, noodles, { onTheme: true })).toBe(true);
  expect(satisfiesTheme(theme, noodles, { onTheme: false })).toBe(false);
  expect(satisfiesTheme(theme, noodles, {})).toBe(false);
  expect(onTheme([{ productId: "a", score: 1 }])).toEqual([{ productId: "a", score: 1, onTheme: true }]);
});
