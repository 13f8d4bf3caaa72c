import type { ProductDocument } from "../../core/documents/product.document";
import type { ContextCategory } from "../../core/llm/context-narrowing";
import { LlmGateway } from "../../core/llm/llm-gateway";
import { loadLlmConfig } from "../../core/llm/llm.config";
import { createLogger } from "../../core/logger";
import type { BlendedAttributes } from "./blended-attributes";
import type { Candidate, CollectionProposal, DimensionScore } from "./candidate";
import type { DimensionPlugin, PluginContext } from "./contract";
import { withProvidedServices, type ServiceProvider } from "./define-service";
import type { LlmServices } from "./llm-services";
import { bestValueFirst, categoryMediansOf } from "./price-comparison";
import type { BuiltInServices, DealInfo, PluginServices, ScoredId } from "./services";

/**
 * Testkit: runs a plugin on fixture products and attributes, in memory, without sockets or a
 * database. Services are backed by the fixtures; override any of them.
 */

/** Fixed request time of fixtures, so tests never read the clock. */
export const FIXTURE_NOW = new Date("2024-06-01T12:00:00Z");

/** Blended attributes of an anonymous cold-start HOME request, with `overrides` applied. */
export function fixtureAttributes(overrides: Partial<BlendedAttributes> = {}): BlendedAttributes {
  return {
    userId: null,
    coldStart: true,
    surface: "HOME",
    storeId: null,
    storeName: null,
    categoryId: null,
    cart: [],
    query: null,
    now: FIXTURE_NOW,
    ageVerified: false,
    dietary: { explicit: [], inferred: [] },
    excluded: { brands: [], categoryIds: [] },
    purchases: [],
    categoryAffinity: {},
    verticalAffinity: {},
    brandAffinity: {},
    priceSensitivity: 0.5,
    dealShare: 0,
    bulkPreference: 1,
    cuisineAffinity: {},
    summary: null,
    weights: {},
    ...overrides,
  };
}

/** A grocery product with sensible defaults. */
export function fixtureProduct(id: string, overrides: Partial<ProductDocument> = {}): ProductDocument {
  const categoryId = overrides.categoryId ?? "snacks";
  return {
    _id: id,
    name: `Product ${id}`,
    vertical: "GROCERY",
    categoryId,
    categoryPath: ["grocery", categoryId],
    price: 3,
    currency: "USD",
    tags: [],
    source: "test",
    createdAt: new Date("2024-01-01T00:00:00Z"),
    updatedAt: new Date("2024-01-01T00:00:00Z"),
    ...overrides,
  };
}

/** A varied set of fixture products (tags, prices, sizes, categories) for contract tests. */
export function fixtureCatalog(): ProductDocument[] {
  const tags = [
    ["organic", "vegan"],
    [],
    ["whole-grain"],
    ["low-sugar", "gluten-free"],
    ["age-restricted"],
    ["vegetarian"],
  ];
  return Array.from({ length: 24 }, (_, i) =>
    fixtureProduct(`p${String(i).padStart(2, "0")}`, {
      name: `Fixture ${i}`,
      brand: i % 3 === 0 ? "Acme" : i % 3 === 1 ? "Brandy" : undefined,
      categoryId: i % 2 === 0 ? "snacks" : "cereal",
      categoryPath: ["grocery", i % 2 === 0 ? "snacks" : "cereal"],
      price: 1 + (i % 7),
      unitPrice: { value: 2 + (i % 5), per: "kg" },
      size: { value: 100 + 50 * (i % 4), unit: "g", count: i % 5 === 0 ? 6 : 1, text: "" },
      tags: tags[i % tags.length]!,
      createdAt: new Date(Date.UTC(2024, 0, 1 + i)),
    }),
  );
}

/** Options of {@link fixtureServices}. */
export interface FixtureServiceData {
  /** Popularity prior by product id. */
  popularity?: Record<string, number>;
  /** Offers by store id, then product id. */
  offers?: Record<string, Record<string, { price: number; available: boolean }>>;
  /** Active deals by product id (for any user). */
  deals?: DealInfo[];
  /** Complements returned for any cart. */
  complements?: ScoredId[];
  /** Grocery products by cuisine (direct links, `onTheme: true`, unless an entry says otherwise). */
  cuisines?: Record<string, ScoredId[]>;
  /**
   * Plugin-provided services to add (a plugin's own `defineService` providers), created as the host
   * would — with no database (`host.db` is null), a silent logger and the fixture built-ins they need;
   * process-scoped ones once per call of {@link fixtureServices}.
   */
  provided?: readonly ServiceProvider[];
}

/** In-memory services over fixture products, plus the `provided` ones. */
export function fixtureServices(products: readonly ProductDocument[], data: FixtureServiceData = {}): PluginServices {
  return withProvidedServices(fixtureBuiltIns(products, data), data.provided ?? [], {
    db: null,
    logger: createLogger("testkit", "silent"),
    cache: new WeakMap(),
  });
}

