import { join } from "node:path";
import type { Db } from "mongodb";
import { readCatalogVersion } from "../../core/catalog/catalog-version";
import type { CategoryDocument } from "../../core/documents/category.document";
import { COLLECTIONS } from "../../core/documents/collections";
import type { ProductDocument } from "../../core/documents/product.document";
import type { Logger } from "../../core/logger";
import type { VectorStoreConfig } from "../../core/vector/vector-store.config";
import { createVectorStore } from "../../core/vector/vector-store.factory";
import { namespaceForCatalogVersion, type VectorStore } from "../../core/vector/vector-store";
import type {
  InheritedValue,
  LearnedRetrievalService,
  RetrievalFilter,
  ScoredId,
} from "../../core/personalization/service-contracts";
import { inheritFromNeighbours, preferenceNeighbours, prefixNeighbours } from "../semantic-ids/cold-start";
import { codesForNewItem } from "../semantic-ids/new-item.codes";
import { searchByPrefix } from "../semantic-ids/query-prefix.search";
import { dot } from "./vector-math";
import { SEMANTIC_ID_MODELS_DIR } from "../semantic-ids/semantic-id.artifact";
import { semanticIdCacheFor } from "../semantic-ids/semantic-id.cache";
import { TEXT_ENCODER_MODELS_DIR } from "../text-encoder/text-encoder.artifact";
import { TWO_TOWER_MODELS_DIR } from "../two-tower/two-tower.artifact";
import { EmbeddingRetrievalService } from "./embedding-retrieval.service";
import { ITEM_METADATA_SCHEMA, TEXT_INDEX, TWO_TOWER_INDEX } from "./item-index.schema";
import { latestVersion } from "./model-artifact";
import { addNewProductVectors, type NewProductVectors } from "./new-product-vectors";
import { localArtifactVersion } from "../../core/artifacts/artifact-store";
import { indexArtifacts } from "../model-artifacts";
import { RetrievalModels } from "./retrieval-models";
import { databaseUserHistory, type UserHistorySource } from "./user-history.source";

/** What {@link LearnedRetrieval} is built from. */
export interface LearnedRetrievalOptions {
  db: Db;
  /** DATA_DIR (absolute): models under `models/`, embedded indexes under `vectors/`. */
  dataDir: string;
  /** VECTOR_* / PINECONE_* settings (which store the indexes live in). */
  config: VectorStoreConfig;
  logger?: Logger;
  /** Where user orders come from (default: the `orders` collection). */
  history?: UserHistorySource;
  /** How often the catalog version and the LATEST artifacts are checked for a swap (default 60 s). */
  refreshMs?: number;
  /**
   * Runs a swap apart from the request that happened to trigger it (serving passes `withoutDeadline`):
   * opening a new generation reads the database and loads indexes, which at 50k items outlasts one
   * request's deadline on a busy machine, and a swap cut short would keep the old models forever.
   */
  detach?: <T>(work: () => T) => T;
  /**
   * Products added since the last index build are embedded into the open indexes in the background
   * ({@link addNewProductVectors}) while they are at most this share of the catalog (default 1; serving
   * passes MODEL_REFRESH_THRESHOLD, above which the model refresh rebuilds the indexes).
   */
  newProductShare?: number;
}

/** One loaded generation of models and indexes (replaced as a whole when the catalog or a model changes). */
interface Generation {
  /** What it was loaded for: catalog version and LATEST pointers. */
  key: string;
  models: RetrievalModels;
  retrieval: EmbeddingRetrievalService;
  stores: VectorStore[];
  /** The `items-text` index (item content vectors), when a text encoder is trained. */
  textStore: VectorStore | null;
  /** The two-tower item index, when a two-tower model is trained. */
  twoTowerStore: VectorStore | null;
  textIndexed: boolean;
  twoTowerIndexed: boolean;
  namespace: string;
  categoryNames: Map<string, string>;
  /** The background pass adding the products new since the index build to this generation's indexes. */
  newVectors: Promise<NewProductVectors | null>;
}

/** True when DATA_DIR holds a trained two-tower model or text encoder (learned retrieval can be served). */
export function hasRetrievalArtifact(dataDir: string): boolean {
  return (
    latestVersion(join(dataDir, TWO_TOWER_MODELS_DIR)) !== null ||
    latestVersion(join(dataDir, TEXT_ENCODER_MODELS_DIR)) !== null
  );
}

