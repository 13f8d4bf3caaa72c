import { fixtureAttributes, fixtureProduct } from "../../../plugins/sdk/testkit";
import { exclusionOf } from "../../../subgraphs/personalization/pipeline/eligibility.rules";

const plain = fixtureProduct("p", { brand: "Acme", tags: [] });
const vegan = fixtureProduct("v", { tags: ["vegan"] });
const beer = fixtureProduct("b", { tags: ["age-restricted"], vertical: "ALCOHOL" });
const shirt = fixtureProduct("s", { vertical: "RETAIL", categoryPath: ["retail", "shirts"], categoryId: "shirts" });

test("store availability", () => {
  const attributes = fixtureAttributes({ storeId: "m1" });
  expect(exclusionOf(attributes, plain, undefined)).toBe("UNAVAILABLE_AT_STORE");
  expect(exclusionOf(attributes, plain, { available: false })).toBe("UNAVAILABLE_AT_STORE");
  expect(exclusionOf(attributes, plain, { available: true })).toBeNull();
  expect(exclusionOf(fixtureAttributes(), plain, undefined)).toBeNull();
});

test("age-restricted items need a verified shopper", () => {
  expect(exclusionOf(fixtureAttributes(), beer, undefined)).toBe("AGE_RESTRICTED");
  expect(exclusionOf(fixtureAttributes({ ageVerified: true }), beer, undefined)).toBeNull();
});

test("explicit dietary tags apply to food verticals; vegan satisfies vegetarian", () => {
  const veganShopper = fixtureAttributes({ dietary: { explicit: ["vegan"], inferred: [] } });
  expect(exclusionOf(veganShopper, plain, undefined)).toBe("DIETARY_CONFLICT");
  expect(exclusionOf(veganShopper, vegan, undefined)).toBeNull();
  expect(exclusionOf(veganShopper, shirt, undefined)).toBeNull();
  expect(
    exclusionOf(fixtureAttributes({ dietary: { explicit: ["vegetarian"], inferred: [] } }), vegan, undefined),
  ).toBeNull();
  expect(
    exclusionOf(
      fixtureAttributes({ dietary: { explicit: [], inferred: [{ tag: "vegan", share: 1, confidence: 1 }] } }),
      plain,
      undefined,
    ),
  ).toBeNull();
});

test("excluded brands (any case), categories, cart items", () => {
  expect(exclusionOf(fixtureAttributes({ excluded: { brands: ["acme"], categoryIds: [] } }), plain, undefined)).toBe(
    "EXCLUDED_BRAND",
  );
  expect(exclusionOf(fixtureAttributes({ excluded: { brands: [], categoryIds: ["retail"] } }), shirt, undefined)).toBe(
    "EXCLUDED_CATEGORY",
  );
  expect(exclusionOf(fixtureAttributes({ cart: ["p"] }), plain, undefined)).toBe("IN_CART");
});
