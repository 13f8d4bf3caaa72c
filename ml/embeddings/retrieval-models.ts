import { join } from "node:path";
import type { ProductDocument } from "../../core/documents/product.document";
import { loadQuantizer, SEMANTIC_ID_MODELS_DIR, type SemanticIdHeader } from "../semantic-ids/semantic-id.artifact";
import type { ResidualQuantizer } from "../semantic-ids/residual-kmeans";
import { productText } from "../text-encoder/catalog-text";
import { loadTextEncoder, TEXT_ENCODER_MODELS_DIR } from "../text-encoder/text-encoder.artifact";
import type { TextEncoder } from "../text-encoder/text-encoder.model";
import { FeatureVocabulary } from "../two-tower/item-features";
import { loadTwoTower, TWO_TOWER_MODELS_DIR, type TwoTowerHeader } from "../two-tower/two-tower.artifact";
import type { TwoTowerModel, UserInput } from "../two-tower/two-tower.model";
import { buildUserState, type TimelineBasket } from "../two-tower/user-state.builder";

const DAY_MS = 86_400_000;

/** The trained artifacts serving needs, loaded from `<DATA_DIR>/models`. */
export class RetrievalModels {
  private readonly itemIndex: Map<string, number>;
  private readonly vocabulary: FeatureVocabulary | null;

  constructor(
    readonly text: { version: string; encoder: TextEncoder } | null,
    readonly twoTower: { version: string; header: TwoTowerHeader; model: TwoTowerModel } | null,
    readonly semanticIds: { version: string; header: SemanticIdHeader; quantizer: ResidualQuantizer } | null,
  ) {
    this.itemIndex = new Map((twoTower?.header.itemIds ?? []).map((id, i) => [id, i]));
    this.vocabulary = twoTower ? new FeatureVocabulary(twoTower.header.featureTokens) : null;
  }

  /** Loads the LATEST artifact of each model under `<dataDir>/models` (missing ones are null). */
  static load(dataDir: string): RetrievalModels {
    return new RetrievalModels(
      loadTextEncoder(join(dataDir, TEXT_ENCODER_MODELS_DIR)),
      loadTwoTower(join(dataDir, TWO_TOWER_MODELS_DIR)),
      loadQuantizer(join(dataDir, SEMANTIC_ID_MODELS_DIR)),
    );
  }

  /** Text-encoder vector of a product (its content embedding; Semantic IDs quantize this). */
  productTextVector(product: ProductDocument, categoryNames: ReadonlyMap<string, string>): Float32Array | null {
    return this.text ? this.text.encoder.encode(productText(product, categoryNames)) : null;
  }

  /** Two-tower item embedding of any product, new ones included (content features and text only). */
  itemEmbedding(product: ProductDocument, textVector: Float32Array | null): Float32Array | null {
    if (!this.twoTower || !this.vocabulary) return null;
    const text =
      this.twoTower.header.shape.textDims > 0 && textVector?.length === this.twoTower.header.shape.textDims
        ? textVector
        : null;
    return this.twoTower.model.embedItem({
      index: this.itemIndex.get(product._id) ?? -1,
      features: this.vocabulary.encode(product),
      text,
    });
  }

  /** User-tower input from a user's past orders (any order), now = `now`; unknown products are skipped. */
  userState(
    orders: ReadonlyArray<{ placedAt: Date; productIds: readonly string[] }>,
    now: Date,
    summary: string | null,
    itemText: ((index: number) => Float32Array | null) | null = null,
  ): UserInput | null {
    if (!this.twoTower) return null;
    const baskets: TimelineBasket[] = [...orders]
      .sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime())
      .map((order) => ({
        time: order.placedAt.getTime() / DAY_MS,
        items: order.productIds.map((id) => this.itemIndex.get(id) ?? -1).filter((i) => i >= 0),
      }));
    const textDims = this.twoTower.header.shape.textDims;
    const summaryVector = summary && this.text && textDims > 0 ? this.text.encoder.encode(summary) : null;
    return buildUserState(
      baskets,
      now.getTime() / DAY_MS,
      this.twoTower.header.pooling,
      itemText,
      textDims,
      summaryVector,
    );
  }

  /** Unit user embedding from a user-tower input. */
  userEmbedding(state: UserInput): Float32Array | null {
    return this.twoTower ? this.twoTower.model.embedUser(state) : null;
  }

  /** Text-encoder vector of a free-text query. */
  queryVector(text: string): Float32Array | null {
    return this.text ? this.text.encoder.encode(text) : null;
  }

  /** Item id of an id-embedding row (for history text look-ups). */
  itemIdAt(index: number): string | undefined {
    return this.twoTower?.header.itemIds[index];
  }
}
