import { defineCommand, parseCommandLine } from "../core/cli-args";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { subgraphUrl, loadConfig } from "../core/config";
import { projectRoot } from "../core/paths";
import { composeSupergraph } from "../gateway/compose";
import { readSupergraphConfig } from "../gateway/supergraph-config";
import { SUBGRAPHS } from "../subgraphs/all";
import { printSubgraphSdl } from "../subgraphs/shared/federation";

/** SDL of every subgraph as the code builds it, and the composed supergraph. */
export async function generateSchemas(): Promise<{ files: Record<string, string> }> {
  const entries = readSupergraphConfig(join(projectRoot, "supergraph.yaml"));
  const config = loadConfig({});
  const files: Record<string, string> = {};
  const subgraphs = [];
  for (const entry of entries) {
    const definition = SUBGRAPHS.find((subgraph) => subgraph.name === entry.name);
    if (!definition) throw new Error(`supergraph.yaml lists "${entry.name}", which is not in subgraphs/all.ts`);
    const sdl = printSubgraphSdl(await definition.schema());
    files[relative(projectRoot, entry.schemaFile)] = sdl;
    subgraphs.push({ name: entry.name, url: subgraphUrl(config, definition.name), sdl });
  }
  files["schema/supergraph.graphql"] = composeSupergraph(subgraphs).trim() + "\n";
  return { files };
}

/** `npm run compose`: writes schema/<subgraph>.graphql and schema/supergraph.graphql. */
async function main(): Promise<void> {
  const { files } = await generateSchemas();
  for (const [file, content] of Object.entries(files)) {
    const path = join(projectRoot, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    process.stdout.write(`wrote ${file} (${content.split("\n").length} lines)\n`);
  }
}

if (
  require.main === module &&
  parseCommandLine(
    defineCommand({
      command: "npm run compose",
      summary: "Regenerates schema/*.graphql from the code; CI checks they match.",
      options: {},
    }),
  )
) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
