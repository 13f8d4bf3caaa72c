import { PLUGINS } from "../../../plugins/registry";
import { describeDimensionContract } from "./dimension-contract";

for (const plugin of PLUGINS) describeDimensionContract(plugin);

test("the registry lists every plugin once", () => {
  const names = PLUGINS.map((plugin) => plugin.name);
  expect(new Set(names).size).toBe(names.length);
  expect(names).toEqual(expect.arrayContaining(["familiarity", "affordability", "healthiness"]));
});
