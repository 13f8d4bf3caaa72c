import type { Db } from "mongodb";
import { GeneratedCollectionsRepository } from "../../../core/documents/generated-collection.document";
import type { GeneratedCollectionInfo, GeneratedCollectionsService, ScoredId } from "../../../plugins/sdk/services";
import { READ_MODEL_WAIT_MS, type PersonalizationReadModels } from "../read-models/read-models";

/**
 * {@link GeneratedCollectionsService} for the pipeline: stored collections from the process's
 * generated-collections read model and their items from the catalog read model (no database query per
 * request); each read falls back to the `generated_collections` repository (database) only while its
 * model is not loaded.
 */
export class ServedGeneratedCollections implements GeneratedCollectionsService {
  private readonly repository: GeneratedCollectionsRepository;

  constructor(
    db: Db,
    private readonly models: PersonalizationReadModels,
  ) {
    this.repository = new GeneratedCollectionsRepository(db);
  }

  async forTargets(targets: readonly string[], limit: number): Promise<GeneratedCollectionInfo[]> {
    if (targets.length === 0 || limit <= 0) return [];
    const model = await this.models.generatedCollections.get(READ_MODEL_WAIT_MS);
    return model ? model.forTargets(targets, limit) : this.repository.forTargets(targets, limit);
  }

  async items(
    constraints: GeneratedCollectionInfo["constraints"],
    storeId: string | null,
    limit: number,
  ): Promise<ScoredId[]> {
    const model = await this.models.catalog.get(READ_MODEL_WAIT_MS);
    return model ? model.matching(constraints, storeId, limit) : this.repository.items(constraints, storeId, limit);
  }
}
