import DataLoader from "dataloader";
import { createLogger } from "../../../core/logger";
import { defineDimension } from "../../../plugins/sdk/define-dimension";
import { fixtureAttributes, fixtureCatalog, fixtureServices } from "../../../plugins/sdk/testkit";
import type { CollectionProposal } from "../../../plugins/sdk/candidate";
import { healthinessDimension } from "../../../plugins/healthiness/healthiness.dimension";
import type { PipelineDeps, PipelineReads } from "../../../subgraphs/personalization/pipeline/pipeline.types";
import { presentCollections } from "../../../subgraphs/personalization/pipeline/present.step";
import { retrieveAndRank } from "../../../subgraphs/personalization/pipeline/retrieve-rank.step";
import { Timings } from "../../../subgraphs/personalization/pipeline/timings";
import { DroppedContributions } from "../../../subgraphs/personalization/pipeline/dropped-contributions";
import { SURFACE_CONFIGURATION } from "../../../subgraphs/personalization/surfaces";

const products = fixtureCatalog();
const constant = defineDimension({
  name: "constant",
  description: "Always 1",
  defaultWeight: 1,
  budgetMs: 50,
  score: async (_c, candidates) => candidates.map((c) => ({ productId: c.productId, value: 1, reason: "always" })),
});
const slow = defineDimension({
  name: "slow",
  description: "Never in time",
  budgetMs: 5,
  score: () => new Promise((resolve) => setTimeout(() => resolve([]), 200)),
});
const broken = defineDimension({
  name: "broken",
  description: "Out of range",
  score: async (_c, candidates) => candidates.map((c) => ({ productId: c.productId, value: 7, reason: "x" })),
});

function deps(warnings: unknown[], drops = new DroppedContributions()): PipelineDeps {
  const logger = createLogger("test", "silent");
  logger.warn = ((object: unknown) => warnings.push(object)) as typeof logger.warn;
  return {
    reads: {} as PipelineReads,
    logger,
    plugins: [constant, slow, broken, healthinessDimension],
    surfaces: SURFACE_CONFIGURATION,
    services: fixtureServices(products, {
      popularity: Object.fromEntries(products.map((p, i) => [p._id, 1 - i / 30])),
    }),
    loaders: {
      product: new DataLoader(async (ids) => ids.map(() => null)),
      category: new DataLoader(async (ids) => ids.map(() => null)),
    },
    timings: new Timings(),
    ranker: null,
    drops,
  };
}
const popular: CollectionProposal = {
  id: "pipeline.popular",
  title: "Popular",
  dimension: "",
  relevance: 1,
  params: { source: "popular", limit: 10 },
};

test("ranks by the weighted blend, drops late and invalid plugins, explains with reasons", async () => {
  const warnings: { plugin?: string }[] = [];
  const attributes = fixtureAttributes({ weights: { constant: 0.5, slow: 1, broken: 1, healthiness: 0.5 } });
  const drops = new DroppedContributions();
  const [ranked] = await retrieveAndRank(deps(warnings, drops), attributes, [popular], 1);
  // Both drops counted; the log gets one summary line for them.
  expect(drops.snapshot()).toEqual({ broken: { "score.invalid": 1 }, slow: { "score.timeout": 1 } });
  expect(warnings).toHaveLength(1);
  expect(ranked!.items).toHaveLength(10);
  for (const item of ranked!.items) {
    expect(item.reasons.map((reason) => reason.dimension).sort()).toEqual(["constant", "healthiness"]);
    const health = item.reasons.find((reason) => reason.dimension === "healthiness")!.score;
    const blend = (0.5 * 1 + 0.5 * health) / 1;
    const source = item.score - 0.85 * blend;
    expect(source).toBeGreaterThanOrEqual(-1e-3);
    expect(source).toBeLessThanOrEqual(0.15 + 1e-3);
  }
  const scores = ranked!.items.map((item) => item.score);
  expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  // Age-restricted fixtures are excluded for an unverified shopper.
  expect(ranked!.items.some((item) => item.product.tags.includes("age-restricted"))).toBe(false);
});

