import type { GeneratedCollectionDocument } from "../../../core/documents/generated-collection.document";
import type { GeneratedCollectionInfo } from "../../../plugins/sdk/services";

/**
 * The stored LLM-generated collections (`generated_collections`, written by the llm-collections job and
 * by `npm start` on first start), held in this process by target, best position first. Small (a few
 * collections per cluster, store and department), so entries stay plain frozen objects.
 */
export class GeneratedCollectionsReadModel {
  private readonly byTarget = new Map<string, readonly GeneratedCollectionInfo[]>();
  private count = 0;

  private constructor(readonly version: number) {}

  /** Builds the model from a stream of stored collections. */
  static async build(
    documents: AsyncIterable<GeneratedCollectionDocument>,
    version: number,
  ): Promise<GeneratedCollectionsReadModel> {
    const model = new GeneratedCollectionsReadModel(version);
    const lists = new Map<string, Array<GeneratedCollectionInfo & { position: number }>>();
    for await (const document of documents) {
      let list = lists.get(document.target);
      if (!list) lists.set(document.target, (list = []));
      const constraints = Object.freeze({
        categoryIds: Object.freeze([...(document.constraints?.categoryIds ?? [])]) as string[],
        tags: Object.freeze([...(document.constraints?.tags ?? [])]) as string[],
        brands: Object.freeze([...(document.constraints?.brands ?? [])]) as string[],
        maxPrice: typeof document.constraints?.maxPrice === "number" ? document.constraints.maxPrice : null,
      });
      list.push({
        id: document._id,
        target: document.target,
        title: document.title,
        description: document.description,
        constraints,
        itemCount: document.itemCount,
        source: document.source,
        position: document.position,
      });
      model.count += 1;
    }
    for (const [target, list] of lists) {
      list.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      model.byTarget.set(target, Object.freeze(list.map(({ position: _position, ...info }) => Object.freeze(info))));
    }
    return model;
  }

  /** Collections held. */
  get size(): number {
    return this.count;
  }

  /** The first `limit` collections of the targets, in the targets' order, each target's best first. */
  forTargets(targets: readonly string[], limit: number): GeneratedCollectionInfo[] {
    const result: GeneratedCollectionInfo[] = [];
    for (const target of targets) {
      for (const info of this.byTarget.get(target) ?? []) {
        if (result.length >= limit) return result;
        result.push(info);
      }
    }
    return result;
  }
}
