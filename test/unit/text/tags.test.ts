import { inferTags } from "../../../core/text/tags";

describe("inferTags", () => {
  it("finds dietary tags in names and labels", () => {
    expect(inferTags("Organic Unsweetened Almond Milk")).toEqual(
      expect.arrayContaining(["organic", "dairy-free", "sugar-free"]),
    );
    expect(inferTags("Gluten Free Vegan Brownie Mix")).toEqual(["dairy-free", "gluten-free", "vegan", "vegetarian"]);
    expect(inferTags("Crackers", { labels: ["en:no-gluten", "en:kosher"] })).toEqual(["gluten-free", "kosher"]);
    expect(inferTags("Halal Chicken Sausages")).toEqual(["halal"]);
  });

  it("marks alcohol age-restricted but not vinegar or non-alcoholic beer", () => {
    expect(inferTags("Sierra Nevada Pale Ale")).toContain("age-restricted");
    expect(inferTags("Cabernet Sauvignon")).toContain("age-restricted");
    expect(inferTags("Red Wine Vinegar")).not.toContain("age-restricted");
    expect(inferTags("Non-Alcoholic Beer")).not.toContain("age-restricted");
    expect(inferTags("Ginger Ale")).not.toContain("age-restricted");
    expect(inferTags("Sparkling Water", { alcoholVertical: true })).toContain("age-restricted");
  });

  it("drops vegetarian and vegan when meat or animal products appear", () => {
    expect(inferTags("Vegetarian Chicken Style Strips")).not.toContain("vegetarian");
    expect(inferTags("Vegan Cheese")).toContain("vegan");
    expect(inferTags("Vegan Honey Oat Bar")).not.toContain("vegan");
  });
});
