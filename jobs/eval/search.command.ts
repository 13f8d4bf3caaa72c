import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { loadConfig } from "../../core/config";
import { projectRoot } from "../../core/paths";
import { loadTextEncoder, TEXT_ENCODER_MODELS_DIR } from "../../ml/text-encoder/text-encoder.artifact";
import { HybridSearchSystem } from "../../eval/search/systems/hybrid.system";
import { SemanticIndex } from "../../eval/search/systems/semantic.index";
import { parseArgs } from "node:util";
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
import { UsageError } from "./nbr-args.parser";

/** One-line usage of `eval search` and `eval search-queries`. */
export function searchUsage(): string {
  return (
    "usage: eval search --data DIR --out FILE.json [--queries FILE.json] [--systems searchCatalog,search,lexical+rewrite,hybrid,hybrid+rewrite] [--database NAME] [--k 10]\n" +
    "       (search = the served Search.results: imports DIR into database NAME, default search-eval, on MONGODB_URI or the embedded FerretDB;\n" +
    "        hybrid and the semantic side of search read the LATEST text encoder under DATA_DIR: npm run train -- text-encoder)\n" +
    "       eval search-queries --data DIR [--out FILE.json]   (regenerates the labelled query set; default eval/search/instacart-queries.json)"
  );
}

/** Systems by name: the catalog's lexical `searchCatalog`, the served `search`, and diagnostics of search's retrieval parts in process. */
const SYSTEM_NAMES = ["searchCatalog", "search", "lexical+rewrite", "hybrid", "hybrid+rewrite"] as const;
/** Systems that need a trained text encoder. */
const SEMANTIC_SYSTEMS: readonly string[] = ["hybrid", "hybrid+rewrite"];
/** Database the served search imports into unless --database says otherwise. */
const DEFAULT_DATABASE = "search-eval";

function parse(
  argv: readonly string[],
  options: Record<string, { type: "string" }>,
): Record<string, string | undefined> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], strict: true, allowPositionals: true, options }));
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0]!);
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, typeof value === "string" ? value.trim() : undefined]),
  );
}

function dataFolder(data: string | undefined): string {
  if (!data) throw new UsageError("missing --data");
  if (!existsSync(data) || !statSync(data).isDirectory()) throw new UsageError(`--data "${data}" is not a folder`);
  const missing = INSTACART_CATALOG_FILES.filter((file) => !existsSync(join(data, file)));
  if (missing.length > 0) throw new UsageError(`--data "${data}" lacks ${missing.join(", ")}`);
  return data;
}

function jsonPath(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`missing ${flag}`);
  if (!/\.json$/i.test(value) || value.length <= 5) throw new UsageError(`${flag} "${value}" must be a FILE.json path`);
  return value;
}

/** `eval search-queries`: regenerates the labelled query set from the catalog CSVs (deterministic). */
export async function runSearchQueries(argv: readonly string[]): Promise<void> {
  const values = parse(argv, { data: { type: "string" }, out: { type: "string" } });
  const data = dataFolder(values.data);
  const out = values.out ? jsonPath(values.out, "--out") : DEFAULT_QUERY_SET;
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
  const values = parse(argv, {
    data: { type: "string" },
    out: { type: "string" },
    queries: { type: "string" },
    systems: { type: "string" },
    k: { type: "string" },
    database: { type: "string" },
  });
  const data = dataFolder(values.data);
  const out = jsonPath(values.out, "--out");
  const queriesPath = values.queries ?? DEFAULT_QUERY_SET;
  if (!existsSync(queriesPath))
    throw new UsageError(`--queries "${queriesPath}" does not exist (generate it with eval search-queries)`);
  const kText = values.k ?? "10";
  if (!/^[1-9][0-9]{0,2}$/.test(kText)) throw new UsageError(`--k "${kText}" must be a positive integer below 1000`);
  const k = Number(kText);
  const database = values.database ?? DEFAULT_DATABASE;
  if (!/^[A-Za-z0-9_-]{1,60}$/.test(database))
    throw new UsageError(`--database "${database}" must be 1–60 letters, digits, _ or -`);
  const config = loadConfig({ ...process.env, MONGODB_DATABASE: database });
  const encoder = loadTextEncoder(resolve(projectRoot, config.DATA_DIR, TEXT_ENCODER_MODELS_DIR));
  const names = values.systems
    ? values.systems.split(",").map((name) => name.trim())
    : ["searchCatalog", "search", ...(encoder ? ["hybrid"] : [])];
  const unknown = names.filter((name) => !(SYSTEM_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0)
    throw new UsageError(
      `unknown system ${unknown.map((name) => `"${name}"`).join(", ")} (known: ${SYSTEM_NAMES.join(", ")})`,
    );
  if (new Set(names).size !== names.length) throw new UsageError(`--systems "${values.systems}" lists a system twice`);
  if (!encoder && names.some((name) => SEMANTIC_SYSTEMS.includes(name)))
    throw new UsageError(
      "hybrid systems need a text encoder under DATA_DIR (npm run import -- instacart DIR, then npm run train -- text-encoder)",
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
