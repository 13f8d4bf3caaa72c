import { holdRebuildLease } from "../core/database/lease";
import { KNOWLEDGE_GRAPH_COLLECTION } from "../subgraphs/personalization/statistics/knowledge-graph.document";
import { loadConfigOrExit } from "../core/config";
import { startProgress, type Progress } from "../core/progress";
import { buildKnowledgeGraph } from "../subgraphs/personalization/statistics/knowledge-graph.builder";
import {
  learnFromMenus,
  MenuDataError,
  type MenuLearning,
} from "../subgraphs/personalization/statistics/knowledge-graph.menus";
import { openJobDatabase } from "../core/database/job-database";
import { defineCommand, UsageError } from "../core/cli-args";

const ARGS = defineCommand({
  command: "npm run jobs -- knowledge-graph",
  summary: "Rebuilds the restaurant → grocery edges into `knowledge_graph_edges`.",
  options: {
    menus: { type: "string", value: "DIR", exists: "folder", help: "restaurant menus to learn dish terms from" },
    "products-per-term": { type: "int", min: 1, max: 200, default: 20, help: "grocery products linked per term" },
  },
});

export const USAGE = ARGS.usage;

/** Parsed flags of the knowledge-graph job. */
export interface KnowledgeGraphArgs {
  menus: string | null;
  productsPerTerm: number;
}

/** Parses the job's flags; throws {@link UsageError} naming the bad flag and value. */
export function parseKnowledgeGraphArgs(argv: readonly string[]): KnowledgeGraphArgs {
  const args = ARGS.parse(argv);
  return { menus: args.menus ?? null, productsPerTerm: args["products-per-term"] };
}

/** `npm run jobs -- knowledge-graph [--menus DIR]`: rebuilds the restaurant → grocery edges into `knowledge_graph_edges`. */
export async function main(argv: string[]): Promise<void> {
  const args = parseKnowledgeGraphArgs(argv);
  let menus: MenuLearning | null = null;
  if (args.menus) {
    try {
      menus = learnFromMenus(args.menus);
    } catch (error) {
      if (error instanceof MenuDataError) throw new UsageError(error.message, USAGE);
      throw error;
    }
    process.stderr.write(
      `menus: ${menus.dishes} dishes from ${menus.restaurants} restaurants, ${menus.themes.size} cuisines; untranslated tags: ${menus.untranslatedTags.join(", ") || "none"}\n`,
    );
  }
  const config = loadConfigOrExit();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const { database, close } = await openJobDatabase(config, log);
  // One rebuild at a time, whether a serving replica's background task or another run of this job.
  const lease = await holdRebuildLease(database.db, KNOWLEDGE_GRAPH_COLLECTION);
  if (!lease.held) {
    log(`knowledge graph: ${lease.holder ?? "another process"} is rebuilding it now; nothing done`);
    await close();
    return;
  }
  let bar: Progress | undefined;
  let phase = "";
  try {
    const total = 0; // unknown: FerretDB v1 counts by scanning (500k products at the large seed)
    const summary = await buildKnowledgeGraph(database.db, {
      menus,
      productsPerTerm: args.productsPerTerm,
      onProgress(next, done) {
        if (next !== phase) {
          bar?.stop();
          phase = next;
          bar =
            next === "write"
              ? undefined
              : startProgress(
                  next === "dishes" ? "knowledge graph: restaurant dishes" : "knowledge graph: grocery products",
                  total,
                );
        }
        bar?.update(done);
      },
    });
    bar?.stop();
    bar = undefined;
    const edgeTotal = Object.values(summary.edges).reduce((sum, count) => sum + count, 0);
    process.stdout.write(
      `knowledge graph built: ${edgeTotal} edges (${Object.entries(summary.edges)
        .map(([kind, count]) => `${kind} ${count}`)
        .join(", ")}); ` +
        `${summary.themes} themes (${summary.themesWithProducts} with grocery products), ${summary.dishes} dishes, ${summary.groceryProducts} grocery products, ` +
        `${summary.groceryCategories} grocery categories${summary.menus ? `, menus: ${summary.menus.dishes} dishes` : ""}, in ${summary.seconds}s\n`,
    );
    const carried = summary.llmEdges;
    if (carried.found > 0) {
      process.stdout.write(
        `llm edges (kg-augment) carried over: ${carried.kept} of ${carried.found} kept; dropped ${carried.dropped} ` +
          `(${carried.drops.missingDish} dish gone, ${carried.drops.missingTarget} category or product gone, ${carried.drops.unmatchedTerm} ingredient no longer sold, ${carried.drops.unknownKind} unknown kind)\n`,
      );
    }
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    bar?.stop();
    await lease.release();
    await close();
  }
}
