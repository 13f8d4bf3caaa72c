import { runSubgraphProcess } from "../shared/main";
import { personalizationSubgraph } from "./personalization.subgraph";

void runSubgraphProcess(personalizationSubgraph);
