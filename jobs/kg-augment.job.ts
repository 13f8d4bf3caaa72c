import { semanticIdLookup } from "../ml/semantic-ids/semantic-id.cache";
import { loadConfigOrExit } from "../core/config";
import { LlmGateway } from "../core/llm/llm-gateway";
import { openJobDatabase } from "../core/database/job-database";
import { LLM_FEATURE_PLUGINS } from "../plugins/registry";
import type { LlmFeaturePlugin } from "../plugins/sdk/define-llm-feature";
import { defineCommand } from "../core/cli-args";
import { enrichingPlugin, runEnrichment } from "./enrichment";
import { buildKnowledgeGraph } from "../subgraphs/personalization/statistics/knowledge-graph.builder";

/** The registered LLM feature plugin whose `enrich` hook this job runs. */
export const PLUGIN = "kg_augmentation";

const ARGS = defineCommand({
  command: "npm run jobs -- kg-augment",
  summary:
    "LLM-proposed dish → grocery edges, validated against the catalog, into `knowledge_graph_edges` (the kg_augmentation plugin), then a graph rebuild.",
  options: {
    dishes: { type: "int", min: 1, max: 100_000, default: 500, help: "dishes augmented" },
    "no-rebuild": { type: "boolean", help: "skip the graph rebuild afterwards" },
  },
});

export const USAGE = ARGS.usage;

/** Parses `--dishes N` (1–100000, default 500) and `--no-rebuild`; throws a UsageError naming the bad flag. */
export function parseKgAugmentArgs(argv: readonly string[]): { dishes: number; rebuild: boolean } {
  const args = ARGS.parse(argv);
  return { dishes: args.dishes, rebuild: !args["no-rebuild"] };
}

/**
 * `npm run jobs -- kg-augment`: runs the `kg_augmentation` plugin's enrichment through the registry
 * (LLM-proposed dish → grocery edges, validated against the catalog, into `knowledge_graph_edges`;
 * refused, naming the plugin, when `registry` does not list it), then a graph rebuild (unless
 * `--no-rebuild`) so they feed the cuisine links served (the rebuild is the lexicon and catalog one, as
 * the background task runs it; after a build with `--menus`, run `knowledge-graph --menus DIR` again instead).
 */
export async function main(argv: string[], registry: readonly LlmFeaturePlugin[] = LLM_FEATURE_PLUGINS): Promise<void> {
  const args = parseKgAugmentArgs(argv);
  const plugin = enrichingPlugin("kg-augment", PLUGIN, registry);
  const config = loadConfigOrExit();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const { database, close } = await openJobDatabase(config, log);
  const gateway = new LlmGateway({ config, db: database.db });
  try {
    const report = await runEnrichment(
      plugin,
      { dishes: args.dishes },
      { db: database.db, gateway, semanticIds: semanticIdLookup(database.db), log },
    );
    await gateway.flush();
    process.stdout.write(`${JSON.stringify(report.summary, null, 2)}\n`);
    log(`kg-augment: ${report.message}`);
    if (args.rebuild) {
      // The rebuild re-validates the `llm` edges and derives the cuisine → grocery links serving reads from them;
      // its commit makes the serving processes reload their knowledge-graph read model.
      const graph = await buildKnowledgeGraph(database.db);
      log(
        `kg-augment: knowledge graph rebuilt: ${graph.llmEdges.kept} llm edges kept (${graph.llmEdges.dropped} dropped); ${graph.llmDerived.cuisineProducts} cuisine → product edges carry llm provenance`,
      );
    }
  } finally {
    await close();
  }
}
