import { cp, mkdir } from "node:fs/promises";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { hostname } from "node:os";
import {
  checkArtifactName,
  listFiles,
  localArtifactVersion,
  type ArtifactStore,
  type PublishedArtifact,
} from "./artifact-store";

/**
 * {@link ArtifactStore} that is DATA_DIR itself (the embedded default): models are already where they were
 * written, so publishing only describes them, and the current version is what `LATEST` (or a folder's
 * `.version` marker) names. Several machines share it only through a shared volume.
 */
export class LocalArtifactStore implements ArtifactStore {
  readonly kind = "local" as const;

  constructor(private readonly dataDir: string) {}

  async put(name: string, version: string, folder: string): Promise<PublishedArtifact> {
    checkArtifactName(name, version);
    const files = await listFiles(folder);
    return {
      name,
      version,
      files,
      bytes: files.reduce((sum, file) => sum + file.length, 0),
      publishedAt: new Date(),
      publishedBy: `${hostname()}:${process.pid}`,
    };
  }

  async current(name: string): Promise<PublishedArtifact | null> {
    checkArtifactName(name);
    const versioned = localArtifactVersion(this.dataDir, { name, layout: "versioned" });
    const version = versioned ?? localArtifactVersion(this.dataDir, { name, layout: "folder" });
    if (!version) return null;
    const folder = versioned ? join(this.dataDir, name, versioned) : join(this.dataDir, name);
    const files = await listFiles(folder).catch(() => []);
    return {
      name,
      version,
      files,
      bytes: files.reduce((sum, file) => sum + file.length, 0),
      publishedAt: (await stat(folder).catch(() => null))?.mtime ?? new Date(0),
    };
  }

  async get(artifact: PublishedArtifact, folder: string): Promise<void> {
    const versioned = localArtifactVersion(this.dataDir, { name: artifact.name, layout: "versioned" }) !== null;
    const source = versioned ? join(this.dataDir, artifact.name, artifact.version) : join(this.dataDir, artifact.name);
    await mkdir(folder, { recursive: true });
    await cp(source, folder, { recursive: true });
  }
}