/** The built-in services over fixture products (no generated collections, no learned retrieval). */
function fixtureBuiltIns(products: readonly ProductDocument[], data: FixtureServiceData): BuiltInServices {
  const byId = new Map(products.map((product) => [product._id, product]));
  const under = (categoryId?: string | null) =>
    products.filter((product) => !categoryId || product.categoryPath.includes(categoryId));
  const popularity = data.popularity ?? {};
  return {
    catalog: {
      async products(ids) {
        return new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id)!] as const] : [])));
      },
      async popular(limit, categoryId) {
        return under(categoryId)
          .map((product) => ({ productId: product._id, score: popularity[product._id] ?? 0 }))
          .sort((a, b) => b.score - a.score || a.productId.localeCompare(b.productId))
          .slice(0, limit);
      },
      async newArrivals(limit, categoryId) {
        return under(categoryId)
          .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a._id.localeCompare(b._id))
          .slice(0, limit)
          .map((product, i) => ({ productId: product._id, score: 1 / (i + 1) }));
      },
      async inCategory(categoryId, limit) {
        return bestValueFirst(under(categoryId), categoryMediansOf(under(categoryId)))
          .slice(0, limit)
          .map((product, i) => ({ productId: product._id, score: 1 / (i + 1) }));
      },
      async offers(storeId, ids) {
        const store = data.offers?.[storeId] ?? {};
        return new Map(ids.flatMap((id) => (store[id] ? [[id, store[id]!] as const] : [])));
      },
      async categoryMedians(categoryId) {
        return categoryMediansOf(under(categoryId));
      },
      async popularity(ids) {
        return new Map(ids.flatMap((id) => (popularity[id] !== undefined ? [[id, popularity[id]!] as const] : [])));
      },
    },
    coPurchase: {
      async complements(_ids, limit) {
        return (data.complements ?? []).slice(0, limit);
      },
    },
    knowledgeGraph: {
      async groceryForCuisine(cuisine, limit) {
        return (data.cuisines?.[cuisine] ?? []).slice(0, limit).map((hit) => ({ onTheme: true, ...hit }));
      },
    },
    textSearch: {
      async search(query, limit) {
        const words = query.toLowerCase().split(/\s+/).filter(Boolean);
        return products
          .map((product) => ({
            productId: product._id,
            score: words.filter((word) => product.name.toLowerCase().includes(word)).length,
          }))
          .filter((hit) => hit.score > 0)
          .slice(0, limit);
      },
    },
    deals: {
      async active(userId, now, productIds) {
        const wanted = productIds ? new Set(productIds) : null;
        return new Map(
          (userId ? (data.deals ?? []) : [])
            .filter((deal) => deal.expiresAt > now && (!wanted || wanted.has(deal.productId)))
            .map((deal) => [deal.productId, deal]),
        );
      },
    },
  };
}

/** Candidates for fixture products, in the given order. */
export function toCandidates(products: readonly ProductDocument[], source = "fixture"): Candidate[] {
  return products.map((product, i) => ({ productId: product._id, product, sources: { [source]: 1 / (i + 1) } }));
}

/** Inputs of {@link runDimension}. */
export interface RunDimensionInput {
  products: readonly ProductDocument[];
  attributes?: Partial<BlendedAttributes>;
  /** Services replacing the fixture ones (for the plugin's own needs). */
  services?: Partial<PluginServices>;
  data?: FixtureServiceData;
  seed?: number;
}

/** What a plugin produced on fixtures. */
export interface RunDimensionResult {
  scores: DimensionScore[];
  proposals: CollectionProposal[];
  context: PluginContext;
}

/** Builds the context a plugin would receive in a request, from fixtures. */
export function fixtureContext(input: RunDimensionInput): PluginContext {
  return {
    attributes: fixtureAttributes(input.attributes),
    services: { ...fixtureServices(input.products, input.data), ...input.services },
    logger: createLogger("testkit", "silent"),
    seed: input.seed ?? 42,
  };
}

/**
 * Runs a plugin's `prospect` (if any) and `score` over every fixture product, with a context holding only
 * the services the plugin declared in `needs`, as the host gives it.
 */
export async function runDimension(plugin: DimensionPlugin, input: RunDimensionInput): Promise<RunDimensionResult> {
  const full = fixtureContext(input);
  const services = Object.fromEntries(
    plugin.needs.map((name) => [name, full.services[name]]),
  ) as unknown as PluginServices;
  const context = { ...full, services };
  const proposals = plugin.prospect ? await plugin.prospect(context) : [];
  const scores = await plugin.score(context, toCandidates(input.products));
  return { scores, proposals, context };
}

/**
 * LLM services for an LLM feature plugin's tests, in memory: the offline gateway (no key, no database:
 * the features' offline twins) and a catalog context over `products` (categories from their paths,
 * candidates = products whose name or brand holds a word of the query of 3+ letters).
 */
export function fixtureLlmServices(products: readonly ProductDocument[]): LlmServices {
  const categories = new Map<string, ContextCategory>();
  for (const product of products)
    product.categoryPath.forEach((id, depth) => {
      if (!categories.has(id))
        categories.set(id, {
          id,
          name: id,
          vertical: product.vertical,
          parentId: depth === 0 ? null : product.categoryPath[depth - 1]!,
          path: product.categoryPath.slice(0, depth + 1),
          depth,
        });
    });
  const words = (text: string) =>
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((word) => word.length >= 3);
  return {
    gateway: new LlmGateway({ config: loadLlmConfig({}), provider: null }),
    catalogContext: {
      categories: async () => ({
        categories: [...categories.values()],
        overview: [...categories.values()]
          .filter((category) => category.depth <= 1)
          .map((category) => category.path.join(" > "))
          .join("\n"),
      }),
      candidates: async (query) => {
        const wanted = new Set(words(query));
        return products
          .filter((product) => words(`${product.name} ${product.brand ?? ""}`).some((word) => wanted.has(word)))
          .map((product) => ({
            id: product._id,
            name: product.name,
            ...(product.brand ? { brand: product.brand } : {}),
            vertical: product.vertical,
            categoryId: product.categoryId,
            categoryPath: product.categoryPath,
            tags: product.tags,
            price: product.price,
          }));
      },
    },
  };
}
