import {
  bestValueFirst,
  categoryMediansOf,
  comparablePrice,
  comparePrice,
  MIN_COMPARABLE_PRICES,
} from "../../../plugins/sdk/price-comparison";
import { fixtureProduct } from "../../../plugins/sdk/testkit";

const perKg = (id: string, value: number) => fixtureProduct(id, { price: value / 2, unitPrice: { value, per: "kg" } });
const perItem = (id: string, value: number) =>
  fixtureProduct(id, { price: value * 8, unitPrice: { value, per: "item" } });
const unsized = (id: string, price: number) => fixtureProduct(id, { price });

test("a product is compared by its unit price when it has one, else by its list price; estimates and unknown units are not compared", () => {
  expect(comparablePrice(perKg("a", 6))).toEqual({ basis: "kg", value: 6 });
  expect(comparablePrice(fixtureProduct("b", { unitPrice: { value: 1.5, per: "l" } }))).toEqual({
    basis: "l",
    value: 1.5,
  });
  expect(comparablePrice(unsized("c", 4))).toEqual({ basis: "pack", value: 4 });
  expect(comparablePrice(fixtureProduct("d", { priceEstimated: true, unitPrice: { value: 1, per: "kg" } }))).toBeNull();
  expect(comparablePrice(fixtureProduct("e", { unitPrice: { value: 1, per: "dozen" } }))).toBeNull();
});

test("category medians are taken per basis, each over at least MIN_COMPARABLE_PRICES products", () => {
  const products = [
    perKg("k1", 4),
    perKg("k2", 6),
    perKg("k3", 8),
    perKg("k4", 10),
    perItem("i1", 0.3),
    perItem("i2", 0.5),
    perItem("i3", 0.7),
    unsized("u1", 3),
    unsized("u2", 5),
  ];
  expect(MIN_COMPARABLE_PRICES).toBe(3);
  expect(categoryMediansOf(products)).toEqual({ kg: 7, item: 0.5 });
  expect(comparePrice(perItem("x", 0.25), categoryMediansOf(products))).toEqual({
    basis: "item",
    ratio: 0.5,
    median: 0.5,
  });
  // Two unsized products are too few for a list-price median.
  expect(comparePrice(unsized("y", 1), categoryMediansOf(products))).toBeNull();
  expect(comparePrice(perKg("z", 7), undefined)).toBeNull();
});

test("best value first ranks each product against the median of its own basis", () => {
  const products = [
    perKg("k1", 4),
    perKg("k2", 6),
    perKg("k3", 8),
    perItem("i1", 0.3),
    perItem("i2", 0.5),
    perItem("i3", 0.7),
    unsized("u1", 3),
  ];
  const order = bestValueFirst(products, categoryMediansOf(products)).map((product) => product._id);
  // k1 is 0.67 of the per-kg median, i1 0.6 of the per-item one; numerically 0.3/item is not "cheaper" than 4/kg.
  expect(order).toEqual(["i1", "k1", "i2", "k2", "k3", "i3", "u1"]);
});
