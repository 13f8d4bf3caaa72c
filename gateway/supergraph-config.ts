import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

const supergraphConfigSchema = z.object({
  federation_version: z.string().regex(/^=?2(\.\d+){0,2}$/, "a Federation 2 version such as =2.7.0"),
  subgraphs: z.record(
    z.string().regex(/^[a-z][a-z0-9-]*$/),
    z.object({ routing_url: z.string().url(), schema: z.object({ file: z.string().min(1) }) }),
  ),
});

/** One subgraph as supergraph.yaml lists it, with its schema file resolved to an absolute path. */
export interface SupergraphEntry {
  name: string;
  routingUrl: string;
  schemaFile: string;
}

/** Reads and validates rover's supergraph.yaml format; throws naming each problem. */
export function readSupergraphConfig(path: string): SupergraphEntry[] {
  const parsed = supergraphConfigSchema.safeParse(parseYaml(readFileSync(path, "utf8")));
  if (!parsed.success) {
    throw new Error(
      `${path} is invalid:\n${parsed.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`).join("\n")}`,
    );
  }
  return Object.entries(parsed.data.subgraphs).map(([name, entry]) => ({
    name,
    routingUrl: entry.routing_url,
    schemaFile: resolve(dirname(path), entry.schema.file),
  }));
}
