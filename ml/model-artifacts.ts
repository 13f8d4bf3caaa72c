import type { ArtifactSpec } from "../core/artifacts/artifact-store";
import { embeddedIndexFolder } from "../core/vector/vector-store.factory";
import type { VectorStoreConfig } from "../core/vector/vector-store.config";
import { TEXT_INDEX, TWO_TOWER_INDEX } from "./embeddings/item-index.schema";
import { RANKER_MODELS_DIR } from "./ranker/ranker.artifact";
import { SEMANTIC_ID_MODELS_DIR } from "./semantic-ids/semantic-id.artifact";
import { TEXT_ENCODER_MODELS_DIR } from "./text-encoder/text-encoder.artifact";
import { TWO_TOWER_MODELS_DIR } from "./two-tower/two-tower.artifact";

const slashes = (path: string): string => path.split(/[\\/]/).join("/");

/** The text encoder's artifact (versioned under DATA_DIR/models/text-encoder). */
export const TEXT_ENCODER_ARTIFACT: ArtifactSpec = { name: slashes(TEXT_ENCODER_MODELS_DIR), layout: "versioned" };
/** The two-tower model's artifact. */
export const TWO_TOWER_ARTIFACT: ArtifactSpec = { name: slashes(TWO_TOWER_MODELS_DIR), layout: "versioned" };
/** The Semantic-ID quantizer's artifact; the index job writes it last, after the indexes. */
export const SEMANTIC_ID_ARTIFACT: ArtifactSpec = { name: slashes(SEMANTIC_ID_MODELS_DIR), layout: "versioned" };
/** The MMoE ranker's artifact. */
export const RANKER_ARTIFACT: ArtifactSpec = { name: slashes(RANKER_MODELS_DIR), layout: "versioned" };

/** The embedded vector-index folders of VECTOR_STORE (none for Pinecone, whose indexes live in the service). */
export function indexArtifacts(config: Pick<VectorStoreConfig, "VECTOR_STORE">): ArtifactSpec[] {
  return [TEXT_INDEX, TWO_TOWER_INDEX].flatMap((name) => {
    const folder = embeddedIndexFolder(config, name);
    return folder ? [{ name: folder, layout: "folder" as const }] : [];
  });
}

/**
 * Every artifact serving reads, in the order a replica brings them in: the indexes first, then the
 * models, the Semantic-ID quantizer last: its new version names the catalog version whose index
 * namespace serving opens, so that index must already be on disk when serving notices it.
 */
export function servedArtifacts(config: Pick<VectorStoreConfig, "VECTOR_STORE">): ArtifactSpec[] {
  return [...indexArtifacts(config), TEXT_ENCODER_ARTIFACT, TWO_TOWER_ARTIFACT, RANKER_ARTIFACT, SEMANTIC_ID_ARTIFACT];
}