test("presentation attaches deals and explains the collection", async () => {
  const attributes = fixtureAttributes({ weights: { constant: 0.2, healthiness: 1 } });
  const [ranked] = await retrieveAndRank(deps([]), attributes, [popular], 1);
  const deal = {
    id: "d",
    productId: ranked!.items[0]!.productId,
    kind: "BUNDLE" as const,
    value: 2,
    expiresAt: new Date(),
    reason: "2 for 1",
  };
  const [presented] = presentCollections([{ ...ranked!, rank: 1 }], new Map([[deal.productId, deal]]));
  expect(presented!.items[0]!.deal).toEqual(deal);
  expect(presented!.items[1]!.deal).toBeNull();
  expect(presented!.explanation).toMatch(/^Ranked mostly by healthiness/);
  expect(presented!.dimension).toBeNull();
});

describe("themes", () => {
  /** A plugin whose collection promises cereal, retrieves snacks and cereal, and loves snacks. */
  const cerealOnly = defineDimension({
    name: "cereal_theme",
    description: "Promises cereal",
    defaultWeight: 1,
    budgetMs: 50,
    prospect: async () => [],
    retrieve: async () =>
      products
        .filter((p) => !p.tags.includes("age-restricted"))
        .map((p, i) => ({ productId: p._id, score: 1 - i / 30, onTheme: p.categoryId === "cereal" })),
    score: async (_c, candidates) =>
      candidates.map((c) => ({
        productId: c.productId,
        value: c.product.categoryId === "snacks" ? 1 : 0.1,
        reason: "snacks first",
      })),
  });
  const themed = (theme: CollectionProposal["theme"]): CollectionProposal => ({
    id: "cereal_theme.shelf",
    title: "Cereal for you",
    dimension: "cereal_theme",
    relevance: 1,
    params: { limit: 40 },
    ...(theme ? { theme } : {}),
  });
  const run = async (
    proposal: CollectionProposal,
    attributes = fixtureAttributes({ weights: { cereal_theme: 1 } }),
  ) => {
    const base = deps([]);
    const [ranked] = await retrieveAndRank({ ...base, plugins: [cerealOnly] }, attributes, [proposal], 1);
    return ranked!.items;
  };

  test("the blend would lead with off-theme items; a stated theme keeps only the items that satisfy it", async () => {
    const unthemed = await run(themed(undefined));
    expect(unthemed[0]!.product.categoryId).toBe("snacks");
    for (const theme of [
      { label: "cereal", categoryIds: ["cereal"] },
      { label: "cereal (marked)", marked: true },
    ]) {
      const items = await run(themed(theme));
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((item) => item.product.categoryId === "cereal")).toBe(true);
      expect(items.length).toBe(unthemed.filter((item) => item.product.categoryId === "cereal").length);
    }
  });

  test("pipeline sources imply their theme: a category source keeps its category, complements of an empty cart are none", async () => {
    const category: CollectionProposal = {
      id: "pipeline.category.cereal",
      title: "Popular in Cereal",
      dimension: "",
      relevance: 1,
      params: { source: "category", categoryId: "cereal", limit: 40 },
    };
    const items = await run(category, fixtureAttributes({ weights: { constant: 1 } }));
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.product.categoryPath.includes("cereal"))).toBe(true);
    const complements: CollectionProposal = {
      id: "pipeline.complements",
      title: "Goes well with your cart",
      dimension: "",
      relevance: 1,
      params: { source: "complements", limit: 10 },
    };
    expect(await run(complements, fixtureAttributes({ weights: { constant: 1 }, cart: [] }))).toEqual([]);
    // With a cart, co-purchase complements are vouched for.
    const withCart = await retrieveAndRank(
      {
        ...deps([]),
        services: fixtureServices(products, {
          complements: [
            { productId: "p03", score: 2 },
            { productId: "p05", score: 1.5 },
          ],
        }),
      },
      fixtureAttributes({ weights: { constant: 1 }, cart: ["p01"] }),
      [complements],
      1,
    );
    expect(withCart[0]!.items.map((item) => item.productId).sort()).toEqual(["p03", "p05"]);
  });
});
