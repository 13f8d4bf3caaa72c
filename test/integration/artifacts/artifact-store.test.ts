import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localArtifactVersion, type ArtifactSpec } from "../../../core/artifacts/artifact-store";
import { publishArtifact, syncArtifacts } from "../../../core/artifacts/artifact-sync";
import {
  ARTIFACT_BUCKET,
  ARTIFACT_POINTERS_COLLECTION,
  GridFsArtifactStore,
} from "../../../core/artifacts/gridfs.artifact-store";
import { LocalArtifactStore } from "../../../core/artifacts/local.artifact-store";
import { useTestDatabase } from "../../support/test-database";

// GridFS on FerretDB/SQLite: the first test's 700 kB took 17 s at a load average of 17 and passed 60 s at 30.
jest.setTimeout(240_000);

const test_ = useTestDatabase("artifact_store");
const roots: string[] = [];
function folder(prefix: string): string {
  const made = mkdtempSync(join(tmpdir(), `artifacts-${prefix}-`));
  roots.push(made);
  return made;
}
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

const MODEL: ArtifactSpec = { name: "models/two-tower", layout: "versioned" };
const INDEX: ArtifactSpec = { name: "vectors/hnsw/items-text", layout: "folder" };

/** Writes a model version the way saveModelArtifact lays it out, and points LATEST at it. */
function writeModel(dataDir: string, version: string, bytes: number): void {
  const directory = join(dataDir, MODEL.name, version);
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, "model.json"), JSON.stringify({ version }));
  // Several GridFS chunks (255 kB each), with content that differs per version.
  writeFileSync(join(directory, "table.f32"), Buffer.alloc(bytes, version.length % 7));
  writeFileSync(join(dataDir, MODEL.name, "LATEST"), `${version}\n`);
}

test("GridFS on the embedded database: a published version downloads byte for byte, nested folders included", async () => {
  const store = new GridFsArtifactStore(test_.db);
  const job = folder("job");
  writeModel(job, "20261207T100000Z-two-tower", 700_000);
  const published = await publishArtifact(store, job, MODEL);
  const header = Buffer.byteLength(JSON.stringify({ version: "20261207T100000Z-two-tower" }));
  expect(published).toMatchObject({ version: "20261207T100000Z-two-tower", files: 2, bytes: 700_000 + header });

  mkdirSync(join(job, INDEX.name, "catalog-v3"), { recursive: true });
  writeFileSync(join(job, INDEX.name, "manifest.json"), '{"namespaces":["catalog-v3"]}');
  writeFileSync(join(job, INDEX.name, "catalog-v3", "vectors.f32"), Buffer.from([1, 2, 3, 4]));
  writeFileSync(join(job, INDEX.name, "catalog-v3", "deleted.bin"), Buffer.alloc(0));
  await publishArtifact(store, job, INDEX, "20261207T100500Z-semantic-ids");
  expect(localArtifactVersion(job, INDEX)).toBe("20261207T100500Z-semantic-ids");

  const replica = folder("replica");
  const fetched = await syncArtifacts(store, replica, [INDEX, MODEL]);
  expect(fetched.map((done) => done.name)).toEqual([INDEX.name, MODEL.name]);
  expect(localArtifactVersion(replica, MODEL)).toBe("20261207T100000Z-two-tower");
  expect(readFileSync(join(replica, MODEL.name, "20261207T100000Z-two-tower", "table.f32"))).toEqual(
    readFileSync(join(job, MODEL.name, "20261207T100000Z-two-tower", "table.f32")),
  );
  expect([...readFileSync(join(replica, INDEX.name, "catalog-v3", "vectors.f32"))]).toEqual([1, 2, 3, 4]);
  expect(readFileSync(join(replica, INDEX.name, "catalog-v3", "deleted.bin"))).toHaveLength(0);
  expect(localArtifactVersion(replica, INDEX)).toBe("20261207T100500Z-semantic-ids");
  // Up to date: nothing moves on the next poll.
  expect(await syncArtifacts(store, replica, [INDEX, MODEL])).toEqual([]);
});

