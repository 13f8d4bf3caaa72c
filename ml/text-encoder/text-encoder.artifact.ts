import { join } from "node:path";
import { loadModelArtifact, saveModelArtifact } from "../embeddings/model-artifact";
import { TextEncoder, type TextEncoderShape } from "./text-encoder.model";

/** Folder of text-encoder artifacts under DATA_DIR. */
export const TEXT_ENCODER_MODELS_DIR = join("models", "text-encoder");

/** What the artifact header holds besides the weights. */
export interface TextEncoderHeader {
  kind: "text-encoder";
  shape: TextEncoderShape;
  createdAt: string;
  metrics: Record<string, unknown>;
}

/** Saves `encoder` as version `version` under `directory` and makes it LATEST; returns the version folder. */
export function saveTextEncoder(
  directory: string,
  version: string,
  encoder: TextEncoder,
  metrics: Record<string, unknown>,
): string {
  const header: TextEncoderHeader = {
    kind: "text-encoder",
    shape: encoder.shape,
    createdAt: new Date().toISOString(),
    metrics,
  };
  const tensors: Record<string, Float32Array> = { table: encoder.table };
  if (encoder.featureWeights) tensors.featureWeights = encoder.featureWeights;
  return saveModelArtifact(directory, { version, header, tensors }, { version, ...metrics });
}

/** Loads a saved encoder (LATEST by default), or null when none was trained. */
export function loadTextEncoder(directory: string, version?: string): { version: string; encoder: TextEncoder } | null {
  const artifact = loadModelArtifact<TextEncoderHeader>(directory, version);
  if (!artifact || artifact.header.kind !== "text-encoder") return null;
  return {
    version: artifact.version,
    encoder: new TextEncoder(artifact.header.shape, artifact.tensors.table!, artifact.tensors.featureWeights ?? null),
  };
}
