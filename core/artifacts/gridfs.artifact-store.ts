import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { GridFSBucket, type Db, type ObjectId } from "mongodb";
import {
  checkArtifactName,
  listFiles,
  type ArtifactFile,
  type ArtifactStore,
  type PublishedArtifact,
} from "./artifact-store";

/** GridFS bucket holding the files of every published version (`artifacts.files`, `artifacts.chunks`). */
export const ARTIFACT_BUCKET = "artifacts";
/** One document per artifact: `{ _id: name, version, files, bytes, publishedAt }`, the current-version pointer. */
export const ARTIFACT_POINTERS_COLLECTION = "artifact_pointers";

interface PointerDocument {
  _id: string;
  version: string;
  files: ArtifactFile[];
  bytes: number;
  publishedAt: Date;
  publishedBy: string;
}

interface FileMetadata {
  artifact: string;
  version: string;
  path: string;
}

/**
 * {@link ArtifactStore} in the database through the driver's GridFSBucket, so it works on MongoDB, Atlas
 * and FerretDB alike. A version's files are uploaded under `<name>/<version>/<path>`; then the pointer
 * document of `name` is replaced in one write, which is what makes a version current. Publishing prunes
 * the files of versions older than the current one and the `keepVersions` newest others.
 */
export class GridFsArtifactStore implements ArtifactStore {
  readonly kind = "database" as const;
  private readonly bucket: GridFSBucket;

  constructor(
    private readonly db: Db,
    private readonly keepVersions = 2,
  ) {
    this.bucket = new GridFSBucket(db, { bucketName: ARTIFACT_BUCKET });
  }

  async put(name: string, version: string, folder: string): Promise<PublishedArtifact> {
    checkArtifactName(name, version);
    const files = await listFiles(folder);
    if (files.length === 0) throw new Error(`nothing to publish: ${folder} holds no files`);
    for (const file of files) {
      const upload = this.bucket.openUploadStream(`${name}/${version}/${file.path}`, {
        metadata: { artifact: name, version, path: file.path } satisfies FileMetadata,
      });
      await pipeline(createReadStream(join(folder, file.path)), upload);
      file.id = upload.id;
    }
    const pointer: PointerDocument = {
      _id: name,
      version,
      files,
      bytes: files.reduce((sum, file) => sum + file.length, 0),
      publishedAt: new Date(),
      publishedBy: `${hostname()}:${process.pid}`,
    };
    await this.pointers().replaceOne({ _id: name }, pointer, { upsert: true });
    await this.prune(name, pointer);
    return toPublished(pointer);
  }

  async current(name: string): Promise<PublishedArtifact | null> {
    checkArtifactName(name);
    const pointer = await this.pointers().findOne({ _id: name });
    return pointer ? toPublished(pointer) : null;
  }

  async get(artifact: PublishedArtifact, folder: string): Promise<void> {
    for (const file of artifact.files) {
      if (file.path.split("/").some((part) => part === ".." || part === ""))
        throw new Error(`bad file path ${JSON.stringify(file.path)} in ${artifact.name}@${artifact.version}`);
      const target = join(folder, ...file.path.split("/"));
      await mkdir(dirname(target), { recursive: true });
      await pipeline(this.bucket.openDownloadStream(file.id as ObjectId), createWriteStream(target));
      const length = (await stat(target)).size;
      if (length !== file.length)
        throw new Error(
          `${artifact.name}@${artifact.version}/${file.path}: downloaded ${length} bytes, published ${file.length}`,
        );
    }
  }

  /** Deletes the files of versions other than the current one and the `keepVersions` newest others. */
  private async prune(name: string, pointer: PointerDocument): Promise<void> {
    const current = new Set(pointer.files.map((file) => String(file.id)));
    const stored = await this.bucket
      .find({ "metadata.artifact": name }, { projection: { _id: 1, uploadDate: 1, metadata: 1 } })
      .toArray();
    const newestFirst = [
      ...new Map(
        stored
          .sort((a, b) => b.uploadDate.getTime() - a.uploadDate.getTime())
          .map((file) => [(file.metadata as FileMetadata).version, true]),
      ).keys(),
    ].filter((version) => version !== pointer.version);
    const kept = new Set(newestFirst.slice(0, this.keepVersions));
    for (const file of stored) {
      const version = (file.metadata as FileMetadata).version;
      // The current version keeps only the files its pointer names (a republished version leaves none behind).
      const keep = version === pointer.version ? current.has(String(file._id)) : kept.has(version);
      if (!keep) await this.bucket.delete(file._id).catch(() => undefined);
    }
  }

  private pointers() {
    return this.db.collection<PointerDocument>(ARTIFACT_POINTERS_COLLECTION);
  }
}

function toPublished(pointer: PointerDocument): PublishedArtifact {
  return {
    name: pointer._id,
    version: pointer.version,
    files: pointer.files,
    bytes: pointer.bytes,
    publishedAt: pointer.publishedAt,
    publishedBy: pointer.publishedBy,
  };
}
