import { loadConfigOrExit } from "../core/config";
import { openJobDatabase } from "../core/database/job-database";
import { UsageError } from "./command";
import { resetSeededCollections, seedDatabase } from "./seed/seed";
import { SEED_SCALES, type SeedScale } from "./seed/seed-scale";

export const USAGE = "npm run seed -- --scale tiny|small|medium|large [--seed N] [--reset]";

/** Parsed arguments of the seed command. */
export interface SeedArguments {
  scale: SeedScale;
  seed: number;
  reset: boolean;
}

/** Parses `--scale S [--seed N] [--reset]`; throws UsageError naming the bad argument. */
export function parseSeedArguments(argv: string[]): SeedArguments {
  const result: SeedArguments = { scale: "tiny", seed: 42, reset: false };
  for (let k = 0; k < argv.length; k++) {
    const argument = argv[k]!;
    const [flag, inline] = argument.includes("=")
      ? [argument.slice(0, argument.indexOf("=")), argument.slice(argument.indexOf("=") + 1)]
      : [argument, undefined];
    const value = () => {
      const v = inline ?? argv[++k];
      if (v === undefined) throw new UsageError(`${flag} needs a value`, USAGE);
      return v;
    };
    if (flag === "--scale") {
      const scale = value();
      if (!(SEED_SCALES as readonly string[]).includes(scale))
        throw new UsageError(`--scale must be one of ${SEED_SCALES.join(", ")} (got ${JSON.stringify(scale)})`, USAGE);
      result.scale = scale as SeedScale;
    } else if (flag === "--seed") {
      const text = value();
      const seed = Number(text);
      if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31)
        throw new UsageError(`--seed must be an integer 0..2^31 (got ${JSON.stringify(text)})`, USAGE);
      result.seed = seed;
    } else if (flag === "--reset") result.reset = true;
    else throw new UsageError(`unknown argument ${JSON.stringify(argument)}`, USAGE);
  }
  return result;
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
