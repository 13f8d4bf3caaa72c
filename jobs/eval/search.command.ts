import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { loadConfig } from "../../core/config";
import { projectRoot } from "../../core/paths";
import { loadTextEncoder, TEXT_ENCODER_MODELS_DIR } from "../../ml/text-encoder/text-encoder.artifact";
import { HybridSearchSystem } from "../../eval/search/systems/hybrid.system";
import { SemanticIndex } from "../../eval/search/systems/semantic.index";
import { performance } from "node:perf_hooks";
import { startProgress } from "../../core/progress";
import { catalogDocuments, INSTACART_CATALOG_FILES, readInstacartCatalog } from "../../eval/search/instacart-catalog";
import { generateQuerySet } from "../../eval/search/query-set.generator";
import { DEFAULT_QUERY_SET, querySetJson, readQuerySet } from "../../eval/search/query-set.file";
import { gradeCatalog } from "../../eval/search/relevance.labels";
import { evaluatePersonalized, evaluateSearch } from "../../eval/search/search.evaluator";
import { prepareServedSearchDatabase, ServedSearchSystem, type EvalShopper } from "../../eval/search/served-search";
import { openJobDatabase } from "../../core/database/job-database";
import { personalizedTable, searchTable, writeSearchReport } from "../../eval/search/search-report.writer";
import type { SearchSystem } from "../../eval/search/search-system.types";
import { LexicalSearchSystem } from "../../eval/search/systems/lexical.system";
import { RewriteSearchSystem } from "../../eval/search/systems/rewrite.system";
import { DATABASE_NAME, defineCommand, JSON_FILE, UsageError } from "../../core/cli-args";

/** Systems by name: the catalog's lexical `searchCatalog`, the served `search`, and diagnostics of search's retrieval parts in process. */
const SYSTEM_NAMES = ["searchCatalog", "search", "lexical+rewrite", "hybrid", "hybrid+rewrite"] as const;
/** Systems that need a trained text encoder. */
const SEMANTIC_SYSTEMS: readonly string[] = ["hybrid", "hybrid+rewrite"];
/** Database the served search imports into unless --database says otherwise. */
const DEFAULT_DATABASE = "search-eval";

const DATA = {
  type: "string",
  value: "DIR",
  exists: "folder",
  required: true,
  help: "the Instacart catalog's folder",
} as const;

const SEARCH_ARGS = defineCommand({
  command: "npm run eval -- search",
  summary:
    "NDCG@k of the catalog's searchCatalog and the served Search.results on the labelled queries and the held-out (shopper, query) pairs. " +
    "search imports DIR into database NAME on MONGODB_URI or the embedded FerretDB; hybrid and search's semantic side read the latest text encoder under DATA_DIR.",
  options: {
    data: DATA,
    out: { type: "string", value: "FILE.json", pattern: JSON_FILE, required: true, help: "where the report goes" },
    queries: {
      type: "string",
      value: "FILE.json",
      help: "the labelled query set (default eval/search/instacart-queries.json; npm run eval -- search-queries makes it)",
    },
    systems: {
      type: "list",
      choices: SYSTEM_NAMES,
      help: "systems to score (default searchCatalog,search and hybrid when a text encoder exists)",
    },
    database: {
      type: "string",
      value: "NAME",
      pattern: DATABASE_NAME,
      default: DEFAULT_DATABASE,
      help: "the database search imports into",
    },
    k: { type: "int", min: 1, max: 999, default: 10, help: "NDCG cut-off" },
  },
});

const QUERIES_ARGS = defineCommand({
  command: "npm run eval -- search-queries",
  summary: "Regenerates the labelled query set from the catalog CSVs (deterministic).",
  options: {
    data: DATA,
    out: {
      type: "string",
      value: "FILE.json",
      pattern: JSON_FILE,
      help: "where the set goes (default eval/search/instacart-queries.json)",
    },
  },
});

/** Usage of `eval search` and `eval search-queries`. */
export function searchUsage(): string {
  return `${SEARCH_ARGS.usage}\n\n${QUERIES_ARGS.usage}`;
}

function dataFolder(data: string, usage: string): string {
  const missing = INSTACART_CATALOG_FILES.filter((file) => !existsSync(join(data, file)));
  if (missing.length > 0) throw new UsageError(`--data "${data}" lacks ${missing.join(", ")}`, usage);
  return data;
}

/** `eval search-queries`: regenerates the labelled query set from the catalog CSVs (deterministic). */
export async function runSearchQueries(argv: readonly string[]): Promise<void> {
  const values = QUERIES_ARGS.parse(argv);
  const data = dataFolder(values.data, QUERIES_ARGS.usage);
  const out = values.out ?? DEFAULT_QUERY_SET;
  const catalog = await readInstacartCatalog(data);
  const set = generateQuerySet(catalog);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, querySetJson(set));
  const byKind = new Map<string, number>();
  for (const query of set.queries) byKind.set(query.kind, (byKind.get(query.kind) ?? 0) + 1);
  console.log(
    `wrote ${out}: ${set.queries.length} queries (${[...byKind].map(([kind, n]) => `${kind} ${n}`).join(", ")}) over ${set.catalog.products} products`,
  );
}

/**
 * `eval search`: NDCG@k of the catalog's lexical `searchCatalog` and of the served `Search.results` (imported
 * into a database, run through the personalization schema) on the labelled queries, anonymously; then on
 * the (shopper, query) pairs of the imported shoppers' held-out orders, anonymously and as the shopper.
 */
