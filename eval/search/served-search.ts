import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import type { Db } from "mongodb";
import { noteOrdersReplaced } from "../../core/documents/order-timeline";
import { loadConfig } from "../../core/config";
import { COLLECTIONS } from "../../core/documents/collections";
import type { OrderDocument } from "../../core/documents/order.document";
import { createLogger } from "../../core/logger";
import { CatalogContextLoader } from "../../core/llm/catalog-context.loader";
import { LlmGateway } from "../../core/llm/llm-gateway";
import { importInstacart } from "../../jobs/import/instacart.importer";
import type { LearnedRetrievalService, TextSearchService } from "../../plugins/sdk/services";
import { createPersonalizationContext, type PersonalizationContext } from "../../subgraphs/personalization/context";
import { personalizationSubgraph } from "../../subgraphs/personalization/personalization.subgraph";
import { rebuildPopularity } from "../../subgraphs/personalization/popularity.builder";
import { readModelsFor } from "../../subgraphs/personalization/read-models/read-models";
import { searchIndexCandidates } from "../../subgraphs/personalization/services/search-index-candidates";
import { AttributesBuilder } from "../../subgraphs/user-profile/attributes/attributes.builder";
import type { SearchSystem } from "./search-system.types";
import type { SemanticIndex } from "./systems/semantic.index";
import { ANONYMOUS } from "../../core/auth/principal";
import { bindPrincipal } from "../../subgraphs/shared/authorization";

/** A shopper of the evaluation: their id and the products of their held-out (last) order. */
export interface EvalShopper {
  readonly userId: string;
  /** Product ids of the shopper's last order, removed from the database before anything is built. */
  readonly heldOut: ReadonlySet<string>;
  /** Orders left as the shopper's history. */
  readonly historyOrders: number;
}

/** What {@link prepareServedSearchDatabase} did. */
export interface PreparedDatabase {
  readonly products: number;
  readonly shoppers: readonly EvalShopper[];
  readonly importSeconds: number;
  /** The day after the newest history order: the evaluation's "now" (recency judged as on the held-out order's day). */
  readonly now: Date;
}

/**
 * Makes `db` hold what serving on an Instacart import holds: the catalog and order histories imported by the
 * real importer (`npm run import -- instacart DIR`, idempotent), then each shopper's last order removed (it is
 * the held-out truth of personalized relevance: nothing built here may see it), their attributes rebuilt
 * from the rest as `placeOrder` does, product popularity rebuilt from the remaining orders, and the
 * personalization read models loaded.
 */
export async function prepareServedSearchDatabase(db: Db, dataFolder: string): Promise<PreparedDatabase> {
  const started = performance.now();
  await importInstacart(db, dataFolder, { log: () => undefined });
  const importSeconds = (performance.now() - started) / 1000;
  const orders = db.collection<OrderDocument>(COLLECTIONS.orders);
  const byUser = new Map<string, OrderDocument[]>();
  for await (const order of orders.find(
    { source: "instacart" },
    { projection: { _id: 1, userId: 1, placedAt: 1, lines: 1 } },
  )) {
    const list = byUser.get(order.userId) ?? [];
    list.push(order);
    byUser.set(order.userId, list);
  }
  const shoppers: EvalShopper[] = [];
  for (const [userId, list] of [...byUser].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (list.length < 2) continue;
    list.sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime() || a._id.localeCompare(b._id));
    const last = list[list.length - 1]!;
    await orders.deleteOne({ _id: last._id });
    shoppers.push({
      userId,
      heldOut: new Set(last.lines.map((line) => line.productId)),
      historyOrders: list.length - 1,
    });
  }
  await noteOrdersReplaced(db);
  const now = latestHistory(byUser);
  await new AttributesBuilder(db).rebuildUsers(
    shoppers.map((shopper) => shopper.userId),
    now,
  );
  await rebuildPopularity(db);
  const models = readModelsFor(db, createLogger("search-eval", "warn"));
  await models.refreshCatalog();
  await models.refreshStatistics();
  const products = await db.collection(COLLECTIONS.products).countDocuments({ source: "instacart" });
  return { products, shoppers, importSeconds, now };
}

