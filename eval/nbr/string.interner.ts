/** Returns one shared string instance per distinct value, so millions of repeated ids cost one pointer each. */
export function createInterner(): (value: string) => string {
  const pool = new Map<string, string>();
  return (value) => {
    const known = pool.get(value);
    if (known !== undefined) return known;
    pool.set(value, value);
    return value;
  };
}
