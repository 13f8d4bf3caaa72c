import { semanticIdLookup } from "../ml/semantic-ids/semantic-id.cache";
import { loadConfigOrExit } from "../core/config";
import { LlmGateway } from "../core/llm/llm-gateway";
import { startProgress, type Progress } from "../core/progress";
import { augmentKnowledgeGraph } from "../plugins/kg-augmentation/kg-augmenter";
import { openJobDatabase } from "../core/database/job-database";
import { UsageError } from "./command";
import { buildKnowledgeGraph } from "../subgraphs/personalization/services/knowledge-graph.builder";

export const USAGE = "npm run jobs -- kg-augment [--dishes N] [--no-rebuild]";

/** Parses `--dishes N` (1–100000, default 500) and `--no-rebuild`; throws {@link UsageError} naming the bad flag. */
export function parseKgAugmentArgs(argv: readonly string[]): { dishes: number; rebuild: boolean } {
  const args = { dishes: 500, rebuild: true };
  for (let index = 0; index < argv.length; index += 2) {
    if (argv[index] === "--no-rebuild") {
      args.rebuild = false;
      index -= 1;
      continue;
    }
    if (argv[index] !== "--dishes") throw new UsageError(`unknown option ${JSON.stringify(argv[index])}`, USAGE);
    const value = Number(argv[index + 1]);
    if (!Number.isInteger(value) || value < 1 || value > 100_000)
      throw new UsageError(
        `--dishes needs a whole number 1–100000 (got ${JSON.stringify(argv[index + 1] ?? "")})`,
        USAGE,
      );
    args.dishes = value;
  }
  return args;
}

/**
 * `npm run jobs -- kg-augment`: LLM-proposed dish → grocery edges, validated against the catalog, into
 * `knowledge_graph_edges`, then a graph rebuild (unless `--no-rebuild`) so they feed the cuisine links
 * served (the rebuild is the lexicon and catalog one, as the background task runs it; after a build
 * with `--menus`, run `knowledge-graph --menus DIR` again instead).
 */
export async function main(argv: string[]): Promise<void> {
  const args = parseKgAugmentArgs(argv);
  const config = loadConfigOrExit();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const { database, close } = await openJobDatabase(config, log);
  const gateway = new LlmGateway({ config, db: database.db });
  let bar: Progress | undefined;
  try {
    const summary = await augmentKnowledgeGraph(database.db, gateway, {
      maxDishes: args.dishes,
      semanticIds: semanticIdLookup(database.db),
      onDish: (done, total) => {
        bar ??= startProgress("dishes", total);
        bar.update(done);
      },
    });
    bar?.stop();
    await gateway.flush();
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    log(
      `kg-augment: ${summary.stored} edges stored from ${summary.dishes} dishes; dropped ${summary.droppedUngrounded} ungrounded and ${summary.droppedInvalid} with a missing end`,
    );
    if (args.rebuild) {
      // The rebuild re-validates the `llm` edges and derives the cuisine → grocery links serving reads from them;
      // its commit makes the serving processes reload their knowledge-graph read model.
      const graph = await buildKnowledgeGraph(database.db);
      log(
        `kg-augment: knowledge graph rebuilt: ${graph.llmEdges.kept} llm edges kept (${graph.llmEdges.dropped} dropped); ${graph.llmDerived.cuisineProducts} cuisine → product edges carry llm provenance`,
      );
    }
  } finally {
    bar?.stop();
    await close();
  }
}
