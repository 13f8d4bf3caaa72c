import type { ProductDocument } from "../../../core/documents/product.document";
import { createLogger } from "../../../core/logger";
import { PLUGINS } from "../../../plugins/registry";
import type { DimensionScore } from "../../../plugins/sdk/candidate";
import { surfaceWeights } from "../../../plugins/sdk/registry-validation";
import type { TextSearchService } from "../../../plugins/sdk/services";
import { fixtureAttributes, fixtureServices, toCandidates } from "../../../plugins/sdk/testkit";
import { SURFACE_CONFIGURATION } from "../../../subgraphs/personalization/surfaces";
import type { SearchSystem } from "../search-system.types";
import { FUSION_WINDOW } from "./rewrite.system";

/** Share of a result's score from text relevance, as `Search.results` blends it (search.resolver TEXT_WEIGHT). */
export const EVAL_TEXT_WEIGHT = 0.6;

/**
 * Personalized search for a neutral shopper: the {@link FUSION_WINDOW} hits of a retrieval (hybrid) re-ranked as
 * `Search.results` re-ranks them without a ranker artifact: 60% text relevance (score over the best score),
 * 40% the dimension plugins' blend with the SEARCH surface weights. The shopper is anonymous (no history,
 * no preferences; the same for every query), and the catalog files carry no orders, so popularity is empty:
 * this measures what the dimension blend itself does to relevance, not a personal gain.
 */
export class PersonalizedSearchSystem implements SearchSystem {
  readonly description: string;
  private readonly services;
  private readonly byId: Map<string, ProductDocument>;
  private readonly weights = surfaceWeights(PLUGINS, SURFACE_CONFIGURATION.SEARCH);
  private readonly logger = createLogger("search-eval", "silent");

  constructor(
    readonly name: string,
    private readonly retrieval: TextSearchService,
    products: readonly ProductDocument[],
    retrievalDescription: string,
  ) {
    this.description = `${retrievalDescription}, re-ranked for an anonymous shopper: 60% text relevance, 40% the SEARCH dimension blend`;
    this.services = fixtureServices(products);
    this.byId = new Map(products.map((product) => [product._id, product]));
  }

  async search(query: string, k: number): Promise<string[]> {
    const hits = (await this.retrieval.search(query, FUSION_WINDOW)).filter((hit) => this.byId.has(hit.productId));
    if (hits.length === 0) return [];
    const candidates = toCandidates(hits.map((hit) => this.byId.get(hit.productId)!));
    const attributes = fixtureAttributes({ surface: "SEARCH", query, weights: this.weights });
    const active = PLUGINS.filter((plugin) => (this.weights[plugin.name] ?? 0) > 0);
    const scored = await Promise.all(active.map(async (plugin) => [plugin.name, await plugin.score({ attributes, services: this.services, logger: this.logger, seed: 1 }, candidates)] as const));
    const maxSource = Math.max(1e-9, ...hits.map((hit) => hit.score));
    return hits
      .map((hit, i) => {
        let weighted = 0;
        let total = 0;
        for (const [name, scores] of scored) {
          const score: DimensionScore = scores[i]!;
          weighted += this.weights[name]! * score.value;
          total += this.weights[name]!;
        }
        const dimensions = total > 0 ? weighted / total : 0;
        return { productId: hit.productId, score: (1 - EVAL_TEXT_WEIGHT) * dimensions + EVAL_TEXT_WEIGHT * (Math.max(0, hit.score) / maxSource) };
      })
      .sort((a, b) => b.score - a.score || a.productId.localeCompare(b.productId))
      .slice(0, k)
      .map((hit) => hit.productId);
  }
}
