import { npmScriptCommand } from "../../core/npm-script";
import type { SeedScale } from "../../jobs/seed/seed-scale";
import type { StepSpec } from "./step-runner";

/**
 * The pipeline from an empty database to a servable one, in order: seed, derived attributes,
 * co-purchase and knowledge-graph edges, the ranker and the deals (which need it), the text encoder
 * and two-tower models, and the vector index (which needs both).
 */
export function scaleSteps(projectRoot: string, scale: SeedScale, nodePath = process.execPath): StepSpec[] {
  const jobs = npmScriptCommand(projectRoot, "jobs", nodePath);
  const train = npmScriptCommand(projectRoot, "train", nodePath);
  return [
    { name: "seed", command: [...jobs, "seed", "--scale", scale, "--reset"], dependsOn: [] },
    { name: "attributes", command: [...jobs, "attributes"], dependsOn: ["seed"] },
    { name: "co-purchase", command: [...jobs, "co-purchase"], dependsOn: ["seed"] },
    { name: "knowledge-graph", command: [...jobs, "knowledge-graph"], dependsOn: ["seed"] },
    { name: "train ranker", command: [...train, "ranker"], dependsOn: ["seed"] },
    { name: "deals", command: [...jobs, "deals"], dependsOn: ["train ranker"] },
    { name: "train text-encoder", command: [...train, "text-encoder"], dependsOn: ["seed"] },
    { name: "train two-tower", command: [...train, "two-tower"], dependsOn: ["train text-encoder"] },
    { name: "index", command: [...jobs, "index"], dependsOn: ["train text-encoder", "train two-tower"] },
  ];
}
