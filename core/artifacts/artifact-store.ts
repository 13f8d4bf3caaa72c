import { existsSync, readFileSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";

/**
 * How an artifact lies in DATA_DIR (relative folder `name`):
 * - `versioned`: `<name>/<version>/…` folders and a `<name>/LATEST` file naming the current one (the
 *   trained models: text encoder, two-tower, Semantic IDs, ranker);
 * - `folder`: the whole `<name>/` folder is one version, rewritten in place (the embedded vector indexes);
 *   the version this machine holds is recorded in `<name>.version` beside it.
 */
export type ArtifactLayout = "versioned" | "folder";

/** One artifact a process reads or a job writes: a folder under DATA_DIR and its layout. */
export interface ArtifactSpec {
  /** Folder relative to DATA_DIR, `/`-separated (e.g. `models/two-tower`, `vectors/hnsw/items-text`). */
  name: string;
  layout: ArtifactLayout;
}

/** One file of a published version. */
export interface ArtifactFile {
  /** Path inside the version's folder, `/`-separated. */
  path: string;
  /** Bytes. */
  length: number;
}

/** A published version of an artifact: what {@link ArtifactStore.current} answers. */
export interface PublishedArtifact {
  name: string;
  version: string;
  /** Where the store keeps the version (the database store: its GridFS file). */
  id?: unknown;
  files: ArtifactFile[];
  /** Sum of the files' lengths. */
  bytes: number;
  publishedAt: Date;
  /** `<host>:<pid>` of the publishing process. */
  publishedBy?: string;
}

/**
 * Where trained models and vector-index folders are published and found, so every replica serves the
 * same versions without a shared volume. One small contract over DATA_DIR (`local`) and the database
 * (`database`, GridFS); serialization stays the models' own: a version is a folder of files.
 */
export interface ArtifactStore {
  readonly kind: "local" | "database";
  /**
   * Publishes the files under `folder` as `version` of `name` and then makes it current. Readers see the
   * previous version or this one, whole: the pointer moves only after every file is stored.
   */
  put(name: string, version: string, folder: string): Promise<PublishedArtifact>;
  /** The current version of `name`, or null when none was published. */
  current(name: string): Promise<PublishedArtifact | null>;
  /** Writes the files of a published version into `folder` (created), checking each file's length. */
  get(artifact: PublishedArtifact, folder: string): Promise<void>;
}

/** Version names are file-safe: they become folder names. */
export const ARTIFACT_VERSION_PATTERN = /^[A-Za-z0-9_.-]{1,80}$/;
const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*){0,4}$/;

/** Throws unless `name` is a relative, `/`-separated folder of lowercase segments and `version` is file-safe. */
export function checkArtifactName(name: string, version?: string): void {
  if (!NAME_PATTERN.test(name)) throw new Error(`bad artifact name ${JSON.stringify(name)}`);
  if (version !== undefined && !ARTIFACT_VERSION_PATTERN.test(version))
    throw new Error(`bad artifact version ${JSON.stringify(version)}`);
}

/** Every regular file under `folder` (recursively), with its `/`-separated path and length; temp files skipped. */
export async function listFiles(folder: string): Promise<ArtifactFile[]> {
  const out: ArtifactFile[] = [];
  const walk = async (directory: string): Promise<void> => {
    for (const entry of await readdir(directory, { withFileTypes: true })) {
      const full = join(directory, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && !entry.name.endsWith(".tmp"))
        out.push({ path: relative(folder, full).split(sep).join("/"), length: (await stat(full)).size });
    }
  };
  await walk(folder);
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** The version of `spec` this DATA_DIR holds: `LATEST` of a versioned artifact, the `.version` marker of a folder. */
export function localArtifactVersion(dataDir: string, spec: ArtifactSpec): string | null {
  const pointer =
    spec.layout === "versioned" ? join(dataDir, spec.name, "LATEST") : join(dataDir, `${spec.name}.version`);
  if (!existsSync(pointer)) return null;
  const version = readFileSync(pointer, "utf8").trim();
  return ARTIFACT_VERSION_PATTERN.test(version) ? version : null;
}
