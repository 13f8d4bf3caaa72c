import { catalogSubgraph } from "./catalog/catalog.subgraph";
import { personalizationSubgraph } from "./personalization/personalization.subgraph";
import type { SubgraphDefinition } from "./shared/subgraph";
import { userProfileSubgraph } from "./user-profile/user-profile.subgraph";

/** Every subgraph, by its name in supergraph.yaml. */
export const SUBGRAPHS: ReadonlyArray<SubgraphDefinition<object>> = [
  catalogSubgraph as SubgraphDefinition<object>,
  userProfileSubgraph as SubgraphDefinition<object>,
  personalizationSubgraph as SubgraphDefinition<object>,
];

/** Entry file of each subgraph process, relative to the repository root. */
export const SUBGRAPH_ENTRY: Record<SubgraphDefinition<object>["name"], string> = {
  catalog: "subgraphs/catalog/index.ts",
  "user-profile": "subgraphs/user-profile/index.ts",
  personalization: "subgraphs/personalization/index.ts",
};
