import type { Db } from "mongodb";
import type { Logger } from "../../core/logger";
import type { SubgraphServices } from "../shared/subgraph";
import { PopularityRepository } from "./popularity.repository";

/** The personalization request context. */
export interface PersonalizationContext {
  logger: Logger;
  db: Db;
  popularity: PopularityRepository;
}

/** Builds a fresh context for one request. */
export function createPersonalizationContext({ db, logger }: SubgraphServices): PersonalizationContext {
  return { logger, db, popularity: new PopularityRepository(db) };
}
