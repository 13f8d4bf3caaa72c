import { bundleFailureKind } from "../../../eval/llm/llm-eval";

describe("bundleFailureKind", () => {
  const filled = { required: true, missing: null };
  test("a required slot the catalog lacks, or no slot at all, is an intent this catalog cannot serve", () => {
    expect(
      bundleFailureKind([filled, { required: true, missing: 'Nothing in the catalog matches "bacon"' }], true),
    ).toBe("not-in-catalog");
    expect(bundleFailureKind([], true)).toBe("not-in-catalog");
  });
  test("the catalog has it but the shopper's rules exclude it: excluded for this shopper, before any budget reason", () => {
    const excluded = {
      required: true,
      missing:
        'The catalog has "salmon", but nothing that matches "salmon" fits your diet, and no substitute does either',
    };
    expect(bundleFailureKind([filled, excluded], false)).toBe("excluded-for-shopper");
  });
  test("budget reasons: over the budget, else an optional slot left out for it", () => {
    expect(bundleFailureKind([filled, filled], false)).toBe("over-budget");
    expect(
      bundleFailureKind([filled, { required: false, missing: "Left out to stay within the $40 budget" }], true),
    ).toBe("left-out-for-budget");
    expect(bundleFailureKind([filled, { required: false, missing: "something else" }], true)).toBe("other");
  });
});
