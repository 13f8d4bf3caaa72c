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
import { SURFACE_CONFIGURATION } from "../../../subgraphs/personalization/surfaces";

const products = fixtureCatalog();
const constant = defineDimension({ name: "constant", description: "Always 1", defaultWeight: 1, budgetMs: 50, score: async (_c, candidates) => candidates.map((c) => ({ productId: c.productId, value: 1, reason: "always" })) });
const slow = defineDimension({ name: "slow", description: "Never in time", budgetMs: 5, score: () => new Promise((resolve) => setTimeout(() => resolve([]), 200)) });
const broken = defineDimension({ name: "broken", description: "Out of range", score: async (_c, candidates) => candidates.map((c) => ({ productId: c.productId, value: 7, reason: "x" })) });

function deps(warnings: unknown[]): PipelineDeps {
  const logger = createLogger("test", "silent");
  logger.warn = ((object: unknown) => warnings.push(object)) as typeof logger.warn;
  return {
    reads: {} as PipelineReads,
    logger,
    plugins: [constant, slow, broken, healthinessDimension],
    surfaces: SURFACE_CONFIGURATION,
    services: fixtureServices(products, { popularity: Object.fromEntries(products.map((p, i) => [p._id, 1 - i / 30])) }),
    loaders: { product: new DataLoader(async (ids) => ids.map(() => null)), category: new DataLoader(async (ids) => ids.map(() => null)) },
    timings: new Timings(),
  };
}
const popular: CollectionProposal = { id: "pipeline.popular", title: "Popular", dimension: "", relevance: 1, params: { source: "popular", limit: 10 } };

test("ranks by the weighted blend, drops late and invalid plugins, explains with reasons", async () => {
  const warnings: { plugin?: string }[] = [];
  const attributes = fixtureAttributes({ weights: { constant: 0.5, slow: 1, broken: 1, healthiness: 0.5 } });
  const [ranked] = await retrieveAndRank(deps(warnings), attributes, [popular], 1);
  expect(warnings.map((w) => w.plugin).sort()).toEqual(["broken", "slow"]);
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
  const deal = { id: "d", productId: ranked!.items[0]!.productId, kind: "BUNDLE" as const, value: 2, expiresAt: new Date(), reason: "2 for 1" };
  const [presented] = presentCollections([{ ...ranked!, rank: 1 }], new Map([[deal.productId, deal]]));
  expect(presented!.items[0]!.deal).toEqual(deal);
  expect(presented!.items[1]!.deal).toBeNull();
  expect(presented!.explanation).toMatch(/^Ranked mostly by healthiness/);
  expect(presented!.dimension).toBeNull();
});
