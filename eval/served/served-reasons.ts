import type { Db } from "mongodb";
import type { CategoryDocument } from "../../core/documents/category.document";
import { COLLECTIONS } from "../../core/documents/collections";
import type { Logger } from "../../core/logger";
import type { Surface } from "../../plugins/sdk/surface";
import { createPersonalizationContext } from "../../subgraphs/personalization/context";
import type { PresentedCollection } from "../../subgraphs/personalization/pipeline/pipeline.types";
import { runPipeline } from "../../subgraphs/personalization/pipeline/run-pipeline";
import { DEFAULT_TARGETING } from "../../subgraphs/personalization/pipeline/target-collections.step";
import {
  KNOWLEDGE_GRAPH_COLLECTION,
  type KnowledgeGraphEdgeDocument,
} from "../../subgraphs/personalization/statistics/knowledge-graph.document";
import type { RankerService } from "../../subgraphs/personalization/services/ranker.service";
import { SURFACE_CONFIGURATION } from "../../subgraphs/personalization/surfaces";
import { checkPriceClaim, parsePriceClaim, type ClaimProduct } from "./price-claims";
import { namesItsTerm } from "./theme-check";

/** A price claim that was served, with its verdict. */
export interface ServedClaim {
  userId: string | null;
  surface: Surface;
  collectionId: string;
  position: number;
  productId: string;
  productName: string;
  text: string;
  true: boolean;
  problem?: string;
  expected: number | null;
}

/** An item of a cuisine carousel's first window and whether it names the grocery term that linked it to the cuisine. */
export interface ThemeItem {
  userId: string | null;
  collectionId: string;
  title: string;
  position: number;
  productName: string;
  term: string | null;
  onTheme: boolean;
}

/** What {@link evaluateServedReasons} found. */
export interface ServedReasonsReport {
  requests: number;
  carousels: number;
  items: number;
  priceClaims: {
    served: number;
    true: number;
    false: number;
    falseByProblem: Record<string, number>;
    claims: ServedClaim[];
  };
  cuisineCarousels: {
    carousels: number;
    window: number;
    windowItems: number;
    offThemeInWindow: number;
    ledOffTheme: number;
    items: ThemeItem[];
  };
}

/** Who is served, where and when. */
export interface ServedReasonsOptions {
  /** Shoppers to serve (null = an anonymous visitor). */
  users: readonly (string | null)[];
  /** Also serve the STORE surface of this store. */
  storeId?: string | null;
  now: Date;
  logger: Logger;
  /** The ranker (absent: the process's DATA_DIR artifact; null: the dimension blend). */
  ranker?: RankerService | null;
  /** Called after each request. */
  onRequest?: () => void;
}

/**
 * Serves HOME carousels (and STORE ones with `storeId`) through the real pipeline to each shopper, then
 * checks what they state: every reason with a price percentage against a recomputation from the catalog
 * over comparable prices only ({@link checkPriceClaim}), and every item in the first window of a
 * "Because you order …" carousel against the grocery term that linked it ({@link namesItsTerm}).
 */
export async function evaluateServedReasons(db: Db, options: ServedReasonsOptions): Promise<ServedReasonsReport> {
  const { now, logger } = options;
  const requests = options.users.flatMap((userId) => [
    { userId, surface: "HOME" as Surface, storeId: null as string | null },
    ...(options.storeId ? [{ userId, surface: "STORE" as Surface, storeId: options.storeId }] : []),
  ]);
  const served: { userId: string | null; surface: Surface; collection: PresentedCollection }[] = [];
  for (const request of requests) {
    const context = createPersonalizationContext(
      { db, logger },
      { now: () => now, ...(options.ranker !== undefined ? { ranker: options.ranker } : {}) },
    );
    const { collections } = await runPipeline(
      context.pipeline,
      {
        userId: request.userId,
        surface: request.surface,
        storeId: request.storeId,
        categoryId: null,
        cart: [],
        query: null,
        weights: {},
        now,
      },
      { first: SURFACE_CONFIGURATION[request.surface].carousels },
    );
    for (const collection of collections) served.push({ userId: request.userId, surface: request.surface, collection });
    options.onRequest?.();
  }
  const claims = await checkClaims(db, served);
  const falseByProblem: Record<string, number> = {};
  for (const claim of claims)
    if (!claim.true)
      falseByProblem[problemKind(claim.problem!)] = (falseByProblem[problemKind(claim.problem!)] ?? 0) + 1;
  const themeItems = await cuisineWindows(db, served);
  return {
    requests: requests.length,
    carousels: served.length,
    items: served.reduce((sum, { collection }) => sum + collection.items.length, 0),
    priceClaims: {
      served: claims.length,
      true: claims.filter((claim) => claim.true).length,
      false: claims.filter((claim) => !claim.true).length,
      falseByProblem,
      claims,
    },
    cuisineCarousels: {
      carousels: new Set(themeItems.map((item) => `${item.userId}|${item.collectionId}`)).size,
      window: DEFAULT_TARGETING.window,
      windowItems: themeItems.length,
      offThemeInWindow: themeItems.filter((item) => !item.onTheme).length,
      ledOffTheme: themeItems.filter((item) => item.position === 0 && !item.onTheme).length,
      items: themeItems,
    },
  };
}

