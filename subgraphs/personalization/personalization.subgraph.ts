import { buildFederatedSchema } from "../shared/federation";
import type { SubgraphDefinition } from "../shared/subgraph";
import { createPersonalizationContext, type PersonalizationContext } from "./context";
import { PopularProductsResolver } from "./popular-products.resolver";
import { rebuildPopularity } from "./popularity.builder";
import { PopularityRepository } from "./popularity.repository";

/** The personalization subgraph: the five-step pipeline, carousels, search and the plugin registry. */
export const personalizationSubgraph: SubgraphDefinition<PersonalizationContext> = {
  name: "personalization",
  port: (config) => config.PERSONALIZATION_PORT,
  schema: () => buildFederatedSchema<PersonalizationContext>({ resolvers: [PopularProductsResolver] }),
  context: createPersonalizationContext,
  async ensureIndexes(db) {
    await new PopularityRepository(db).ensureIndexes();
  },
  background: [
    {
      name: "popularity",
      everySeconds: (config) => config.POPULARITY_REFRESH_SECONDS,
      run: async (db) => rebuildPopularity(db),
    },
  ],
};
