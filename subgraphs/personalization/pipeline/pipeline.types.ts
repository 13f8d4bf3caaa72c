import type { DroppedContributions } from "./dropped-contributions";
import type { RankerService } from "../services/ranker.service";
import type DataLoader from "dataloader";
import type { CategoryDocument, ProductDocument } from "../../catalog/read-model";
import type {
  OrderDocument,
  UserSummaryDocument,
  UserDocument,
  UserAttributesDocument,
} from "../../user-profile/read-model";
import type { Logger } from "../../../core/logger";
import type { CollectionProposal } from "../../../plugins/sdk/candidate";
import type { DimensionPlugin } from "../../../plugins/sdk/contract";
import type { DealInfo, PluginServices } from "../../../plugins/sdk/services";
import type { Surface, SurfaceConfiguration } from "../../../plugins/sdk/surface";
import type { Timings } from "./timings";
import type { LlmFeatureRegistry } from "../llm-features";

/** What one pipeline run is asked for (already validated by the resolver). */
export interface PipelineRequest {
  userId: string | null;
  surface: Surface;
  storeId: string | null;
  categoryId: string | null;
  cart: string[];
  query: string | null;
  /** Request-level weight overrides by dimension name, each in [0, 1]. */
  weights: Record<string, number>;
  now: Date;
}

/** A shopper's profile documents as attribute blending reads them; each null when absent. */
export interface ShopperDocuments {
  user: UserDocument | null;
  attributes: UserAttributesDocument | null;
  summary: UserSummaryDocument | null;
}

/**
 * What the steps read besides plugin services: the shopper's profile and the catalog's structure.
 * The personalization process serves it from the database and its read models
 * (services/pipeline-reads.ts); the offline evaluation from memory (eval/nbr). The steps never
 * hold a database handle, so the same pipeline runs in both.
 */
export interface PipelineReads {
  /** A shopper's profile documents. */
  shopper(userId: string): Promise<ShopperDocuments>;
  /** The shopper's last `limit` orders placed at or before `now`, newest first (the profile of a shopper without attributes). */
  recentOrders(userId: string, now: Date, limit: number): Promise<OrderDocument[]>;
  /**
   * Products the shopper clicked or added to the cart, newest first (their first session, for a shopper
   * without history); optional: readers without events (the offline evaluations) leave it out.
   */
  sessionItems?(userId: string, now: Date, limit: number): Promise<string[]>;
  /** A store's name; null when there is no such store. */
  storeName(storeId: string): Promise<string | null>;
  /** Categories directly under `parentId` (departments when null), at most `limit`, in any order. */
  childCategories(parentId: string | null, limit: number): Promise<Pick<CategoryDocument, "_id" | "name">[]>;
}

/** Request-scoped dependencies of every step. */
export interface PipelineDeps {
  reads: PipelineReads;
  logger: Logger;
  /** The dimensions (plugins/registry.ts PLUGINS). */
  plugins: readonly DimensionPlugin[];
  /** The LLM feature plugins whose hooks the steps call (prospect, retrieve, explainCollection); absent = the served registry. */
  features?: LlmFeatureRegistry;
  surfaces: SurfaceConfiguration;
  services: PluginServices;
  loaders: {
    product: DataLoader<string, ProductDocument | null>;
    category: DataLoader<string, CategoryDocument | null>;
  };
  timings: Timings;
  /** The trained ranker: null = rank by the dimension blend; absent = the process's DATA_DIR artifact. */
  ranker?: RankerService | null;
  /** Counter of dropped plugin contributions; absent = the process's (served at `/metrics`). */
  drops?: DroppedContributions;
}

/** A reason behind an item's score: one dimension's value and its text. */
export interface ItemReason {
  dimension: string;
  score: number;
  text: string;
}

/** One ranked item of a collection. */
export interface RankedEntry {
  productId: string;
  product: ProductDocument;
  /** Blended score in [0, 1]. */
  score: number;
  /** Reasons, largest weighted contribution first. */
  reasons: ItemReason[];
}

/** Output of step 3: a proposal and its ranked, eligible items. */
export interface RankedCollection {
  proposal: CollectionProposal;
  items: RankedEntry[];
}

/** A collection chosen by step 4, with its final item order. */
export interface TargetedCollection extends RankedCollection {
  /** Relevance × quality score that decided its position. */
  rank: number;
}

/** A ranked item as presented: with its deal, if any. */
export interface PresentedItem extends RankedEntry {
  deal: DealInfo | null;
}

/** Output of step 5: what the GraphQL layer serves. */
export interface PresentedCollection {
  id: string;
  title: string;
  subtitle: string | null;
  dimension: string | null;
  explanation: string;
  items: PresentedItem[];
}
