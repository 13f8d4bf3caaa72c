import { sampleIds } from "../../../ml/user-sample";

describe("sampleIds", () => {
  const ids = Array.from({ length: 1000 }, (_, i) => `u:${i}`);

  it("keeps everyone (null) when there are at most `max`", () => {
    expect(sampleIds(ids, 1000)).toBeNull();
    expect(sampleIds([], 1)).toBeNull();
  });

  it("picks exactly `max` of the ids, the same ones whatever their order", () => {
    const sample = sampleIds(ids, 100)!;
    expect(sample.size).toBe(100);
    for (const id of sample) expect(ids).toContain(id);
    expect(sampleIds([...ids].reverse(), 100)).toEqual(sample);
  });

  it("spreads over the id space instead of taking a prefix", () => {
    const sample = [...sampleIds(ids, 100)!].map((id) => Number(id.slice(2)));
    expect(Math.max(...sample)).toBeGreaterThan(500);
    expect(Math.min(...sample)).toBeLessThan(500);
  });
});