/**
 * {@link LearnedRetrievalService} over DATA_DIR's LATEST artifacts and the item indexes of `npm run jobs -- index`:
 * loaded once on first use, and swapped for a new generation when the catalog version or a LATEST artifact
 * changes (checked at most every `refreshMs`; requests keep the old generation until the new one is open).
 * The indexes are read in the namespace of the catalog version they were built for (the Semantic-ID quantizer
 * records it), so a catalog bumped after the last index run keeps being served, its new products embedded into
 * the open indexes in the background ({@link addNewProductVectors}, up to `newProductShare` of the catalog) and
 * their Semantic IDs coded on the fly.
 */
export class LearnedRetrieval implements LearnedRetrievalService {
  private generation: Promise<Generation | null> | null = null;
  private checkedAt = 0;
  private swapping: Promise<void> | null = null;

  constructor(private readonly options: LearnedRetrievalOptions) {}

  versions(): { twoTower: string | null; textEncoder: string | null; semanticIds: string | null } {
    const dir = this.options.dataDir;
    return {
      twoTower: latestVersion(join(dir, TWO_TOWER_MODELS_DIR)),
      textEncoder: latestVersion(join(dir, TEXT_ENCODER_MODELS_DIR)),
      semanticIds: latestVersion(join(dir, SEMANTIC_ID_MODELS_DIR)),
    };
  }

  /** Versions of the generation being served (null before first use or when none could be opened). */
  async servedVersions(): Promise<{
    twoTower: string | null;
    textEncoder: string | null;
    semanticIds: string | null;
  } | null> {
    const generation = this.generation ? await this.generation : null;
    if (!generation) return null;
    return {
      twoTower: generation.models.twoTower?.version ?? null,
      textEncoder: generation.models.text?.version ?? null,
      semanticIds: generation.models.semanticIds?.version ?? null,
    };
  }

  /**
   * Checks now, rather than at the next request after `refreshMs`, whether the catalog version or a LATEST
   * artifact changed, and swaps when one did (after new artifacts were fetched into DATA_DIR). Before
   * first use there is nothing to swap: the first use opens the current artifacts.
   */
  async refresh(): Promise<void> {
    if (!this.generation) return;
    await this.swapping;
    this.checkedAt = Date.now();
    const detach = this.options.detach ?? ((work) => work());
    const swap = detach(() => this.swapIfChanged()).finally(() => (this.swapping = null));
    this.swapping = swap;
    await swap;
  }

  async userCandidates(userId: string, limit: number, filter?: RetrievalFilter): Promise<ScoredId[]> {
    const generation = await this.current();
    if (!generation?.twoTowerIndexed) return [];
    return (await generation.retrieval.retrieveForUser(userId, limit, filter)).map((match) => ({
      productId: match.id,
      score: match.score,
    }));
  }

  async queryCandidates(text: string, limit: number, filter?: RetrievalFilter): Promise<ScoredId[]> {
    const generation = await this.current();
    if (!generation?.textIndexed) return [];
    return (await generation.retrieval.searchText(text, limit, filter)).map((match) => ({
      productId: match.id,
      score: match.score,
    }));
  }

  async prefixCandidates(text: string, limit: number): Promise<ScoredId[]> {
    const generation = await this.current();
    const semanticIds = generation?.models.semanticIds;
    if (!generation || !semanticIds || limit <= 0) return [];
    const query = generation.retrieval.embedQuery(text);
    if (!query || query.length !== semanticIds.quantizer.dims) return [];
    const index = await semanticIdCacheFor(this.options.db).index();
    const matches = searchByPrefix(semanticIds.quantizer, index, query, Math.min(Math.max(limit * 4, 40), 400));
    if (matches.length === 0) return [];
    // Within a prefix length, closest content first: cosine of the query and the item's vector in the text index.
    const vectors = new Map<string, Float32Array>();
    if (generation.textStore)
      for (const record of await generation.textStore.fetch(
        generation.namespace,
        matches.map((match) => match.itemId),
      ))
        vectors.set(record.id, record.values);
    return matches
      .map((match) => {
        const vector = vectors.get(match.itemId);
        return {
          productId: match.itemId,
          length: match.prefix.length,
          score: vector && vector.length === query.length ? dot(vector, 0, query, 0, query.length) : 0,
        };
      })
      .sort((a, b) => b.length - a.length || b.score - a.score || (a.productId < b.productId ? -1 : 1))
      .slice(0, limit)
      .map(({ productId, score }) => ({ productId, score: Math.max(0, score) }));
  }

