import { resolve } from "node:path";
import type { Db } from "mongodb";
import { localArtifactVersion, type ArtifactSpec } from "../../core/artifacts/artifact-store";
import { describeTransfer, openArtifactStore, syncArtifacts } from "../../core/artifacts/artifact-sync";
import type { Config } from "../../core/config";
import { artifactFetchedBytes, artifactVersionInfo } from "../../core/metrics";
import { projectRoot } from "../../core/paths";
import type { BackgroundTask } from "./subgraph";

/**
 * The `model-artifacts` task of a serving process: brings DATA_DIR up to the artifact store's current
 * versions of `specs` (ARTIFACT_STORE=database; with `local` nothing moves), then lets the process's
 * loaded models notice (`afterSync` swaps them when their LATEST changed, and answers what is served as
 * `artifact → version`). Runs before readiness and every ARTIFACT_POLL_SECONDS; versions held and served
 * are reported in `discovery_artifact_version_info`.
 */
export function modelArtifactsTask(
  specs: (config: Config) => ArtifactSpec[],
  afterSync: (db: Db) => Promise<Record<string, string | null>>,
): BackgroundTask {
  return {
    name: "model-artifacts",
    everySeconds: (config) => config.ARTIFACT_POLL_SECONDS,
    gatesReadiness: true,
    run: async (db, config) => {
      const dataDir = resolve(projectRoot, config.DATA_DIR);
      const store = openArtifactStore(config, dataDir, db);
      const wanted = specs(config);
      const fetched = await syncArtifacts(store, dataDir, wanted);
      for (const done of fetched) artifactFetchedBytes.inc({ artifact: done.name }, done.bytes);
      const served = await afterSync(db);
      artifactVersionInfo.reset();
      for (const spec of wanted) {
        const version = localArtifactVersion(dataDir, spec);
        if (version) artifactVersionInfo.set({ artifact: spec.name, version, state: "held" }, 1);
      }
      for (const [artifact, version] of Object.entries(served))
        if (version) artifactVersionInfo.set({ artifact, version, state: "served" }, 1);
      return { store: store.kind, fetched: fetched.map(describeTransfer), served };
    },
  };
}
