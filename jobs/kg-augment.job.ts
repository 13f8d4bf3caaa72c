import { loadConfigOrExit } from "../core/config";
import { LlmGateway } from "../core/llm/llm-gateway";
import { startProgress, type Progress } from "../core/progress";
import { augmentKnowledgeGraph } from "../plugins/kg-augmentation/kg-augmenter";
import { openJobDatabase } from "../core/database/job-database";
import { UsageError } from "./command";

const USAGE = "npm run jobs -- kg-augment [--dishes N]";

/** Parses `--dishes N` (1–100000, default 500); throws {@link UsageError} naming the bad flag. */
export function parseKgAugmentArgs(argv: readonly string[]): { dishes: number } {
  const args = { dishes: 500 };
  for (let index = 0; index < argv.length; index += 2) {
    if (argv[index] !== "--dishes") throw new UsageError(`unknown option ${JSON.stringify(argv[index])}`, USAGE);
    const value = Number(argv[index + 1]);
    if (!Number.isInteger(value) || value < 1 || value > 100_000) throw new UsageError(`--dishes needs a whole number 1–100000 (got ${JSON.stringify(argv[index + 1] ?? "")})`, USAGE);
    args.dishes = value;
  }
  return args;
}

/** `npm run jobs -- kg-augment`: LLM-proposed dish → grocery edges, validated against the catalog, into `knowledge_graph_edges`. */
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
      onDish: (done, total) => {
        bar ??= startProgress("dishes", total);
        bar.update(done);
      },
    });
    bar?.stop();
    await gateway.flush();
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    log(`kg-augment: ${summary.stored} edges stored from ${summary.dishes} dishes; dropped ${summary.droppedUngrounded} ungrounded and ${summary.droppedInvalid} with a missing end`);
  } finally {
    bar?.stop();
    await close();
  }
}
