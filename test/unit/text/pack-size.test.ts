import { parsePackSize, unitPrice } from "../../../core/text/pack-size";

describe("parsePackSize", () => {
  it.each([
    ["22 LB", { value: 22, unit: "lb", count: 1 }],
    ["12 oz", { value: 12, unit: "oz", count: 1 }],
    ["6 x 330 ml", { value: 330, unit: "ml", count: 6 }],
    ["6x330ml", { value: 330, unit: "ml", count: 6 }],
    ["1.5L", { value: 1.5, unit: "l", count: 1 }],
    ["12 ct", { value: 12, unit: "ct", count: 1 }],
    ["1/2 gal", { value: 0.5, unit: "gal", count: 1 }],
    ["8.5 fl. oz.", { value: 8.5, unit: "fl_oz", count: 1 }],
    ["12 x 12 fl oz", { value: 12, unit: "fl_oz", count: 12 }],
    ["Coca-Cola 2 l bottle", { value: 2, unit: "l", count: 1 }],
    ["500 g", { value: 500, unit: "g", count: 1 }],
    ["1,5 kg", { value: 1.5, unit: "kg", count: 1 }],
    ["24 stems", { value: 24, unit: "ct", count: 1 }],
  ])("parses %s", (text, expected) => {
    expect(parsePackSize(text)).toEqual({ ...expected, text });
  });

  it.each(["", "NO SIZE", "Chocolate Sandwich Cookies", "0 oz", "-3 lb", "ounces"])(
    "returns undefined for %j",
    (text) => {
      expect(parsePackSize(text)).toBeUndefined();
    },
  );
});

describe("unitPrice", () => {
  it("is per kg for weights, per l for volumes and per item for counts", () => {
    expect(unitPrice(5, parsePackSize("500 g"))).toEqual({ value: 10, per: "kg" });
    expect(unitPrice(6, parsePackSize("6 x 330 ml"))).toEqual({ value: 3.0303, per: "l" });
    expect(unitPrice(3, parsePackSize("12 ct"))).toEqual({ value: 0.25, per: "item" });
    expect(unitPrice(4.54, parsePackSize("1 lb"))?.per).toBe("kg");
    expect(unitPrice(4.54, parsePackSize("1 lb"))?.value).toBeCloseTo(10.0089, 3);
  });

  it("is undefined without a size or with a negative price", () => {
    expect(unitPrice(5, undefined)).toBeUndefined();
    expect(unitPrice(-1, parsePackSize("1 kg"))).toBeUndefined();
  });
});
