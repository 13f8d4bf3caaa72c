import { defineCommand, parseCommandLine } from "../core/cli-args";
import { ensureFerretDbBinary } from "../core/database/ferretdb-binary";

/** `npm run build:database`: builds the embedded FerretDB wrapper if it is not cached yet. */
if (
  parseCommandLine(
    defineCommand({
      command: "npm run build:database",
      summary: "Builds the embedded FerretDB wrapper into .cache/bin if it is not there.",
      options: {},
    }),
  )
)
  ensureFerretDbBinary()
    .then((path) => process.stdout.write(`embedded database binary: ${path}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
