import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A saved model: a JSON header (shape, vocabularies, metrics) plus named Float32 tensors. */
export interface ModelArtifact<Header> {
  version: string;
  header: Header;
  tensors: Record<string, Float32Array>;
}

/** A sortable, file-safe version string: UTC timestamp plus a suffix, e.g. `20261201T101500Z-two-tower`. */
export function artifactVersion(suffix: string, now: Date = new Date()): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}-${suffix}`;
}

/**
 * Writes `<dir>/<version>/model.json` (header + tensor shapes), one `<name>.f32` file per tensor
 * (little-endian Float32), `metrics.json`, then points `<dir>/LATEST` at the version (atomic renames).
 */
export function saveModelArtifact<Header>(
  directory: string,
  artifact: ModelArtifact<Header>,
  metrics: unknown,
): string {
  if (!/^[A-Za-z0-9_.-]{1,80}$/.test(artifact.version))
    throw new Error(`bad artifact version ${JSON.stringify(artifact.version)}`);
  const folder = join(directory, artifact.version);
  mkdirSync(folder, { recursive: true });
  const lengths: Record<string, number> = {};
  for (const [name, tensor] of Object.entries(artifact.tensors)) {
    if (!/^[a-z][a-zA-Z0-9]*$/.test(name)) throw new Error(`bad tensor name ${name}`);
    writeFileSync(join(folder, `${name}.f32`), Buffer.from(tensor.buffer, tensor.byteOffset, tensor.byteLength));
    lengths[name] = tensor.length;
  }
  const file = join(folder, "model.json");
  writeFileSync(
    `${file}.tmp`,
    JSON.stringify({ version: artifact.version, header: artifact.header, tensors: lengths }),
  );
  renameSync(`${file}.tmp`, file);
  writeFileSync(join(folder, "metrics.json"), `${JSON.stringify(metrics, null, 2)}\n`);
  writeFileSync(join(directory, "LATEST.tmp"), `${artifact.version}\n`);
  renameSync(join(directory, "LATEST.tmp"), join(directory, "LATEST"));
  return folder;
}

/** The version `<dir>/LATEST` names, or null when nothing was trained yet. */
export function latestVersion(directory: string): string | null {
  const pointer = join(directory, "LATEST");
  if (!existsSync(pointer)) return null;
  const version = readFileSync(pointer, "utf8").trim();
  return /^[A-Za-z0-9_.-]{1,80}$/.test(version) ? version : null;
}

/** Reads an artifact written by {@link saveModelArtifact} (the LATEST one when `version` is omitted); null when none. */
export function loadModelArtifact<Header>(directory: string, version?: string): ModelArtifact<Header> | null {
  const chosen = version ?? latestVersion(directory);
  if (!chosen) return null;
  const folder = join(directory, chosen);
  if (!existsSync(join(folder, "model.json"))) return null;
  const parsed = JSON.parse(readFileSync(join(folder, "model.json"), "utf8")) as {
    version: string;
    header: Header;
    tensors: Record<string, number>;
  };
  const tensors: Record<string, Float32Array> = {};
  for (const [name, length] of Object.entries(parsed.tensors)) {
    const bytes = readFileSync(join(folder, `${name}.f32`));
    if (bytes.length !== length * 4)
      throw new Error(`${folder}/${name}.f32 has ${bytes.length} bytes, expected ${length * 4}`);
    const copy = new Float32Array(length);
    new Uint8Array(copy.buffer).set(bytes);
    tensors[name] = copy;
  }
  return { version: parsed.version, header: parsed.header, tensors };
}
