import DataLoader from "dataloader";
import type { CategoryDocument } from "../../../core/documents/category.document";
import type { OrderDocument } from "../../../core/documents/order.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import { createLogger } from "../../../core/logger";
import type { DimensionPlugin } from "../../../plugins/sdk/contract";
import {
  withProvidedServices,
  type ProcessServiceCache,
  type ServiceProvider,
} from "../../../plugins/sdk/define-service";
import { validateNeeds, validateServices } from "../../../plugins/sdk/registry-validation";
import { BUILT_IN_SERVICES, type BuiltInServices, type PluginServices } from "../../../plugins/sdk/services";
import type { SurfaceConfiguration } from "../../../plugins/sdk/surface";
import { fixtureServices } from "../../../plugins/sdk/testkit";
import { PLUGINS, SERVICES } from "../../../plugins/registry";
import type {
  PipelineDeps,
  PipelineReads,
  PresentedCollection,
  ShopperDocuments,
} from "../../../subgraphs/personalization/pipeline/pipeline.types";
import { runPipeline } from "../../../subgraphs/personalization/pipeline/run-pipeline";
import { DEFAULT_TARGETING } from "../../../subgraphs/personalization/pipeline/target-collections.step";
import { Timings } from "../../../subgraphs/personalization/pipeline/timings";
import { SURFACE_CONFIGURATION } from "../../../subgraphs/personalization/surfaces";
import {
  computeAttributes,
  type ProductFacts,
  type PurchaseRecord,
} from "../../../subgraphs/user-profile/attributes/attributes.calculator";
import type { Basket } from "../nbr-dataset.types";
import type { TrainingView } from "../training-view.types";
import { HISTORY_EPOCH, type HistoryClock } from "./history-clock";
import { TrainingCatalogService, UNCATEGORIZED } from "./training-catalog.service";
import { TrainingCoPurchaseService } from "./training-co-purchase.service";

const DAY_MS = 86_400_000;

/** What may differ from the served configuration in an offline run (experiments; the defaults are the product's). */
export interface TrainingPipelineOptions {
  /** Dimensions (default: the served list, PLUGINS; the LLM feature plugins are the served registry's). */
  readonly plugins?: readonly DimensionPlugin[];
  /** Plugin-provided services (default: the served list, SERVICES); created with no database (`host.db` null). */
  readonly services?: readonly ServiceProvider[];
  /** Surface configuration (default: the served SURFACE_CONFIGURATION). */
  readonly surfaces?: SurfaceConfiguration;
  /** Basket positions as dates (default one basket a week). */
  readonly clock?: HistoryClock;
}

/** The built-in SDK services over a TrainingView: catalog and co-purchase computed from it, the others empty. */
export function trainingServices(view: TrainingView): BuiltInServices {
  return {
    ...fixtureServices([]),
    catalog: new TrainingCatalogService(view),
    coPurchase: new TrainingCoPurchaseService(view),
  };
}

/** The date of basket `position` (0-based, oldest first) on the synthetic clock. */
export function basketDate(position: number, clock: HistoryClock): Date {
  return new Date(HISTORY_EPOCH.getTime() + position * clock.daysPerBasket * DAY_MS);
}

/**
 * A shopper's `user_attributes` document as the attributes job would store it, from the history baskets
 * placed on the synthetic clock (each basket one occasion, one unit of each item at list price).
 */
export function historyAttributes(
  userId: string,
  history: readonly Basket[],
  clock: HistoryClock,
): ShopperDocuments["attributes"] {
  const records: PurchaseRecord[] = [];
  const facts = new Map<string, ProductFacts>();
  history.forEach((basket, position) => {
    const at = basketDate(position, clock);
    basket.items.forEach((productId, line) => {
      records.push({
        key: `${basket.id}#${line}`,
        occasionId: basket.id,
        productId,
        quantity: 1,
        unitPrice: null,
        discount: 0,
        at,
      });
      if (!facts.has(productId))
        facts.set(productId, {
          id: productId,
          vertical: "GROCERY",
          categoryId: UNCATEGORIZED,
          brand: null,
          price: 0,
          size: null,
          tags: [],
          cuisines: [],
        });
    });
  });
  // Next-basket data has no categories: the one placeholder category every item sits in carries no
  // information, so the profile has no category affinity (as for a catalog without a category tree).
  return { ...computeAttributes(userId, records, facts, new Map(), basketDate(history.length, clock)), categories: [] };
}