/** The day after the newest history order. */
function latestHistory(byUser: ReadonlyMap<string, readonly OrderDocument[]>): Date {
  let latest = 0;
  for (const list of byUser.values())
    for (const order of list.slice(0, -1)) latest = Math.max(latest, order.placedAt.getTime());
  return new Date(latest + 86_400_000);
}

const SEARCH = `query ServedSearch($query: String!, $userId: ID, $first: Int) { search(query: $query, userId: $userId) { results(first: $first) { edges { node { product { id } } } } } }`;

/**
 * `Search.results` as served: the personalization subgraph's schema executed socket-free (Apollo Server
 * `executeOperation`) with a request context from `createPersonalizationContext` on the imported
 * database (read models, popularity, the shoppers' attributes, the ranker artifact of DATA_DIR when
 * there is one), so the query goes through the resolver, the query rewrite, the five pipeline steps with
 * the SEARCH surface, eligibility and targeting. Three things differ from a running stack, each for
 * reproducibility: the lexical retrieval is the catalog's own BM25 index in process instead of
 * `searchCatalog` over HTTP (the same `SearchIndex` class), the LLM gateway is offline (the deterministic
 * rewrite every key-less deployment serves), and the semantic side is the text encoder of DATA_DIR by
 * exact cosine (what the `items-text` index answers) or off without one.
 */
export class ServedSearchSystem implements SearchSystem {
  readonly name = "search";
  readonly description: string;
  private server: Promise<ApolloServer<PersonalizationContext>> | undefined;
  private readonly logger = createLogger("search-eval", "error");
  private readonly llm;
  private readonly embeddings: LearnedRetrievalService | null;

  constructor(
    private readonly db: Db,
    private readonly textSearch: TextSearchService,
    semantic: SemanticIndex | null,
    private readonly now: Date,
  ) {
    const findCandidates = searchIndexCandidates(textSearch, readModelsFor(db, this.logger));
    this.llm = {
      gateway: new LlmGateway({ config: loadConfig({}), provider: null }),
      catalogContext: new CatalogContextLoader(db, { findCandidates }),
    };
    this.embeddings = semantic ? semanticRetrieval(semantic) : null;
    this.description = `Search.results through the personalization schema (query rewrite offline, ${semantic ? "hybrid with the text encoder" : "lexical: no text encoder under DATA_DIR"}, SEARCH surface, ranker of DATA_DIR if any)`;
  }

  async search(query: string, k: number, userId: string | null = null): Promise<string[]> {
    // As a signed-in shopper would search: the request acts for `userId` (anonymous without one).
    const contextValue = bindPrincipal(
      createPersonalizationContext(
        { db: this.db, logger: this.logger },
        { textSearch: this.textSearch, llm: this.llm, embeddings: this.embeddings, now: () => this.now },
      ),
      userId ? { role: "shopper", subject: userId } : ANONYMOUS,
    );
    this.server ??= Promise.resolve(personalizationSubgraph.schema()).then(
      (schema) =>
        new ApolloServer<PersonalizationContext>({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()] }),
    );
    const response = await (
      await this.server
    ).executeOperation({ query: SEARCH, variables: { query, userId, first: k } }, { contextValue });
    if (response.body.kind !== "single") throw new Error("search answered incrementally");
    const { data, errors } = response.body.singleResult;
    if (errors?.length) throw new Error(`search "${query}" failed: ${errors[0]!.message}`);
    const edges = (data as { search: { results: { edges: Array<{ node: { product: { id: string } } }> } } }).search
      .results.edges;
    return edges.map((edge) => edge.node.product.id);
  }
}

/** The semantic side of learned retrieval from an in-process index (text encoder only: no two-tower, no Semantic IDs). */
function semanticRetrieval(index: SemanticIndex): LearnedRetrievalService {
  return {
    versions: () => ({ twoTower: null, textEncoder: "eval", semanticIds: null }),
    userCandidates: async () => [],
    queryCandidates: async (text, limit) => index.search(text, limit),
    hasTextIndex: async () => true,
    inherit: async () => new Map(),
  };
}
