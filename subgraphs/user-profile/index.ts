import { runSubgraphProcess } from "../shared/main";
import { userProfileSubgraph } from "./user-profile.subgraph";

void runSubgraphProcess(userProfileSubgraph);
