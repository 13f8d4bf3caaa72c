import { GroupPartition } from "../../../jobs/import/group-partition";

describe("GroupPartition", () => {
  it("groups unsorted rows by key across buckets, each group complete and in line order, the same on every read", async () => {
    // 100 MB of declared input → 13 buckets.
    const partition = new GroupPartition<{ value: number }>(100 * 1024 * 1024);
    try {
      const expected = new Map<string, number[]>();
      for (let line = 1; line <= 2000; line++) {
        const key = `basket-${(line * 7919) % 301}`;
        expected.set(key, [...(expected.get(key) ?? []), line]);
        await partition.add({ key, line, data: { value: line * 2 } });
      }
      await partition.finish();
      const read = async () => {
        const groups: Array<[string, number[]]> = [];
        for await (const group of partition.groups()) {
          for (const row of group.rows) expect(row.data.value).toBe(row.line * 2);
          groups.push([group.key, group.rows.map((row) => row.line)]);
        }
        return groups;
      };
      const first = await read();
      expect(first).toHaveLength(301);
      expect(new Map(first)).toEqual(expected);
      expect(await read()).toEqual(first);
    } finally {
      partition.dispose();
    }
  });
});