/**
 * The served pipeline over a TrainingView, in memory: the same steps, plugins, surface weights and
 * targeting as `carousels`, with each shopper's attributes computed by the attributes job's calculator
 * from the history, the catalog (popularity prior) and co-purchase computed from the histories, and no
 * ranker (it learns from impression logs, which next-basket data does not have). Nothing here can see a
 * target basket: a TrainingView has none.
 */
export class TrainingPipeline {
  /** The built-in services over the view (the provided ones are added per run). */
  readonly services: BuiltInServices;
  private readonly histories = new Map<string, readonly Basket[]>();
  private readonly plugins: readonly DimensionPlugin[];
  private readonly providers: readonly ServiceProvider[];
  /** Process-scoped provided services: one per pipeline (the evaluation's "process"). */
  private readonly processServices: ProcessServiceCache = new WeakMap();
  private readonly surfaces: SurfaceConfiguration;
  private readonly clock: HistoryClock;
  private readonly logger = createLogger("nbr-discovery", "silent");

  constructor(view: TrainingView, options: TrainingPipelineOptions = {}) {
    this.services = trainingServices(view);
    for (const user of view.users) this.histories.set(user.userId, user.history);
    this.plugins = options.plugins ?? PLUGINS;
    this.providers = options.services ?? SERVICES;
    // As at the served boot: a missing, duplicate or shadowing service fails here, by name.
    const provided = validateServices(this.providers, BUILT_IN_SERVICES);
    for (const plugin of this.plugins) validateNeeds(plugin, [...BUILT_IN_SERVICES, ...provided]);
    this.surfaces = options.surfaces ?? SURFACE_CONFIGURATION;
    this.clock = options.clock ?? { daysPerBasket: 7 };
  }

  /** The shopper's HOME page, as `carousels(userId, surface: HOME)` would serve it one step after their last basket. */
  async home(userId: string): Promise<PresentedCollection[]> {
    const history = this.histories.get(userId) ?? [];
    const { collections } = await runPipeline(
      this.deps(),
      {
        userId,
        surface: "HOME",
        storeId: null,
        categoryId: null,
        cart: [],
        query: null,
        weights: {},
        now: basketDate(history.length, this.clock),
      },
      { first: this.surfaces.HOME.carousels },
    );
    return collections;
  }

  private deps(): PipelineDeps {
    const { catalog } = this.services;
    return {
      reads: this.reads(),
      logger: this.logger,
      plugins: this.plugins,
      surfaces: this.surfaces,
      // Request-scoped provided services are created per run (one run = one request).
      services: this.withProvided(),
      loaders: {
        product: new DataLoader<string, ProductDocument | null>(async (ids) => {
          const found = await catalog.products(ids);
          return ids.map((id) => found.get(id) ?? null);
        }),
        // No category tree: the placeholder leaf of id-only items is not a category anyone can browse.
        category: new DataLoader<string, CategoryDocument | null>(async (ids) => ids.map(() => null)),
      },
      timings: new Timings(),
      ranker: null,
    };
  }

  private withProvided(): PluginServices {
    return withProvidedServices(this.services, this.providers, {
      db: null,
      logger: this.logger,
      cache: this.processServices,
    });
  }

  private reads(): PipelineReads {
    return {
      shopper: async (userId) => {
        const history = this.histories.get(userId);
        if (!history) return { user: null, attributes: null, summary: null };
        const user = {
          _id: userId,
          name: userId,
          ageVerified: false,
          preferences: { dietary: [], excludedBrands: [], excludedCategoryIds: [] },
          createdAt: basketDate(0, this.clock),
          source: "nbr-eval",
        };
        return { user, attributes: historyAttributes(userId, history, this.clock), summary: null };
      },
      recentOrders: async (): Promise<OrderDocument[]> => [],
      storeName: async () => null,
      childCategories: async () => [],
    };
  }
}

/**
 * A HOME page as one ranked list, the way a shopper meets it: the first `window` items of each carousel in
 * page order (what is on screen), then the rest of each carousel in the same order; an item already listed
 * is skipped.
 */
export function pageRanking(collections: readonly PresentedCollection[], window = DEFAULT_TARGETING.window): string[] {
  const seen = new Set<string>();
  const ranking: string[] = [];
  const take = (ids: readonly string[]) => {
    for (const id of ids) if (!seen.has(id) && seen.add(id)) ranking.push(id);
  };
  for (const collection of collections) take(collection.items.slice(0, window).map((item) => item.productId));
  for (const collection of collections) take(collection.items.slice(window).map((item) => item.productId));
  return ranking;
}