export async function runSearchEval(argv: readonly string[]): Promise<void> {
  const values = SEARCH_ARGS.parse(argv);
  const usage = SEARCH_ARGS.usage;
  const data = dataFolder(values.data, usage);
  const { out, k, database } = values;
  const queriesPath = values.queries ?? DEFAULT_QUERY_SET;
  if (!existsSync(queriesPath))
    throw new UsageError(`--queries "${queriesPath}" does not exist (generate it with eval search-queries)`, usage);
  const config = loadConfig({ ...process.env, MONGODB_DATABASE: database });
  const encoder = loadTextEncoder(resolve(projectRoot, config.DATA_DIR, TEXT_ENCODER_MODELS_DIR));
  const names = values.systems ?? ["searchCatalog", "search", ...(encoder ? ["hybrid"] : [])];
  if (!encoder && names.some((name) => SEMANTIC_SYSTEMS.includes(name)))
    throw new UsageError(
      "hybrid systems need a text encoder under DATA_DIR (npm run import -- instacart DIR, then npm run train -- text-encoder)",
      usage,
    );
  if (!encoder)
    console.warn(
      "no text encoder under DATA_DIR: search runs without its semantic side (npm run train -- text-encoder on this catalog adds it)",
    );

  const started = performance.now();
  const set = readQuerySet(queriesPath);
  const catalog = await readInstacartCatalog(data);
  const drifted = set.queries.filter((query) => {
    let grade2 = 0;
    let grade1 = 0;
    for (const grade of gradeCatalog(query, catalog.products).values())
      if (grade === 2) grade2 += 1;
      else grade1 += 1;
    return grade2 !== query.counts.grade2 || grade1 !== query.counts.grade1;
  });
  if (drifted.length > 0)
    console.warn(
      `warning: ${drifted.length} queries select different products than when the set was generated (another catalog?), e.g. ${drifted[0]!.id}`,
    );
  const { products, categories } = catalogDocuments(catalog);
  const indexStarted = performance.now();
  const lexical = new LexicalSearchSystem(products, categories);
  console.log(
    `catalog: ${products.length} products, ${categories.length} categories; lexical index built in process in ${((performance.now() - indexStarted) / 1000).toFixed(1)}s`,
  );
  let semantic: SemanticIndex | null = null;
  const semanticIndex = (): SemanticIndex => {
    if (!semantic) {
      const started = performance.now();
      semantic = new SemanticIndex(encoder!.encoder, products, categories);
      console.log(
        `semantic index: text encoder ${encoder!.version} (${encoder!.encoder.featureWeights ? "IDF" : "uniform"} pooling), ${products.length} products embedded in ${((performance.now() - started) / 1000).toFixed(1)}s`,
      );
    }
    return semantic;
  };
  const rewrite = (): RewriteSearchSystem => new RewriteSearchSystem(lexical, products, categories);

  const job = names.includes("search") ? await openJobDatabase(config, (line) => console.log(line)) : null;
  try {
    let served: ServedSearchSystem | null = null;
    let shoppers: readonly EvalShopper[] = [];
    if (job) {
      const prepared = await prepareServedSearchDatabase(job.database.db, data);
      shoppers = prepared.shoppers;
      console.log(
        `database ${database}: ${prepared.products} products imported (${prepared.importSeconds.toFixed(1)}s), ${shoppers.length} shoppers with a held-out last order (${shoppers.reduce((sum, shopper) => sum + shopper.heldOut.size, 0)} products)`,
      );
      if (prepared.products !== products.length)
        throw new Error(
          `database ${database} holds ${prepared.products} Instacart products, the CSVs ${products.length}: use another --database`,
        );
      served = new ServedSearchSystem(
        job.database.db,
        lexical.textSearch(),
        encoder ? semanticIndex() : null,
        prepared.now,
      );
    }
    const available: Record<(typeof SYSTEM_NAMES)[number], () => SearchSystem> = {
      searchCatalog: () => lexical,
      search: () => served!,
      "lexical+rewrite": () => rewrite(),
      hybrid: () => new HybridSearchSystem("hybrid", lexical.textSearch(), semanticIndex(), "Lexical search (BM25)"),
      "hybrid+rewrite": () =>
        new HybridSearchSystem(
          "hybrid+rewrite",
          rewrite().textSearch(),
          semanticIndex(),
          "Lexical search with the offline query rewrite",
        ),
    };
    const systems = names.map((name) => available[name as (typeof SYSTEM_NAMES)[number]]());
    const anonymous = await evaluateSearch(catalog, set.queries, systems, { k, progress: startProgress });
    const personalized =
      served && shoppers.length > 0
        ? await evaluatePersonalized(
            catalog,
            set.queries,
            shoppers,
            [
              { system: lexical, personal: false },
              { system: served, personal: true },
            ],
            { k, progress: startProgress },
          )
        : undefined;
    const report = { ...anonymous, ...(personalized ? { personalized } : {}) };
    const written = writeSearchReport(report, out);
    console.log("");
    console.log(searchTable(report, "text"));
    if (personalized) {
      console.log("");
      console.log(personalizedTable(personalized, "text"));
    }
    for (const [system, ids] of Object.entries(report.emptyWhereOthersFind))
      if (ids.length > 0) console.log(`${system} shows nothing relevant where another system does: ${ids.join(", ")}`);
    console.log("");
    console.log(`wrote ${written.json}, ${written.markdown}, ${written.chart}`);
    console.log(`total ${((performance.now() - started) / 1000).toFixed(1)}s`);
  } finally {
    await job?.close();
  }
}
