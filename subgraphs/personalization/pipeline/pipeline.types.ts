import type { RankerService } from "../services/ranker.service";
import type DataLoader from "dataloader";
import type { Db } from "mongodb";
import type { CategoryDocument } from "../../../core/documents/category.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import type { Logger } from "../../../core/logger";
import type { CollectionProposal } from "../../../plugins/sdk/candidate";
import type { DimensionPlugin } from "../../../plugins/sdk/contract";
import type { DealInfo, PluginServices } from "../../../plugins/sdk/services";
import type { Surface, SurfaceConfiguration } from "../../../plugins/sdk/surface";
import type { Timings } from "./timings";

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

/** Request-scoped dependencies of every step. */
export interface PipelineDeps {
  db: Db;
  logger: Logger;
  plugins: readonly DimensionPlugin[];
  surfaces: SurfaceConfiguration;
  services: PluginServices;
  loaders: { product: DataLoader<string, ProductDocument | null>; category: DataLoader<string, CategoryDocument | null> };
  timings: Timings;
  /** The trained ranker: null = rank by the dimension blend; absent = the process's DATA_DIR artifact. */
  ranker?: RankerService | null;
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
