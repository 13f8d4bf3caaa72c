import { bestValueFirst, categoryMediansOf } from "../../../plugins/sdk/price-comparison";
import { fixtureProduct } from "../../../plugins/sdk/testkit";
import { CatalogReadModel } from "../../../subgraphs/personalization/read-models/catalog-read-model";

async function* stream<T>(items: readonly T[]): AsyncIterable<T> {
  yield* items;
}

const bakery = (id: string, price: number, unit?: { value: number; per: string }, estimated = false) =>
  fixtureProduct(id, {
    categoryId: "buns",
    categoryPath: ["grocery", "bakery", "buns"],
    price,
    ...(unit ? { unitPrice: unit } : {}),
    ...(estimated ? { priceEstimated: true } : {}),
  });

const products = [
  bakery("loaf-a", 2.72, { value: 4, per: "kg" }),
  bakery("loaf-b", 3.4, { value: 5, per: "kg" }),
  bakery("loaf-c", 4.76, { value: 7, per: "kg" }),
  bakery("buns-a", 3.6, { value: 0.45, per: "item" }),
  bakery("buns-b", 4, { value: 0.5, per: "item" }),
  bakery("buns-c", 2.4, { value: 0.3, per: "item" }),
  bakery("buns-d", 4.4, { value: 0.55, per: "item" }),
  bakery("gift-box", 12),
  bakery("guess", 0.5, { value: 0.06, per: "item" }, true),
];

test("the read model keeps one median per price basis and lists best value against its own basis first", async () => {
  const model = await CatalogReadModel.build(
    { products: stream(products), offers: stream([]), categories: stream([]), merchants: stream([]) },
    1,
  );
  // Per kg 4, 5, 7 → 5; per item 0.3, 0.45, 0.5, 0.55 → 0.475; the estimate and the lone unsized box count for nothing.
  expect(model.categoryMedians("buns")).toEqual({ kg: 5, item: 0.475 });
  expect(model.categoryMedians("bakery")).toEqual(model.categoryMedians("buns"));
  expect(model.categoryMedians("buns")).toEqual(categoryMediansOf(products));
  const order = model.inCategory("buns", 20).map((hit) => hit.productId);
  expect(order).toEqual(bestValueFirst(products, categoryMediansOf(products)).map((product) => product._id));
  expect(order.slice(0, 2)).toEqual(["buns-c", "loaf-a"]);
  expect(order.slice(-2)).toEqual(["guess", "gift-box"]);
});
