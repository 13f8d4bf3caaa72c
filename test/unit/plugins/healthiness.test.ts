import { healthinessDimension } from "../../../plugins/healthiness/healthiness.dimension";
import { fixtureProduct, runDimension } from "../../../plugins/sdk/testkit";

test("healthiness: tagged food scores higher, with the tags as the reason; non-food is neutral", async () => {
  const products = [
    fixtureProduct("oats", { tags: ["whole-grain", "organic"] }),
    fixtureProduct("candy", { tags: [] }),
    fixtureProduct("vase", { vertical: "RETAIL", tags: ["organic"] }),
  ];
  const { scores } = await runDimension(healthinessDimension, { products });
  expect(scores).toEqual([
    { productId: "oats", value: 0.8, reason: "Better for you: whole-grain, organic" },
    { productId: "candy", value: 0.3, reason: "No better-for-you tags" },
    { productId: "vase", value: 0.5, reason: "Not a food item" },
  ]);
});
