import { join } from "node:path";
import { loadModelArtifact, saveModelArtifact } from "../embeddings/model-artifact";
import type { ResidualQuantizer } from "./residual-kmeans";

/** Folder of Semantic-ID quantizers under DATA_DIR. */
export const SEMANTIC_ID_MODELS_DIR = join("models", "semantic-ids");

/** Header of a saved quantizer. */
export interface SemanticIdHeader {
  kind: "semantic-ids";
  dims: number;
  sizes: number[];
  /** The content space the codes quantize: the text encoder version. */
  textEncoderVersion: string;
  departments: Record<string, number>;
  catalogVersion: number;
  metrics: Record<string, unknown>;
}

/** Saves the codebooks (one tensor per level) and makes them LATEST. */
export function saveQuantizer(
  directory: string,
  version: string,
  quantizer: ResidualQuantizer,
  header: Omit<SemanticIdHeader, "kind" | "dims" | "sizes">,
): string {
  const tensors = Object.fromEntries(quantizer.codebooks.map((book, level) => [`level${level}`, book]));
  return saveModelArtifact(
    directory,
    { version, header: { kind: "semantic-ids", dims: quantizer.dims, sizes: quantizer.sizes, ...header }, tensors },
    { version, ...header.metrics },
  );
}

/** Loads the LATEST (or given) quantizer, or null. */
export function loadQuantizer(
  directory: string,
  version?: string,
): { version: string; header: SemanticIdHeader; quantizer: ResidualQuantizer } | null {
  const artifact = loadModelArtifact<SemanticIdHeader>(directory, version);
  if (!artifact || artifact.header.kind !== "semantic-ids") return null;
  const codebooks = artifact.header.sizes.map((_, level) => artifact.tensors[`level${level}`]!);
  return {
    version: artifact.version,
    header: artifact.header,
    quantizer: { dims: artifact.header.dims, codebooks, sizes: artifact.header.sizes },
  };
}
