import { createReadStream } from "node:fs";
import { mkdir, open, type FileHandle } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
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
  /** The version's files, in the order they are concatenated in `bundle`. */
  files: ArtifactFile[];
  /** The GridFS file holding every file of the version, one after another. */
  bundle: ObjectId;
  bytes: number;
  publishedAt: Date;
  publishedBy: string;
}

interface FileMetadata {
  artifact: string;
  version: string;
}

/**
 * {@link ArtifactStore} in the database through the driver's GridFSBucket, so it works on MongoDB, Atlas
 * and FerretDB alike. A version's files are uploaded one after another as one GridFS file,
 * `<name>/<version>` (one upload and one download per version however many files it has: on FerretDB each
 * GridFS file costs several round trips); then the pointer document of `name`, which lists the files and
 * their lengths, is replaced in one write, which is what makes a version current. Publishing prunes the
 * versions older than the current one and the `keepVersions` newest others.
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
    const upload = this.bucket.openUploadStream(`${name}/${version}`, {
      metadata: { artifact: name, version } satisfies FileMetadata,
    });
    async function* concatenated(): AsyncGenerator<Buffer> {
      for (const file of files)
        for await (const chunk of createReadStream(join(folder, file.path))) yield chunk as Buffer;
    }
    await pipeline(Readable.from(concatenated()), upload);
    const pointer: PointerDocument = {
      _id: name,
      version,
      files,
      bundle: upload.id,
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
    const where = `${artifact.name}@${artifact.version}`;
    for (const file of artifact.files)
      if (file.path.split("/").some((part) => part === ".." || part === ""))
        throw new Error(`bad file path ${JSON.stringify(file.path)} in ${where}`);
    // Split the bundle back into its files by the lengths the pointer lists.
    let index = -1;
    let remaining = 0;
    let output: FileHandle | null = null;
    const next = async (): Promise<void> => {
      await output?.close();
      output = null;
      for (index += 1; index < artifact.files.length; index += 1) {
        const file = artifact.files[index]!;
        const target = join(folder, ...file.path.split("/"));
        await mkdir(dirname(target), { recursive: true });
        output = await open(target, "w");
        remaining = file.length;
        if (remaining > 0) return;
        await output.close();
        output = null;
      }
    };
    try {
      await next();
      for await (const chunk of this.bucket.openDownloadStream(artifact.id as ObjectId)) {
        let offset = 0;
        while (offset < (chunk as Buffer).length) {
          if (!output) throw new Error(`${where}: the stored bundle is longer than its files`);
          const take = Math.min(remaining, (chunk as Buffer).length - offset);
          await (output as FileHandle).write((chunk as Buffer).subarray(offset, offset + take));
          offset += take;
          remaining -= take;
          if (remaining === 0) await next();
        }
      }
      if (output) throw new Error(`${where}: the stored bundle ends inside ${artifact.files[index]!.path}`);
    } finally {
      await (output as FileHandle | null)?.close();
    }
  }

  /** Deletes the bundles of versions other than the current one and the `keepVersions` newest others. */
  private async prune(name: string, pointer: PointerDocument): Promise<void> {
    const current = String(pointer.bundle);
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
      // The current version keeps only the bundle its pointer names (a republished version leaves none behind).
      const keep = version === pointer.version ? String(file._id) === current : kept.has(version);
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
    id: pointer.bundle,
    files: pointer.files,
    bytes: pointer.bytes,
    publishedAt: pointer.publishedAt,
    publishedBy: pointer.publishedBy,
  };
}