  async prefixNeighbours(productIds: readonly string[], limit: number): Promise<ScoredId[]> {
    if (productIds.length === 0 || limit <= 0) return [];
    const index = await semanticIdCacheFor(this.options.db).index();
    const seeds = new Set(productIds);
    const lists = productIds.flatMap((id) => {
      const codes = index.get(id)?.codes;
      if (!codes) return [];
      // Longest shared prefix first: the seed's own cell, then its 2-code neighbourhood.
      const list: ScoredId[] = [];
      for (let length = codes.length; length >= Math.min(2, codes.length); length -= 1) {
        for (const entry of index.withPrefix(codes.slice(0, length), limit + seeds.size))
          if (!seeds.has(entry.itemId)) list.push({ productId: entry.itemId, score: length / codes.length });
      }
      return [list];
    });
    const found = new Map<string, ScoredId>();
    for (let round = 0; found.size < limit && lists.some((list) => list.length > round); round += 1) {
      for (const list of lists) {
        const hit = list[round];
        if (hit && !found.has(hit.productId)) found.set(hit.productId, hit);
        if (found.size >= limit) break;
      }
    }
    return [...found.values()];
  }

  async preferenceCandidates(seedIds: readonly string[], limit: number): Promise<ScoredId[]> {
    if (seedIds.length === 0 || limit <= 0) return [];
    return preferenceNeighbours(seedIds, await semanticIdCacheFor(this.options.db).index(), limit);
  }

  async hasTextIndex(): Promise<boolean> {
    return (await this.current())?.textIndexed ?? false;
  }

  async inherit(
    products: readonly ProductDocument[],
    own: ReadonlyMap<string, number>,
    lookup: (ids: readonly string[]) => Promise<Map<string, number>>,
  ): Promise<Map<string, InheritedValue>> {
    const out = new Map<string, InheritedValue>();
    const missing = products.filter((product) => !own.has(product._id));
    const generation = missing.length > 0 ? await this.current() : null;
    const semanticIds = generation?.models.semanticIds;
    if (!generation || !semanticIds) return out;
    const index = await semanticIdCacheFor(this.options.db).index();
    const plans = missing.flatMap((product) => {
      let codes = index.get(product._id)?.codes;
      if (!codes) {
        const vector = generation.models.productTextVector(product, generation.categoryNames);
        if (!vector || vector.length !== semanticIds.quantizer.dims || !vector.some((value) => value !== 0)) return [];
        codes = codesForNewItem(semanticIds.quantizer, semanticIds.header.departments, product, vector);
      }
      return [{ productId: product._id, codes, neighbours: prefixNeighbours(product._id, codes, index) }];
    });
    const ids = [...new Set(plans.flatMap((plan) => plan.neighbours.flat()))];
    if (ids.length === 0) return out;
    const stats = await lookup(ids);
    for (const plan of plans) {
      const inherited = inheritFromNeighbours(plan.codes, plan.neighbours, stats);
      if (inherited) out.set(plan.productId, inherited);
    }
    return out;
  }

  /**
   * The current generation's pass adding vectors for the products new since the index build, once it has
   * finished (null without a generation, or when it failed; the failure is logged).
   */
  async newProductVectors(): Promise<NewProductVectors | null> {
    const generation = await this.current();
    return generation ? generation.newVectors : null;
  }

  /** Closes the indexes of the current generation. */
  async close(): Promise<void> {
    const generation = await this.generation?.catch(() => null);
    this.generation = null;
    await generation?.newVectors;
    await Promise.all(generation?.stores.map((store) => store.close()) ?? []);
  }

  /** The current generation, opening it on first use and starting a swap when the catalog or a model changed. */
  private async current(): Promise<Generation | null> {
    if (!this.generation) {
      this.checkedAt = Date.now();
      const detach = this.options.detach ?? ((work) => work());
      this.generation = detach(() => this.key().then((key) => this.open(key))).catch((error: unknown) => {
        this.options.logger?.warn(
          { err: error },
          "learned retrieval unavailable: the models or indexes could not be opened",
        );
        return null;
      });
      return this.generation;
    }
    if (!this.swapping && Date.now() - this.checkedAt >= (this.options.refreshMs ?? 60_000)) {
      this.checkedAt = Date.now();
      const detach = this.options.detach ?? ((work) => work());
      this.swapping = detach(() => this.swapIfChanged()).finally(() => (this.swapping = null));
    }
    return this.generation;
  }

  private async key(): Promise<string> {
    const versions = this.versions();
    // The index folders' versions too (ARTIFACT_STORE=database records them): a new index means a reopen.
    const indexes = indexArtifacts(this.options.config).map((spec) => localArtifactVersion(this.options.dataDir, spec));
    return `catalog-v${await readCatalogVersion(this.options.db)}|${versions.twoTower}|${versions.textEncoder}|${versions.semanticIds}|${indexes.join(",")}`;
  }

