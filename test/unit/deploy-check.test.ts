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

test("router.yaml: subgraphs and their URLs follow the supergraph, the limits and timeouts the gateway's defaults", async () => {
  edit(root, "deploy/router/router.yaml", (text) =>
    text
      .replace("${env.CATALOG_URL:-http://127.0.0.1:4001/graphql}", "${env.CATALOG_URL:-http://127.0.0.1:4999/graphql}")
      .replace("personalization: ${env.PERSONALIZATION_URL", "recommendations: ${env.PERSONALIZATION_URL")
      .replace("max_depth: 10", "max_depth: 12")
      .replace("timeout: 10s\n  all:", "timeout: 30s\n  all:")
      .replace("homepage:", "home_page:"),
  );
  expect((await checkDeploy(root)).sort()).toEqual(
    [
      "deploy/router/router.yaml: home_page is not a Router configuration section",
      "deploy/router/router.yaml: override_subgraph_url.catalog defaults to http://127.0.0.1:4999/graphql, supergraph.yaml routes it to http://127.0.0.1:4001/graphql",
      "deploy/router/router.yaml: override_subgraph_url.personalization must be ${env.PERSONALIZATION_URL:-<routing url>}",
      "deploy/router/router.yaml: override_subgraph_url.recommendations: no such subgraph",
      "deploy/router/router.yaml: limits.router.max_depth is 12, the gateway's default is 10",
      'deploy/router/router.yaml: traffic_shaping.router.timeout must be REQUEST_DEADLINE_MS (10000 ms), found "30s"',
    ].sort(),
  );
});

test("router.yaml: without the coprocessor, or forwarding the client's Authorization, it is refused", async () => {
  edit(root, "deploy/router/router.yaml", (text) =>
    text
      .replace(/^coprocessor:[\s\S]*?(?=^telemetry:)/m, "")
      .replace("named: apollographql-client-version", "named: Authorization"),
  );
  expect(await checkDeploy(root)).toEqual([
    "deploy/router/router.yaml: no coprocessor: the subgraphs would refuse every request (no x-gateway-assertion)",
    "deploy/router/router.yaml: headers must not propagate the client's authorization: the coprocessor signs what subgraphs trust",
  ]);
});

test("router.yaml: the coprocessor must see the context where it verifies and where it signs; variables must be known", async () => {
  edit(root, "deploy/router/router.yaml", (text) =>
    text
      .replace(/context: all\n(\s+)telemetry|context: all\n\ntelemetry/, "context: false\n\ntelemetry")
      .replace("${env.GATEWAY_PORT:-4000}", "${env.ROUTER_PORT:-4000}"),
  );
  expect(await checkDeploy(root)).toEqual([
    "deploy/router/router.yaml: ROUTER_PORT is not a configuration variable (core/config.ts)",
    "deploy/router/router.yaml: coprocessor.subgraph.all.request needs headers: true and context: all (it signs the assertion there)",
  ]);
});
