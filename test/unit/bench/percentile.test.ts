import { percentile } from "../../../bench/percentile";

describe("percentile (nearest rank)", () => {
  it("returns the ⌈p/100 · n⌉-th smallest value", () => {
    const values = [15, 20, 35, 40, 50]; // the textbook example
    expect(percentile(values, 5)).toBe(15);
    expect(percentile(values, 30)).toBe(20);
    expect(percentile(values, 40)).toBe(20); // rank exactly 2: not the next value
    expect(percentile(values, 50)).toBe(35);
    expect(percentile(values, 100)).toBe(50);
    expect(percentile(values, 0)).toBe(15);
  });

  it("takes p99 of 100 samples as the 99th value, not the maximum", () => {
    const samples = Array.from({ length: 100 }, (_, k) => k + 1);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile([...samples, 1000], 99)).toBe(100); // ⌈0.99 · 101⌉ = 100
  });

  it("sorts numerically without modifying the input", () => {
    const values = [10, 9, 100, 1];
    expect(percentile(values, 50)).toBe(9);
    expect(values).toEqual([10, 9, 100, 1]);
  });

  it("is NaN without samples and refuses p outside 0..100", () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});
