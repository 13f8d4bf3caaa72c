import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Db } from "mongodb";
import type { Config } from "../config";
import { localArtifactVersion, type ArtifactSpec, type ArtifactStore, type PublishedArtifact } from "./artifact-store";
import { GridFsArtifactStore } from "./gridfs.artifact-store";
import { LocalArtifactStore } from "./local.artifact-store";

/** The store ARTIFACT_STORE names: DATA_DIR itself, or the database `db` (GridFS). */
export function openArtifactStore(
  config: Pick<Config, "ARTIFACT_STORE" | "ARTIFACT_KEEP_VERSIONS">,
  dataDir: string,
  db: Db,
): ArtifactStore {
  return config.ARTIFACT_STORE === "database"
    ? new GridFsArtifactStore(db, config.ARTIFACT_KEEP_VERSIONS)
    : new LocalArtifactStore(dataDir);
}

/** What publishing or syncing one artifact did, with its size and time. */
export interface ArtifactTransfer {
  name: string;
  version: string;
  files: number;
  bytes: number;
  seconds: number;
}

/**
 * Publishes what a job just wrote under DATA_DIR: the `LATEST` version of a versioned artifact, or the
 * whole folder of a folder artifact as `version` (recorded in its local `.version` marker, so this
 * machine's cache counts as up to date). With the local store nothing moves.
 */
export async function publishArtifact(
  store: ArtifactStore,
  dataDir: string,
  spec: ArtifactSpec,
  version?: string,
): Promise<ArtifactTransfer> {
  const started = performance.now();
  let published: PublishedArtifact;
  if (spec.layout === "versioned") {
    const latest = version ?? localArtifactVersion(dataDir, spec);
    if (!latest) throw new Error(`nothing to publish: ${join(dataDir, spec.name)} has no LATEST version`);
    published = await store.put(spec.name, latest, join(dataDir, spec.name, latest));
  } else {
    if (!version) throw new Error(`publishing the folder ${spec.name} needs a version`);
    published = await store.put(spec.name, version, join(dataDir, spec.name));
    await writeAtomically(join(dataDir, `${spec.name}.version`), `${version}\n`);
  }
  return transfer(published, started);
}

/**
 * Brings DATA_DIR up to the store's current version of each artifact, in the order given (list the
 * indexes before the models whose change makes serving reopen them). The pointers are read first, last
 * artifact first: a job publishes in the same order (indexes, then the Semantic-ID quantizer), so a pass
 * that sees a new quantizer also sees the indexes published before it, however long its downloads take,
 * and installs them before the quantizer. A versioned artifact is
 * downloaded to a temporary folder, renamed to `<version>`, then `LATEST` moves; a folder artifact is
 * downloaded beside the folder and swapped in by renames. Processes that already loaded a version keep
 * it in memory until they reload. With the local store nothing moves and the result is empty.
 */
export async function syncArtifacts(
  store: ArtifactStore,
  dataDir: string,
  specs: readonly ArtifactSpec[],
): Promise<ArtifactTransfer[]> {
  if (store.kind === "local") return [];
  const currents = new Map<string, PublishedArtifact | null>();
  for (const spec of [...specs].reverse()) currents.set(spec.name, await store.current(spec.name));
  const done: ArtifactTransfer[] = [];
  for (const spec of specs) {
    const current = currents.get(spec.name);
    if (!current || localArtifactVersion(dataDir, spec) === current.version) continue;
    const started = performance.now();
    const base = join(dataDir, spec.name);
    if (spec.layout === "versioned") {
      const target = join(base, current.version);
      if (!existsSync(join(target, ".complete"))) {
        const incoming = join(base, `.incoming-${randomUUID()}`);
        try {
          await store.get(current, incoming);
          await writeFile(join(incoming, ".complete"), `${current.version}\n`);
          await rm(target, { recursive: true, force: true });
          await rename(incoming, target).catch(async (error: unknown) => {
            // Another process on this DATA_DIR installed it first.
            if (!existsSync(join(target, ".complete"))) throw error;
          });
        } finally {
          await rm(incoming, { recursive: true, force: true });
        }
      }
      await writeAtomically(join(base, "LATEST"), `${current.version}\n`);
    } else {
      const incoming = `${base}.incoming-${randomUUID()}`;
      const old = `${base}.old-${randomUUID()}`;
      try {
        await store.get(current, incoming);
        await mkdir(dirname(base), { recursive: true });
        if (existsSync(base)) await rename(base, old);
        await rename(incoming, base);
        await writeAtomically(`${base}.version`, `${current.version}\n`);
      } finally {
        await rm(incoming, { recursive: true, force: true });
        await rm(old, { recursive: true, force: true });
      }
    }
    done.push(transfer(current, started));
  }
  return done;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${randomUUID()}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

function transfer(published: PublishedArtifact, started: number): ArtifactTransfer {
  return {
    name: published.name,
    version: published.version,
    files: published.files.length,
    bytes: published.bytes,
    seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
  };
}

/** One line for logs: `models/two-tower 20261207T…: 9 files, 1.2 MB in 0.04 s`. */
export function describeTransfer(done: ArtifactTransfer): string {
  const size =
    done.bytes >= 1 << 20 ? `${(done.bytes / (1 << 20)).toFixed(1)} MB` : `${(done.bytes / 1024).toFixed(1)} kB`;
  return `${done.name} ${done.version}: ${done.files} files, ${size} in ${done.seconds} s`;
}

/**
 * A job's access to the artifact store: `pull` brings the artifacts it reads into DATA_DIR (a job on a
 * fresh machine or in a CronJob has an empty one), `publish` makes what it wrote current for every
 * replica. Both log what moved; with the local store neither moves anything.
 */
export function jobArtifacts(
  config: Pick<Config, "ARTIFACT_STORE" | "ARTIFACT_KEEP_VERSIONS">,
  dataDir: string,
  db: Db,
  log: (line: string) => void,
): {
  store: ArtifactStore;
  pull(specs: readonly ArtifactSpec[]): Promise<void>;
  publish(spec: ArtifactSpec, version?: string): Promise<void>;
} {
  const store = openArtifactStore(config, dataDir, db);
  return {
    store,
    pull: async (specs) => {
      for (const done of await syncArtifacts(store, dataDir, specs))
        log(`artifacts: fetched ${describeTransfer(done)}`);
    },
    publish: async (spec, version) => {
      const done = await publishArtifact(store, dataDir, spec, version);
      if (store.kind === "database") log(`artifacts: published ${describeTransfer(done)} to the database`);
    },
  };
}