type Served = { userId: string | null; surface: Surface; collection: PresentedCollection };

async function checkClaims(db: Db, served: readonly Served[]): Promise<ServedClaim[]> {
  const found = served.flatMap(({ userId, surface, collection }) =>
    collection.items.flatMap((item, position) =>
      item.reasons.flatMap((reason) => {
        const claim = parsePriceClaim(reason.text);
        return claim ? [{ userId, surface, collection, position, item, text: reason.text, claim }] : [];
      }),
    ),
  );
  const categoryIds = [...new Set(found.map(({ item }) => item.product.categoryId))];
  const byCategory = new Map<string, ClaimProduct[]>(categoryIds.map((id) => [id, []]));
  const projection = { _id: 1, categoryId: 1, categoryPath: 1, price: 1, unitPrice: 1, priceEstimated: 1 } as const;
  if (categoryIds.length > 0) {
    for await (const product of db
      .collection<ClaimProduct>(COLLECTIONS.products)
      .find({ categoryPath: { $in: categoryIds } }, { projection })) {
      for (const id of product.categoryPath) byCategory.get(id)?.push(product);
    }
  }
  return found.map(({ userId, surface, collection, position, item, text, claim }) => {
    const verdict = checkPriceClaim(claim, item.product, byCategory.get(item.product.categoryId) ?? []);
    return {
      userId,
      surface,
      collectionId: collection.id,
      position,
      productId: item.productId,
      productName: item.product.name,
      text,
      true: verdict.true,
      ...(verdict.problem ? { problem: verdict.problem } : {}),
      expected: verdict.expected,
    };
  });
}

async function cuisineWindows(db: Db, served: readonly Served[]): Promise<ThemeItem[]> {
  const cuisine = served.filter(({ collection }) => collection.id.startsWith("novelty.cuisine."));
  if (cuisine.length === 0) return [];
  const categoryNames = new Map(
    (
      await db
        .collection<CategoryDocument>(COLLECTIONS.categories)
        .find({}, { projection: { name: 1 } })
        .toArray()
    ).map((category) => [category._id, category.name]),
  );
  const items: ThemeItem[] = [];
  for (const { userId, collection } of cuisine) {
    const key = collection.id.slice("novelty.cuisine.".length).replace(/-/g, " ");
    const window = collection.items.slice(0, DEFAULT_TARGETING.window);
    const edges = await db
      .collection<KnowledgeGraphEdgeDocument>(KNOWLEDGE_GRAPH_COLLECTION)
      .find(
        { _id: { $in: window.map((item) => `cuisine-product|${key}|${item.productId}`) } },
        { projection: { to: 1, term: 1 } },
      )
      .toArray();
    const termOf = new Map(edges.map((edge) => [edge.to, edge.term]));
    window.forEach((item, position) => {
      const term = termOf.get(item.productId) ?? null;
      const onTheme =
        term !== null &&
        namesItsTerm(
          term,
          item.product.name,
          item.product.categoryPath.map((id) => categoryNames.get(id) ?? ""),
        );
      items.push({
        userId,
        collectionId: collection.id,
        title: collection.title,
        position,
        productName: item.product.name,
        term,
        onTheme,
      });
    });
  }
  return items;
}

/** The kind of a problem, without its numbers (for counting). */
function problemKind(problem: string): string {
  return problem.replace(/-?\d+%?/g, "N").replace(/per \w+/g, "per X");
}
