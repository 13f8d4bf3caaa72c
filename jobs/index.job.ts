import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { readCatalogVersion } from "../core/catalog/catalog-version";
import { loadConfigOrExit } from "../core/config";
import { COLLECTIONS } from "../core/documents/collections";
import type { CategoryDocument } from "../core/documents/category.document";
import type { ProductDocument } from "../core/documents/product.document";
import { projectRoot } from "../core/paths";
import { startProgress } from "../core/progress";
import { createVectorStore } from "../core/vector/vector-store.factory";
import { namespaceForCatalogVersion, type VectorRecord } from "../core/vector/vector-store";
import { databaseOption, defineCommand } from "../core/cli-args";
import { ITEM_METADATA_SCHEMA, itemMetadata, TEXT_INDEX, TWO_TOWER_INDEX } from "../ml/embeddings/item-index.schema";
import { artifactVersion } from "../ml/embeddings/model-artifact";
import { RetrievalModels } from "../ml/embeddings/retrieval-models";
import { reconstruct } from "../ml/semantic-ids/residual-kmeans";
import { formatSemanticId } from "../ml/semantic-ids/semantic-id";
import { saveQuantizer, SEMANTIC_ID_MODELS_DIR } from "../ml/semantic-ids/semantic-id.artifact";
import { assignSemanticIds } from "../ml/semantic-ids/semantic-id.assigner";
import { writeSemanticIds } from "../ml/semantic-ids/semantic-id.repository";
import { openJobDatabase } from "../core/database/job-database";
import { jobArtifacts } from "../core/artifacts/artifact-sync";
import { indexArtifacts, SEMANTIC_ID_ARTIFACT, TEXT_ENCODER_ARTIFACT, TWO_TOWER_ARTIFACT } from "../ml/model-artifacts";

const ARGS = defineCommand({
  command: "npm run jobs -- index",
  summary: "Embeds every product into the vector indexes of the current catalog version and assigns Semantic IDs.",
  options: {
    database: databaseOption("read this database (default MONGODB_DATABASE)"),
    levels: { type: "int", min: 1, max: 4, default: 3, help: "Semantic ID levels (residual k-means steps)" },
    codes: { type: "int", min: 2, max: 256, default: 256, help: "codes per level at most" },
  },
});
export const USAGE = ARGS.usage;
const BATCH = 1000;

/**
 * `npm run jobs -- index`: embeds every product (text encoder and two-tower item tower) into the VectorStore
 * namespace of the current catalog version, assigns Semantic IDs (residual k-means over the text vectors),
 * stores them in `semantic_ids` and the quantizer under DATA_DIR/models/semantic-ids.
 */