  private async swapIfChanged(): Promise<void> {
    try {
      const key = await this.key();
      const old = await this.generation;
      if (old?.key === key) return;
      const next = await this.open(key);
      this.generation = Promise.resolve(next);
      this.options.logger?.info(
        { from: old?.key ?? null, to: key },
        "learned retrieval swapped to new models or catalog version",
      );
      await old?.newVectors;
      await Promise.all(old?.stores.map((store) => store.close()) ?? []);
    } catch (error) {
      this.options.logger?.warn({ err: error }, "learned retrieval swap failed: serving the previous models");
    }
  }

  /** Runs {@link addNewProductVectors} for `generation`, logging what it did (a failure too: it resolves to null). */
  private async addNewVectors(generation: Generation): Promise<NewProductVectors | null> {
    const { db, logger } = this.options;
    try {
      const result = await addNewProductVectors({
        db,
        models: generation.models,
        categoryNames: generation.categoryNames,
        namespace: generation.namespace,
        textStore: generation.textStore,
        twoTowerStore: generation.twoTowerStore,
        semanticIds: await semanticIdCacheFor(db).index(),
        maxShare: this.options.newProductShare ?? 1,
      });
      logger?.info({ namespace: generation.namespace, ...result }, "vectors for products new since the index build");
      return result;
    } catch (error) {
      logger?.warn(
        { err: error },
        "vectors for new products failed: they are found lexically until the next index build",
      );
      return null;
    }
  }

  private async open(key: string): Promise<Generation | null> {
    const { dataDir, config, db, logger } = this.options;
    const models = RetrievalModels.load(dataDir);
    if (!models.text && !models.twoTower) return null;
    const catalogVersion = await readCatalogVersion(db);
    const indexedVersion = models.semanticIds?.header.catalogVersion ?? catalogVersion;
    const namespace = namespaceForCatalogVersion(indexedVersion);
    const textStore = models.text
      ? await createVectorStore({
          config,
          dataDir,
          name: TEXT_INDEX,
          dimensions: models.text.encoder.shape.dims,
          metric: "cosine",
          metadataSchema: ITEM_METADATA_SCHEMA,
        })
      : null;
    const twoTowerStore = models.twoTower
      ? await createVectorStore({
          config,
          dataDir,
          name: TWO_TOWER_INDEX,
          dimensions: models.twoTower.header.shape.dims,
          metric: "dot",
          metadataSchema: ITEM_METADATA_SCHEMA,
        })
      : null;
    const count = async (store: VectorStore | null): Promise<number> =>
      store ? ((await store.describe()).namespaces[namespace]?.recordCount ?? 0) : 0;
    const [textRecords, twoTowerRecords] = await Promise.all([count(textStore), count(twoTowerStore)]);
    const categoryNames = new Map<string, string>();
    for await (const category of db
      .collection<CategoryDocument>(COLLECTIONS.categories)
      .find({}, { projection: { name: 1 } }))
      categoryNames.set(category._id, category.name);
    const retrieval = new EmbeddingRetrievalService({
      models,
      twoTowerStore,
      textStore,
      namespace,
      history: this.options.history ?? databaseUserHistory(db),
    });
    const generation: Generation = {
      key,
      models,
      retrieval,
      stores: [textStore, twoTowerStore].filter((store): store is VectorStore => store !== null),
      textStore,
      twoTowerStore,
      textIndexed: textRecords > 0,
      twoTowerIndexed: twoTowerRecords > 0 && !!models.twoTower,
      namespace,
      categoryNames,
      newVectors: Promise.resolve(null),
    };
    // Products added since the index build: embedded into these indexes in the background (requests are served meanwhile).
    if (indexedVersion !== catalogVersion && (textRecords > 0 || twoTowerRecords > 0)) {
      generation.newVectors = this.addNewVectors(generation);
    }
    logger?.info(
      {
        twoTower: models.twoTower?.version ?? null,
        textEncoder: models.text?.version ?? null,
        semanticIds: models.semanticIds?.version ?? null,
        namespace,
        textRecords,
        twoTowerRecords,
        catalogVersion,
      },
      `learned retrieval on: ${generation.twoTowerIndexed ? "two-tower candidates in familiarity" : "no two-tower index (familiarity without learned candidates)"}; ${generation.textIndexed ? "hybrid search" : "no text index, search stays lexical"}` +
        (indexedVersion !== catalogVersion
          ? `; the indexes are for catalog v${indexedVersion}, the catalog is v${catalogVersion} (run npm run jobs -- index)`
          : ""),
    );
    return generation;
  }
}
