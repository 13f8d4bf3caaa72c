import { loadConfigOrExit } from "../core/config";
import { openJobDatabase } from "../core/database/job-database";
import { defineCommand } from "../core/cli-args";
import { resetSeededCollections, seedDatabase } from "./seed/seed";
import { SEED_SCALES, type SeedScale } from "./seed/seed-scale";

const ARGS = defineCommand({
  command: "npm run seed --",
  summary: "Generates the demo catalog and simulated shoppers into the configured database.",
  options: {
    scale: { type: "string", choices: SEED_SCALES, default: "tiny", help: "how much data" },
    "random-seed": {
      type: "int",
      min: 0,
      max: 2 ** 31,
      default: 42,
      help: "random seed: the same number gives the same data",
    },
    reset: { type: "boolean", help: "drop the seeded collections first" },
  },
});

export const USAGE = ARGS.usage;

/** Parsed arguments of the seed command. */
export interface SeedArguments {
  scale: SeedScale;
  seed: number;
  reset: boolean;
}

/** Parses `--scale S [--random-seed N] [--reset]`; throws UsageError naming the bad argument. */
export function parseSeedArguments(argv: string[]): SeedArguments {
  const { scale, "random-seed": seed, reset } = ARGS.parse(argv);
  return { scale: scale as SeedScale, seed, reset };
}

/** `npm run seed`: seeds MONGODB_URI/MONGODB_DATABASE (or the embedded FerretDB when MONGODB_URI is unset). */
export async function main(argv: string[]): Promise<void> {
  const args = parseSeedArguments(argv);
  const config = loadConfigOrExit();
  const { database, close } = await openJobDatabase(config, (line) =>
    process.stderr.write(`${line}
`),
  );
  try {
    if (args.reset) await resetSeededCollections(database.db);
    await seedDatabase(database.db, {
      scale: args.scale,
      seed: args.seed,
      log: (line) => process.stdout.write(line + "\n"),
    });
  } finally {
    await close();
  }
}
