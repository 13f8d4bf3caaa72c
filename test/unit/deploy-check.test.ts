import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkDeploy } from "../../bin/check-deploy";
import { projectRoot } from "../../core/paths";

/** A copy of the deployment files beside links to the real sources, so one file can be broken at a time. */
function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), "deploy-check-"));
  for (const name of [
    "core",
    "gateway",
    "subgraphs",
    "plugins",
    "ml",
    "eval",
    "jobs",
    "bin",
    "schema",
    "web",
    "operations",
    "supergraph.yaml",
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "tsconfig.build.json",
  ]) {
    symlinkSync(join(projectRoot, name), join(root, name));
  }
  cpSync(join(projectRoot, "Dockerfile"), join(root, "Dockerfile"));
  cpSync(join(projectRoot, "deploy"), join(root, "deploy"), { recursive: true });
  return root;
}

function edit(root: string, file: string, change: (text: string) => string): void {
  const path = join(root, file);
  const before = readFileSync(path, "utf8");
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(path, after);
}

let root: string;
beforeEach(() => (root = workspace()));
afterEach(() => rmSync(root, { recursive: true, force: true }));

test("the repository's Dockerfile, compose file and Kubernetes manifests pass", async () => {
  expect(await checkDeploy(projectRoot)).toEqual([]);
  expect(await checkDeploy(root)).toEqual([]);
});

test("a manifest that breaks the Kubernetes schema is reported with its file and object", async () => {
  edit(root, "deploy/k8s/catalog.yaml", (text) => text.replace("containerPort: 4001", 'containerPort: "four"'));
  expect(await checkDeploy(root)).toEqual([
    expect.stringMatching(
      /^deploy\/k8s\/catalog\.yaml #1 Deployment\/catalog: invalid: .*containerPort must be integer/,
    ),
  ]);
});

test("commands, variables and references that do not exist in the code are reported", async () => {
  edit(root, "deploy/k8s/jobs.yaml", (text) => text.replace('".job", "attributes"', '".job", "atributes"'));
  edit(root, "deploy/k8s/config.yaml", (text) => text.replace("REDIS_URL:", "REDIS_ADDRESS:"));
  edit(root, "deploy/k8s/gateway.yaml", (text) =>
    text.replace("selector: { app.kubernetes.io/name: gateway }", "selector: { app.kubernetes.io/name: gateway-v2 }"),
  );
  edit(root, "deploy/k8s/user-profile.yaml", (text) => text.replace("path: /ready", "path: /healthz"));
  const problems = await checkDeploy(root);
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /CronJob\/attributes container attributes: no command "atributes" \(jobs\/atributes\.job\.ts does not exist\)/,
      ),
      expect.stringMatching(/ConfigMap\/discovery-config: REDIS_ADDRESS is not a configuration variable/),
      expect.stringMatching(/Service\/gateway: its selector matches no Deployment's pods/),
      expect.stringMatching(/Deployment\/user-profile container user-profile: the readiness probe must GET \/ready/),
    ]),
  );
  expect(problems).toHaveLength(4);
});

test("a compose file without a process, or naming a missing entry, is reported", async () => {
  edit(root, "deploy/compose.yaml", (text) =>
    text.replace('command: ["node", "dist/gateway/index.js"]', 'command: ["node", "dist/gateway/main.js"]'),
  );
  expect(await checkDeploy(root)).toEqual([
    "deploy/compose.yaml: service gateway: dist/gateway/main.js is not a compiled entry of this repository (no gateway/main.ts)",
    "deploy/compose.yaml: no service runs the gateway process (dist/gateway/index.js)",
  ]);
});

test("a Dockerfile copying a folder that does not exist is reported with its line", async () => {
  edit(root, "Dockerfile", (text) => text.replace("COPY plugins plugins", "COPY plugin plugins"));
  expect(await checkDeploy(root)).toEqual([
    expect.stringMatching(/^Dockerfile:\d+: COPY source plugin does not exist$/),
  ]);
});

test("a dashboard panel that queries a metric no process exports is reported", async () => {
  edit(root, "deploy/grafana/discovery-dashboard.json", (text) =>
    text.replace("discovery_pipeline_step_duration_seconds_bucket", "discovery_pipeline_stage_seconds_bucket"),
  );
  expect(await checkDeploy(root)).toEqual([
    'deploy/grafana/discovery-dashboard.json: panel "Pipeline steps p99" queries discovery_pipeline_stage_seconds_bucket, which no process exports',
  ]);
});