test("a new version replaces the old one in every cache; the index folder is swapped whole", async () => {
  const store = new GridFsArtifactStore(test_.db);
  const job = folder("job2");
  const replica = folder("replica2");
  writeModel(job, "20261207T110000Z-two-tower", 1000);
  await publishArtifact(store, job, MODEL);
  mkdirSync(join(job, INDEX.name, "catalog-v4"), { recursive: true });
  writeFileSync(join(job, INDEX.name, "manifest.json"), '{"namespaces":["catalog-v4"]}');
  writeFileSync(join(job, INDEX.name, "catalog-v4", "vectors.f32"), Buffer.from([9]));
  await publishArtifact(store, job, INDEX, "v4");
  await syncArtifacts(store, replica, [INDEX, MODEL]);
  expect(localArtifactVersion(replica, MODEL)).toBe("20261207T110000Z-two-tower");

  writeModel(job, "20261207T120000Z-two-tower", 2000);
  await publishArtifact(store, job, MODEL);
  rmSync(join(job, INDEX.name, "catalog-v4"), { recursive: true });
  mkdirSync(join(job, INDEX.name, "catalog-v5"), { recursive: true });
  writeFileSync(join(job, INDEX.name, "manifest.json"), '{"namespaces":["catalog-v5"]}');
  writeFileSync(join(job, INDEX.name, "catalog-v5", "vectors.f32"), Buffer.from([5]));
  await publishArtifact(store, job, INDEX, "v5");

  const fetched = await syncArtifacts(store, replica, [INDEX, MODEL]);
  expect(fetched.map((done) => `${done.name}@${done.version}`)).toEqual([
    `${INDEX.name}@v5`,
    `${MODEL.name}@20261207T120000Z-two-tower`,
  ]);
  expect(readFileSync(join(replica, MODEL.name, "LATEST"), "utf8").trim()).toBe("20261207T120000Z-two-tower");
  expect(existsSync(join(replica, INDEX.name, "catalog-v4"))).toBe(false);
  expect([...readFileSync(join(replica, INDEX.name, "catalog-v5", "vectors.f32"))]).toEqual([5]);
});

test("publishing keeps the current version and ARTIFACT_KEEP_VERSIONS others; the pointer names only stored files", async () => {
  const store = new GridFsArtifactStore(test_.db, 1);
  const job = folder("job3");
  const name = "models/ranker";
  for (const version of ["r1", "r2", "r3"]) {
    mkdirSync(join(job, version), { recursive: true });
    writeFileSync(join(job, version, "model.json"), version);
    await store.put(name, version, join(job, version));
  }
  const files = await test_.db.collection(`${ARTIFACT_BUCKET}.files`).find({ "metadata.artifact": name }).toArray();
  expect(new Set(files.map((file) => (file.metadata as { version: string }).version))).toEqual(new Set(["r2", "r3"]));
  const pointer = await test_.db.collection(ARTIFACT_POINTERS_COLLECTION).findOne({ _id: name as never });
  expect(pointer).toMatchObject({ version: "r3" });
  expect((await store.current(name))?.version).toBe("r3");
});

test("a stored version cut short is refused, and the cache keeps what it had", async () => {
  const store = new GridFsArtifactStore(test_.db);
  const job = folder("job4");
  const replica = folder("replica4");
  writeModel(job, "20261207T140000Z-two-tower", 600_000);
  const published = (await store.current(MODEL.name))!;
  await publishArtifact(store, job, MODEL);
  const current = (await store.current(MODEL.name))!;
  expect(current.version).not.toBe(published.version);
  // Lose the last GridFS chunk of the version's bundle.
  const chunks = test_.db.collection(`${ARTIFACT_BUCKET}.chunks`);
  const last = await chunks.find({ files_id: current.id }).sort({ n: -1 }).limit(1).next();
  await chunks.deleteOne({ _id: last!._id });
  await expect(syncArtifacts(store, replica, [MODEL])).rejects.toThrow();
  expect(localArtifactVersion(replica, MODEL)).toBeNull();
});

test("bad names and versions are refused before anything is stored; an empty folder is not a version", async () => {
  const store = new GridFsArtifactStore(test_.db);
  const empty = folder("empty");
  await expect(store.put("../etc", "v1", empty)).rejects.toThrow(/bad artifact name/);
  await expect(store.put("models/x", "v 1", empty)).rejects.toThrow(/bad artifact version/);
  await expect(store.put("models/x", "v1", empty)).rejects.toThrow(/nothing to publish/);
  expect(await store.current("models/x")).toBeNull();
});

test("the local store is DATA_DIR itself: publishing moves nothing and syncing is a no-op", async () => {
  const dataDir = folder("local");
  writeModel(dataDir, "20261207T130000Z-two-tower", 10);
  const store = new LocalArtifactStore(dataDir);
  expect((await store.current(MODEL.name))?.version).toBe("20261207T130000Z-two-tower");
  expect(await publishArtifact(store, dataDir, MODEL)).toMatchObject({
    files: 2,
    bytes: 10 + Buffer.byteLength(JSON.stringify({ version: "20261207T130000Z-two-tower" })),
  });
  expect(await syncArtifacts(store, dataDir, [MODEL])).toEqual([]);
});