export async function main(argv: string[]): Promise<void> {
  const flags = ARGS.parse(argv);
  const config = loadConfigOrExit();
  const databaseName = flags.database ?? config.MONGODB_DATABASE;
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const dataDir = resolve(projectRoot, config.DATA_DIR);
  const { database, close } = await openJobDatabase({ ...config, MONGODB_DATABASE: databaseName }, log);
  const artifacts = jobArtifacts(config, dataDir, database.db, log);
  let models: RetrievalModels;
  try {
    await artifacts.pull([TEXT_ENCODER_ARTIFACT, TWO_TOWER_ARTIFACT]);
    models = RetrievalModels.load(dataDir);
    if (!models.text) throw new Error("no text encoder artifact: run `npm run train -- text-encoder` first");
  } catch (error) {
    await database.close();
    await close();
    throw error;
  }
  if (!models.twoTower)
    log("no two-tower artifact (npm run train -- two-tower): indexing text vectors and Semantic IDs only");
  const dims = models.text.encoder.shape.dims;
  const textStore = await createVectorStore({
    config,
    dataDir,
    name: TEXT_INDEX,
    dimensions: dims,
    metric: "cosine",
    metadataSchema: ITEM_METADATA_SCHEMA,
  });
  const towerStore = models.twoTower
    ? await createVectorStore({
        config,
        dataDir,
        name: TWO_TOWER_INDEX,
        dimensions: models.twoTower.header.shape.dims,
        metric: "dot",
        metadataSchema: ITEM_METADATA_SCHEMA,
      })
    : null;
  try {
    const started = performance.now();
    const db = database.db;
    const catalogVersion = await readCatalogVersion(db);
    const namespace = namespaceForCatalogVersion(catalogVersion);
    const categoryNames = new Map<string, string>();
    for await (const category of db
      .collection<CategoryDocument>(COLLECTIONS.categories)
      .find({}, { projection: { name: 1 } }))
      categoryNames.set(category._id, category.name);
    const products: ProductDocument[] = [];
    for await (const product of db.collection<ProductDocument>(COLLECTIONS.products).find({})) products.push(product);
    if (products.length === 0) throw new Error(`no products in ${databaseName}; seed or import first`);
    products.sort((a, b) => (a._id < b._id ? -1 : 1));
    const readSeconds = (performance.now() - started) / 1000;

    const embedStarted = performance.now();
    const textVectors = new Float32Array(products.length * dims);
    const embedBar = startProgress("index: embedding items", products.length);
    products.forEach((product, i) => {
      textVectors.set(models.productTextVector(product, categoryNames)!, i * dims);
      if (i % 500 === 0) embedBar.update(i);
    });
    embedBar.stop();

    const sidStarted = performance.now();
    const levels = flags.levels;
    const assignment = assignSemanticIds(products, textVectors, dims, {
      levels,
      maxCodes: flags.codes,
      iterations: 12,
      sampleSize: 20_000,
      seed: 5,
    });
    let squaredError = 0;
    const scratch = new Float32Array(dims);
    assignment.entries.forEach((entry, i) => {
      reconstruct(assignment.quantizer, entry.id.codes, scratch);
      for (let j = 0; j < dims; j += 1) squaredError += (textVectors[i * dims + j]! - scratch[j]!) ** 2;
    });
    const sidSeconds = (performance.now() - sidStarted) / 1000;
    const sidVersion = artifactVersion("semantic-ids");

    const upsertStarted = performance.now();
    await textStore.deleteNamespace(namespace);
    await towerStore?.deleteNamespace(namespace);
    const upsertBar = startProgress(`index: upserting ${namespace}`, products.length);
    for (let start = 0; start < products.length; start += BATCH) {
      const textRecords: VectorRecord[] = [];
      const towerRecords: VectorRecord[] = [];
      for (let i = start; i < Math.min(start + BATCH, products.length); i += 1) {
        const product = products[i]!;
        const entry = assignment.entries[i]!;
        const metadata = itemMetadata(product, { sid: formatSemanticId(entry.id), codes: entry.id.codes });
        const text = textVectors.subarray(i * dims, (i + 1) * dims);
        if (text.some((value) => value !== 0)) textRecords.push({ id: product._id, values: text, metadata });
        const tower = models.itemEmbedding(product, text);
        if (tower) towerRecords.push({ id: product._id, values: tower, metadata });
      }
      await textStore.upsert(namespace, textRecords);
      if (towerStore) await towerStore.upsert(namespace, towerRecords);
      upsertBar.update(Math.min(start + BATCH, products.length));
    }
    upsertBar.stop();
    await textStore.persist();
    await towerStore?.persist();
    const upsertSeconds = (performance.now() - upsertStarted) / 1000;

    const writeBar = startProgress("index: writing semantic_ids", products.length);
    await writeSemanticIds(db, assignment.entries, catalogVersion, sidVersion, 2000, (done) => writeBar.update(done));
    writeBar.stop();
    const metrics = {
      items: products.length,
      catalogVersion,
      levels,
      codesPerLevel: assignment.quantizer.sizes,
      departments: Object.keys(assignment.departments).length,
      collidingItems: assignment.collisions,
      distinctCodeTuples: new Set(assignment.entries.map((entry) => entry.id.codes.join("-"))).size,
      meanSquaredReconstructionError: squaredError / products.length,
      semanticIdSeconds: Number(sidSeconds.toFixed(1)),
    };
    saveQuantizer(resolve(dataDir, SEMANTIC_ID_MODELS_DIR), sidVersion, assignment.quantizer, {
      textEncoderVersion: models.text.version,
      departments: assignment.departments,
      catalogVersion,
      metrics,
    });
    // The indexes first, the quantizer last: its new version is what tells serving to reopen the indexes.
    // Without a two-tower model there is no two-tower index to publish.
    for (const index of indexArtifacts(config))
      if (existsSync(join(dataDir, index.name)) && (towerStore || !index.name.endsWith(`/${TWO_TOWER_INDEX}`)))
        await artifacts.publish(index, sidVersion);
    await artifacts.publish(SEMANTIC_ID_ARTIFACT);
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `indexed ${products.length} items into ${namespace} (${textStore.kind}: ${TEXT_INDEX}${towerStore ? `, ${TWO_TOWER_INDEX}` : ""}) in ${seconds.toFixed(1)}s ` +
        `(read ${readSeconds.toFixed(1)}s, embed ${((sidStarted - embedStarted) / 1000).toFixed(1)}s, semantic ids ${sidSeconds.toFixed(1)}s, upsert+persist ${upsertSeconds.toFixed(1)}s)\n` +
        `semantic ids ${sidVersion}: ${levels} levels × ${assignment.quantizer.sizes.join("/")} codes, level 1 = ${metrics.departments} departments, ${metrics.distinctCodeTuples} distinct code tuples, ${metrics.collidingItems} items need a suffix, reconstruction MSE ${metrics.meanSquaredReconstructionError.toFixed(4)}; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`,
    );
  } finally {
    await textStore.close();
    await towerStore?.close();
    await database.close();
    await close();
  }
}
