import { checkPriceClaim, parsePriceClaim, type ClaimProduct } from "../../../eval/served/price-claims";
import { namesItsTerm } from "../../../eval/served/theme-check";
import { parseReasonsEvalArgs } from "../../../jobs/eval/reasons.command";

const product = (
  id: string,
  price: number,
  unit?: { value: number; per: string },
  estimated = false,
): ClaimProduct => ({
  _id: id,
  categoryId: "buns",
  categoryPath: ["bakery", "buns"],
  price,
  ...(unit ? { unitPrice: unit } : {}),
  ...(estimated ? { priceEstimated: true } : {}),
});
const buns = [
  product("a", 2, { value: 0.25, per: "item" }),
  product("b", 3.6, { value: 0.45, per: "item" }),
  product("c", 6, { value: 0.5, per: "item" }),
  product("d", 4.4, { value: 0.55, per: "item" }),
  product("e", 2.5, { value: 7.35, per: "kg" }),
  product("f", 1.5, { value: 4.41, per: "kg" }),
  product("g", 3),
];

test("reasons that state a price percentage are parsed with the basis they name", () => {
  expect(parsePriceClaim("47% below the usual price per item in its category")).toEqual({ percent: 47, per: "item" });
  expect(parsePriceClaim("94% below the usual price per unit in its category")).toEqual({ percent: 94, per: "unit" });
  expect(parsePriceClaim("12% below the usual price in its category")).toEqual({ percent: 12, per: null });
  expect(parsePriceClaim("Typical price per kg for its category")).toBeNull();
  expect(parsePriceClaim("Your deal: 20% off your usual")).toBeNull();
});

test("a claim is true only against prices of the same basis, within a point of rounding", () => {
  const a = buns[0]!;
  expect(checkPriceClaim({ percent: 47, per: "item" }, a, buns)).toMatchObject({
    true: true,
    expected: 47,
    comparable: 4,
  });
  expect(checkPriceClaim({ percent: 48, per: "item" }, a, buns).true).toBe(true);
  // What the mixed median said: 0.25 against the median of every unit price (0.25 … 7.35) is "90% below".
  expect(checkPriceClaim({ percent: 90, per: "unit" }, a, buns)).toMatchObject({ true: false, expected: 47 });
  expect(checkPriceClaim({ percent: 47, per: "kg" }, a, buns).problem).toMatch(/priced per item/);
  expect(checkPriceClaim({ percent: 10, per: "unit" }, buns[6]!, buns).problem).toMatch(/without a known size/);
  expect(checkPriceClaim({ percent: 10, per: null }, a, buns).problem).toMatch(/list price/);
  expect(
    checkPriceClaim({ percent: 10, per: "kg" }, product("x", 1, { value: 1, per: "kg" }, true), buns).problem,
  ).toMatch(/estimate/);
  expect(checkPriceClaim({ percent: 0, per: null }, buns[6]!, buns).problem).toMatch(/no other product/);
});

test("a cuisine item is on theme when its name or its category names the term that linked it", () => {
  expect(
    namesItsTerm("egg", "Earth Balance Organic Grade A Large Eggs", ["Grocery", "Dairy & Eggs", "Eggs & Butter"]),
  ).toBe(true);
  expect(namesItsTerm("egg", "Silk Organic Lactose Free Milk", ["Grocery", "Dairy & Eggs", "Milk"])).toBe(false);
  expect(namesItsTerm("instant noodles", "Shin Ramyun Spicy Soup Pack", ["Grocery", "Pantry", "Instant Noodles"])).toBe(
    true,
  );
  expect(namesItsTerm("soy sauce", "Kikkoman Soy Sauce 250ml", [])).toBe(true);
  expect(namesItsTerm("tomato", "Cherry Tomatoes", [])).toBe(true);
});

test("eval reasons refuses bad arguments with a usage error naming them", () => {
  expect(parseReasonsEvalArgs([])).toEqual({ maxUsers: 500, storeId: null, now: null, out: null });
  expect(
    parseReasonsEvalArgs(["--max-users", "20", "--store", "m:1", "--now", "2025-06-01", "--out", "r.json"]),
  ).toEqual({ maxUsers: 20, storeId: "m:1", now: new Date("2025-06-01"), out: "r.json" });
  expect(() => parseReasonsEvalArgs(["--max-users", "1.5"])).toThrow(
    /--max-users needs a whole number .* \(got "1.5"\)/,
  );
  expect(() => parseReasonsEvalArgs(["--now", "soon"])).toThrow(/--now "soon" is not a date/);
  expect(() => parseReasonsEvalArgs(["--out", "r.txt"])).toThrow(/FILE.json/);
  expect(() => parseReasonsEvalArgs(["--users"])).toThrow(/users/);
});
