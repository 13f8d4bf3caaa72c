import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { localArtifactVersion } from "../core/artifacts/artifact-store";
import { publishArtifact, syncArtifacts } from "../core/artifacts/artifact-sync";
import { GridFsArtifactStore } from "../core/artifacts/gridfs.artifact-store";
import { databaseOption, defineCommand, JSON_FILE } from "../core/cli-args";
import { loadConfigOrExit } from "../core/config";
import { openJobDatabase } from "../core/database/job-database";
import { projectRoot } from "../core/paths";
import { servedArtifacts } from "../ml/model-artifacts";
import { emitJson } from "./bench-args";

const ARGS = defineCommand({
  command: "npm run bench -- artifacts",
  summary:
    "Publishes DATA_DIR's trained models and vector-index folders to the database artifact store (GridFS) and fetches them into empty folders, timing each artifact.",
  options: {
    database: databaseOption(
      "publish into this database (default MONGODB_DATABASE; its artifact pointers are replaced)",
    ),
    rounds: { type: "int", min: 1, max: 20, default: 3, help: "publish-and-fetch rounds (the median is reported)" },
    out: { type: "string", value: "FILE.json", pattern: JSON_FILE, help: "also write the report here" },
  },
});
export const USAGE = ARGS.usage;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * `artifacts`: for each artifact serving reads (servedArtifacts: the index folders of VECTOR_STORE, the
 * text encoder, two-tower, ranker and Semantic IDs) that DATA_DIR holds, the time to publish it to the
 * database (`put`: upload, pointer, prune) and to fetch it into an empty DATA_DIR (`get` and install), the
 * median of `--rounds`, with its files and bytes. Publishing replaces the database's current versions
 * with DATA_DIR's (the same ones, when DATA_DIR was filled from it).
 */
export async function main(argv: string[]): Promise<void> {
  const args = ARGS.parse(argv);
  const config = loadConfigOrExit();
  const dataDir = resolve(projectRoot, config.DATA_DIR);
  const specs = servedArtifacts(config).filter((spec) => localArtifactVersion(dataDir, spec) !== null);
  if (specs.length === 0)
    throw new Error(`no artifacts under ${dataDir} (train the models and run npm run jobs -- index first)`);
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const { database, close } = await openJobDatabase(
    { ...config, MONGODB_DATABASE: args.database ?? config.MONGODB_DATABASE },
    log,
  );
  const store = new GridFsArtifactStore(database.db, config.ARTIFACT_KEEP_VERSIONS);
  const rows = new Map(
    specs.map((spec) => [spec.name, { files: 0, bytes: 0, publish: [] as number[], fetch: [] as number[] }]),
  );
  try {
    for (let round = 0; round < args.rounds; round += 1) {
      for (const spec of specs) {
        const version = localArtifactVersion(dataDir, spec)!;
        const done = await publishArtifact(store, dataDir, spec, spec.layout === "folder" ? version : undefined);
        const row = rows.get(spec.name)!;
        row.files = done.files;
        row.bytes = done.bytes;
        row.publish.push(done.seconds);
      }
      const cache = mkdtempSync(join(tmpdir(), "artifacts-bench-"));
      try {
        for (const done of await syncArtifacts(store, cache, specs)) rows.get(done.name)!.fetch.push(done.seconds);
      } finally {
        rmSync(cache, { recursive: true, force: true });
      }
    }
  } finally {
    await database.close();
    await close();
  }
  const artifacts = [...rows].map(([name, row]) => ({
    name,
    files: row.files,
    bytes: row.bytes,
    publishSeconds: median(row.publish),
    fetchSeconds: median(row.fetch),
  }));
  emitJson(
    {
      bench: "artifacts",
      dataDir,
      rounds: args.rounds,
      artifacts,
      total: {
        files: artifacts.reduce((sum, row) => sum + row.files, 0),
        bytes: artifacts.reduce((sum, row) => sum + row.bytes, 0),
        publishSeconds: Number(artifacts.reduce((sum, row) => sum + row.publishSeconds, 0).toFixed(3)),
        fetchSeconds: Number(artifacts.reduce((sum, row) => sum + row.fetchSeconds, 0).toFixed(3)),
      },
    },
    args.out,
  );
}
