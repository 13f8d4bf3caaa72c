import { join } from "node:path";
import { loadModelArtifact, saveModelArtifact } from "../embeddings/model-artifact";
import { TENSOR_NAMES, TwoTowerModel, type TensorName, type TwoTowerShape } from "./two-tower.model";
import type { HistoryPooling } from "./user-state.builder";

/** Folder of two-tower artifacts under DATA_DIR. */
export const TWO_TOWER_MODELS_DIR = join("models", "two-tower");

/** Header of a saved two-tower model: shape, vocabularies and how inputs were built. */
export interface TwoTowerHeader {
  kind: "two-tower";
  shape: TwoTowerShape;
  /** Item id of each id-embedding row. */
  itemIds: string[];
  /** Content feature token of each feature row. */
  featureTokens: string[];
  /** Version of the text encoder whose vectors the towers read (null: no text). */
  textEncoderVersion: string | null;
  pooling: HistoryPooling;
  /** Positives per item in the training period (cold-start statistics, popularity). */
  itemCounts: number[];
  createdAt: string;
  metrics: Record<string, unknown>;
}

/** A loaded two-tower model with its header. */
export interface LoadedTwoTower {
  version: string;
  header: TwoTowerHeader;
  model: TwoTowerModel;
}

/** Saves a trained model as `version` under `directory` and makes it LATEST. */
export function saveTwoTower(directory: string, version: string, model: TwoTowerModel, header: TwoTowerHeader): string {
  return saveModelArtifact(
    directory,
    { version, header, tensors: { ...model.tensors } },
    { version, ...header.metrics },
  );
}

/** Loads the LATEST (or given) two-tower artifact, or null when none was trained. */
export function loadTwoTower(directory: string, version?: string): LoadedTwoTower | null {
  const artifact = loadModelArtifact<TwoTowerHeader>(directory, version);
  if (!artifact || artifact.header.kind !== "two-tower") return null;
  const tensors = {} as Record<TensorName, Float32Array>;
  for (const name of TENSOR_NAMES) tensors[name] = artifact.tensors[name]!;
  return {
    version: artifact.version,
    header: artifact.header,
    model: new TwoTowerModel(artifact.header.shape, tensors),
  };
}
