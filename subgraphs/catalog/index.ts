import { runSubgraphProcess } from "../shared/main";
import { catalogSubgraph } from "./catalog.subgraph";

void runSubgraphProcess(catalogSubgraph);
