import { defineCommand, parseCommandLine } from "../core/cli-args";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import { configSchema } from "../core/config";
import { metricsRegistry } from "../core/metrics";
import { projectRoot } from "../core/paths";
import { SUBGRAPH_ENTRY } from "../subgraphs/all";

/** A Kubernetes model class of kubernetes-models: built from a manifest, `validate()` throws on a schema violation. */
type ModelClass = new (data: unknown) => { validate(): void };

/** The kinds the manifests may use, each checked against the Kubernetes OpenAPI schema by kubernetes-models. */
const KINDS: Record<string, () => ModelClass> = {
  "v1/ConfigMap": () => require("kubernetes-models/v1").ConfigMap,
  "v1/Secret": () => require("kubernetes-models/v1").Secret,
  "v1/Service": () => require("kubernetes-models/v1").Service,
  "v1/PersistentVolumeClaim": () => require("kubernetes-models/v1").PersistentVolumeClaim,
  "apps/v1/Deployment": () => require("kubernetes-models/apps/v1").Deployment,
  "batch/v1/CronJob": () => require("kubernetes-models/batch/v1").CronJob,
  "autoscaling/v2/HorizontalPodAutoscaler": () => require("kubernetes-models/autoscaling/v2").HorizontalPodAutoscaler,
};

/** Every process the product has: its compiled entry, and the variable that sets its port. */
const PROCESSES: Record<string, { entry: string; portVariable: string }> = {
  gateway: { entry: "dist/gateway/index.js", portVariable: "GATEWAY_PORT" },
  catalog: { entry: "dist/" + SUBGRAPH_ENTRY.catalog.replace(/\.ts$/, ".js"), portVariable: "CATALOG_PORT" },
  "user-profile": {
    entry: "dist/" + SUBGRAPH_ENTRY["user-profile"].replace(/\.ts$/, ".js"),
    portVariable: "USER_PROFILE_PORT",
  },
  personalization: {
    entry: "dist/" + SUBGRAPH_ENTRY.personalization.replace(/\.ts$/, ".js"),
    portVariable: "PERSONALIZATION_PORT",
  },
};

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are untyped YAML, checked field by field */
type Doc = any;

/**
 * Checks the deployment files statically, as far as this machine can without a Docker engine or a
 * cluster: `Dockerfile` (its COPY sources exist, its command is a process), `deploy/compose.yaml` (every
 * process has a service, each command names a compiled entry or job that exists, variables are known to
 * core/config.ts, dependencies name services) and `deploy/k8s/*.yaml` (each object valid against the
 * Kubernetes schema, commands and variables as for compose, references to ConfigMaps, Secrets, volumes,
 * Deployments and selectors resolve, probes on /health and /ready) and `deploy/grafana/*.json` (every
 * metric a panel queries is exported). Returns one line per problem.
 */
export async function checkDeploy(root: string = projectRoot): Promise<string[]> {
  const problems: string[] = [];
  const known = new Set(Object.keys(configSchema.shape));
  checkDockerfile(root, problems);
  checkCompose(root, known, problems);
  checkKubernetes(root, known, problems);
  await checkDashboards(root, problems);
  checkRouter(root, known, problems);
  return problems;
}

/** Top-level sections of the Apollo Router v2 configuration (router.yaml); any other key is refused by the Router. */
const ROUTER_SECTIONS = new Set([
  "apq",
  "authentication",
  "authorization",
  "batching",
  "connectors",
  "coprocessor",
  "cors",
  "csrf",
  "demand_control",
  "experimental_chaos",
  "experimental_type_conditioned_fetching",
  "fleet_detector",
  "forbid_mutations",
  "headers",
  "health_check",
  "homepage",
  "include_subgraph_errors",
  "license_enforcement",
  "limits",
  "override_subgraph_url",
  "persisted_queries",
  "plugins",
  "preview_entity_cache",
  "preview_file_uploads",
  "progressive_override",
  "response_cache",
  "rhai",
  "sandbox",
  "server",
  "subscription",
  "supergraph",
  "telemetry",
  "tls",
  "traffic_shaping",
]);
/** Keys of `limits.router` (Router 2.15+). */
const ROUTER_LIMITS = new Set([
  "max_depth",
  "max_height",
  "max_aliases",
  "max_root_fields",
  "max_recursive_selections",
  "warn_only",
  "parser_max_tokens",
  "parser_max_recursion",
  "http_max_request_bytes",
  "http1_max_request_headers",
  "http1_max_request_buf_size",
  "http2_max_headers_list_bytes",
]);
/** Variables router.yaml may read besides core/config.ts's: the Router's own. */
const ROUTER_ONLY_VARIABLES = new Set(["ROUTER_COPROCESSOR_URL", "OTEL_EXPORTER_OTLP_ENDPOINT"]);

/** `${env.NAME:-default}` → its name and default (null: the value is not one such reference). */
function routerEnv(value: unknown): { name: string; fallback: string | null } | null {
  const match = typeof value === "string" ? /^\$\{env\.([A-Z0-9_]+)(?::-(.*))?\}$/.exec(value) : null;
  return match ? { name: match[1]!, fallback: match[2] ?? null } : null;
}

/** "10s", "250ms", "1m" → milliseconds (null when not a duration). */
function durationMs(value: unknown): number | null {
  const match = typeof value === "string" ? /^(\d+)(ms|s|m)$/.exec(value) : null;
  return match ? Number(match[1]) * { ms: 1, s: 1000, m: 60_000 }[match[2] as "ms" | "s" | "m"] : null;
}

/**
 * `deploy/router/router.yaml` (optional): parses; only Router sections at the top level and known keys
 * under `limits.router`; every subgraph of supergraph.yaml (and of the committed supergraph) has an
 * `override_subgraph_url` read from its `<NAME>_URL` variable, defaulting to its routing URL; the limits
 * and timeouts equal the gateway's defaults (core/config.ts); the coprocessor sees the client's headers
 * and the context at the RouterRequest stage and every subgraph request's at SubgraphRequest (it signs
 * the assertion there); no header rule forwards a client's Authorization or assertion; every variable
 * read is known; Prometheus metrics are on.
 */
function checkRouter(root: string, known: ReadonlySet<string>, problems: string[]): void {
  const file = "deploy/router/router.yaml";
  if (!existsSync(join(root, file))) return;
  let router: Doc;
  try {
    router = parseYaml(readFileSync(join(root, file), "utf8"));
  } catch (error) {
    return void problems.push(`${file}: not YAML: ${(error as Error).message}`);
  }
  if (typeof router !== "object" || router === null) return void problems.push(`${file}: not a mapping`);
  for (const key of Object.keys(router))
    if (!ROUTER_SECTIONS.has(key)) problems.push(`${file}: ${key} is not a Router configuration section`);

  const variables: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === "string")
      for (const match of value.matchAll(/\$\{env\.([A-Za-z0-9_]+)(?::-[^}]*)?\}/g)) variables.push(match[1]!);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(walk);
  };
  walk(router);
  checkVariables(
    file,
    variables.filter((name) => !ROUTER_ONLY_VARIABLES.has(name)),
    known,
    problems,
  );

  // Subgraphs: names and URLs as supergraph.yaml and the committed supergraph have them.
  const supergraph = parseYaml(readFileSync(join(root, "supergraph.yaml"), "utf8")) as {
    subgraphs: Record<string, { routing_url: string }>;
  };
  const composed = existsSync(join(root, "schema", "supergraph.graphql"))
    ? [
        ...readFileSync(join(root, "schema", "supergraph.graphql"), "utf8").matchAll(/@join__graph\(name: "([^"]+)"/g),
      ].map((match) => match[1]!)
    : [];
  const overrides: Record<string, unknown> = router.override_subgraph_url ?? {};
  for (const name of new Set([...Object.keys(supergraph.subgraphs), ...composed])) {
    if (!(name in supergraph.subgraphs))
      problems.push(`${file}: subgraph ${name} of the supergraph is not in supergraph.yaml`);
    const env = routerEnv(overrides[name]);
    const variable = `${name.toUpperCase().replace(/-/g, "_")}_URL`;
    if (!env) problems.push(`${file}: override_subgraph_url.${name} must be \${env.${variable}:-<routing url>}`);
    else {
      if (env.name !== variable)
        problems.push(`${file}: override_subgraph_url.${name} reads ${env.name}, not ${variable}`);
      if (supergraph.subgraphs[name] && env.fallback !== supergraph.subgraphs[name].routing_url)
        problems.push(
          `${file}: override_subgraph_url.${name} defaults to ${env.fallback}, supergraph.yaml routes it to ${supergraph.subgraphs[name].routing_url}`,
        );
    }
  }
  for (const name of Object.keys(overrides))
    if (!(name in supergraph.subgraphs)) problems.push(`${file}: override_subgraph_url.${name}: no such subgraph`);

  // Limits and timeouts: the gateway's defaults.
  const defaults = configSchema.parse({});
  const limits: Record<string, unknown> = router.limits?.router ?? {};
  for (const key of Object.keys(limits))
    if (!ROUTER_LIMITS.has(key)) problems.push(`${file}: limits.router.${key} is not a Router limit`);
  const expected: Record<string, number> = {
    max_depth: defaults.OPERATION_MAX_DEPTH,
    max_aliases: defaults.OPERATION_MAX_ALIASES,
    max_root_fields: defaults.OPERATION_MAX_ROOT_FIELDS,
    parser_max_tokens: defaults.OPERATION_MAX_TOKENS,
    http_max_request_bytes: defaults.OPERATION_MAX_DOCUMENT_BYTES,
  };
  for (const [key, value] of Object.entries(expected))
    if (limits[key] !== value)
      problems.push(
        `${file}: limits.router.${key} is ${JSON.stringify(limits[key])}, the gateway's default is ${value}`,
      );
  for (const path of ["router", "all"] as const) {
    const timeout = durationMs(router.traffic_shaping?.[path]?.timeout);
    if (timeout !== defaults.REQUEST_DEADLINE_MS)
      problems.push(
        `${file}: traffic_shaping.${path}.timeout must be REQUEST_DEADLINE_MS (${defaults.REQUEST_DEADLINE_MS} ms), found ${JSON.stringify(router.traffic_shaping?.[path]?.timeout)}`,
      );
  }

  // The coprocessor signs what the subgraphs require of a gateway.
  const coprocessor = router.coprocessor;
  const sees = (stage: Doc) => stage?.request?.headers === true && stage?.request?.context === "all";
  if (!coprocessor?.url)
    problems.push(`${file}: no coprocessor: the subgraphs would refuse every request (no x-gateway-assertion)`);
  else {
    if (!sees(coprocessor.router))
      problems.push(
        `${file}: coprocessor.router.request needs headers: true and context: all (it verifies the token there)`,
      );
    if (!sees(coprocessor.subgraph?.all))
      problems.push(
        `${file}: coprocessor.subgraph.all.request needs headers: true and context: all (it signs the assertion there)`,
      );
  }
  const rules: Doc[] = [
    ...(router.headers?.all?.request ?? []),
    ...Object.values(router.headers?.subgraphs ?? {}).flatMap((rule: Doc) => rule?.request ?? []),
  ];
  for (const rule of rules) {
    const named = String(rule?.propagate?.named ?? "").toLowerCase();
    if (named === "authorization" || named === "x-gateway-assertion")
      problems.push(
        `${file}: headers must not propagate the client's ${named}: the coprocessor signs what subgraphs trust`,
      );
    if (rule?.propagate?.matching) problems.push(`${file}: headers: propagate by name only, not by pattern`);
  }
  if (router.telemetry?.exporters?.metrics?.prometheus?.enabled !== true)
    problems.push(`${file}: telemetry.exporters.metrics.prometheus.enabled must be true`);
}

/**
 * `deploy/grafana/*.json`: valid JSON, and every `discovery_…` metric a panel queries is one the
 * processes export (core/metrics.ts, with a histogram's `_bucket`, `_count` and `_sum` series).
 */
async function checkDashboards(root: string, problems: string[]): Promise<void> {
  const folder = join(root, "deploy", "grafana");
  if (!existsSync(folder)) return;
  const exported = new Set<string>();
  for (const metric of await metricsRegistry.getMetricsAsJSON()) {
    exported.add(metric.name);
    if (String(metric.type) === "histogram")
      for (const suffix of ["_bucket", "_count", "_sum"]) exported.add(metric.name + suffix);
  }
  for (const file of readdirSync(folder).filter((name) => name.endsWith(".json"))) {
    let dashboard: { panels?: Array<{ title?: string; targets?: Array<{ expr?: string }> }> };
    try {
      dashboard = JSON.parse(readFileSync(join(folder, file), "utf8"));
    } catch (error) {
      problems.push(`deploy/grafana/${file}: not JSON: ${(error as Error).message}`);
      continue;
    }
    for (const panel of dashboard.panels ?? []) {
      for (const target of panel.targets ?? []) {
        for (const name of target.expr?.match(/\bdiscovery_[a-z0-9_]+/g) ?? []) {
          if (!exported.has(name))
            problems.push(`deploy/grafana/${file}: panel "${panel.title}" queries ${name}, which no process exports`);
        }
      }
    }
  }
}

/** Whether a compiled path (`dist/x/y.js`) has its TypeScript source in the repository. */
function compiledEntryExists(root: string, file: string): boolean {
  return (
    file.startsWith("dist/") &&
    file.endsWith(".js") &&
    existsSync(join(root, file.slice("dist/".length).replace(/\.js$/, ".ts")))
  );
}

/** Problems with one container command (`node dist/…js [folder suffix name]`), described by `where`. */
function checkCommand(root: string, where: string, command: unknown, problems: string[]): string | null {
  if (!Array.isArray(command) || command.length < 2 || command[0] !== "node") {
    problems.push(`${where}: the command must be ["node", "dist/….js", …], found ${JSON.stringify(command)}`);
    return null;
  }
  const [, file, folder, suffix, name] = command as string[];
  if (!compiledEntryExists(root, file!))
    problems.push(
      `${where}: ${file} is not a compiled entry of this repository (no ${file!.replace(/^dist\//, "").replace(/\.js$/, ".ts")})`,
    );
  if (file === "dist/jobs/command.js") {
    if (!folder || !suffix || !name)
      problems.push(
        `${where}: dist/jobs/command.js needs <folder> <suffix> <name>, found ${JSON.stringify(command.slice(2))}`,
      );
    else if (!existsSync(join(root, folder, `${name}${suffix}.ts`)))
      problems.push(`${where}: no command "${name}" (${folder}/${name}${suffix}.ts does not exist)`);
  }
  return file ?? null;
}

function checkVariables(where: string, names: Iterable<string>, known: ReadonlySet<string>, problems: string[]): void {
  for (const name of names)
    if (!known.has(name)) problems.push(`${where}: ${name} is not a configuration variable (core/config.ts)`);
}

function checkDockerfile(root: string, problems: string[]): void {
  const path = join(root, "Dockerfile");
  if (!existsSync(path)) return void problems.push("Dockerfile: missing");
  const lines = readFileSync(path, "utf8").split("\n");
  lines.forEach((line, index) => {
    const copy = /^COPY\s+(?!--from)(.+)\s+\S+\s*$/.exec(line.trim());
    if (copy)
      for (const source of copy[1]!.trim().split(/\s+/))
        if (!existsSync(join(root, source)))
          problems.push(`Dockerfile:${index + 1}: COPY source ${source} does not exist`);
    const cmd = /^CMD\s+(\[.*\])\s*$/.exec(line.trim());
    if (cmd) checkCommand(root, `Dockerfile:${index + 1}: CMD`, JSON.parse(cmd[1]!), problems);
  });
}

function checkCompose(root: string, known: ReadonlySet<string>, problems: string[]): void {
  const path = join(root, "deploy", "compose.yaml");
  if (!existsSync(path)) return void problems.push("deploy/compose.yaml: missing");
  let compose: Doc;
  try {
    compose = parseYaml(readFileSync(path, "utf8"), { merge: true });
  } catch (error) {
    return void problems.push(`deploy/compose.yaml: not YAML: ${(error as Error).message}`);
  }
  const services: Record<string, Doc> = compose?.services ?? {};
  const entries = new Map<string, string>();
  for (const [name, service] of Object.entries(services)) {
    const where = `deploy/compose.yaml: service ${name}`;
    for (const dependency of Object.keys(service.depends_on ?? {}))
      if (!services[dependency]) problems.push(`${where}: depends_on names no service "${dependency}"`);
    for (const volume of service.volumes ?? []) {
      const named = String(volume).split(":")[0]!;
      if (
        named !== "" &&
        !named.startsWith(".") &&
        !named.startsWith("/") &&
        !(compose.volumes && named in compose.volumes)
      )
        problems.push(`${where}: volume "${named}" is not declared`);
    }
    if (service.image !== "discovery-supergraph:latest") continue;
    const command = service.entrypoint ? [...service.entrypoint, ...(service.command ?? [])] : service.command;
    const file = checkCommand(root, where, command, problems);
    if (file) entries.set(file, name);
    checkVariables(where, Object.keys(service.environment ?? {}), known, problems);
  }
  for (const [process, { entry }] of Object.entries(PROCESSES))
    if (!entries.has(entry)) problems.push(`deploy/compose.yaml: no service runs the ${process} process (${entry})`);
}

function checkKubernetes(root: string, known: ReadonlySet<string>, problems: string[]): void {
  const folder = join(root, "deploy", "k8s");
  if (!existsSync(folder)) return void problems.push("deploy/k8s: missing");
  const objects: Array<{ where: string; doc: Doc }> = [];
  for (const file of readdirSync(folder)
    .filter((name) => name.endsWith(".yaml"))
    .sort()) {
    parseAllDocuments(readFileSync(join(folder, file), "utf8")).forEach((document, index) => {
      const where = `deploy/k8s/${file} #${index + 1}`;
      if (document.errors.length > 0) return void problems.push(`${where}: not YAML: ${document.errors[0]!.message}`);
      const doc = document.toJS();
      if (doc) objects.push({ where: `${where} ${doc.kind ?? "?"}/${doc.metadata?.name ?? "?"}`, doc });
    });
  }
  const named = (kind: string) =>
    new Map(objects.filter((o) => o.doc.kind === kind).map((o) => [o.doc.metadata?.name as string, o.doc]));
  const configMaps = named("ConfigMap");
  const secrets = named("Secret");
  const claims = named("PersistentVolumeClaim");
  const deployments = named("Deployment");
  const entries = new Set<string>();
  for (const { where, doc } of objects) {
    const model = KINDS[`${doc.apiVersion}/${doc.kind}`];
    if (!model) {
      problems.push(`${where}: ${doc.apiVersion}/${doc.kind} is not a kind this check knows`);
      continue;
    }
    try {
      new (model())(doc).validate();
    } catch (error) {
      problems.push(`${where}: invalid: ${(error as Error).message.split("\n")[0]}`);
    }
    if (doc.kind === "ConfigMap") checkVariables(where, Object.keys(doc.data ?? {}), known, problems);
    if (doc.kind === "Secret") checkVariables(where, Object.keys({ ...doc.data, ...doc.stringData }), known, problems);
    if (doc.kind === "HorizontalPodAutoscaler" && !deployments.has(doc.spec?.scaleTargetRef?.name))
      problems.push(`${where}: scales no Deployment named "${doc.spec?.scaleTargetRef?.name}"`);
    if (doc.kind === "Service") {
      const selector: Record<string, string> = doc.spec?.selector ?? {};
      const matches = [...deployments.values()].some((d) =>
        Object.entries(selector).every(([k, v]) => d.spec?.template?.metadata?.labels?.[k] === v),
      );
      if (!matches) problems.push(`${where}: its selector matches no Deployment's pods`);
    }
    const pod =
      doc.kind === "Deployment"
        ? doc.spec?.template?.spec
        : doc.kind === "CronJob"
          ? doc.spec?.jobTemplate?.spec?.template?.spec
          : null;
    if (!pod) continue;
    for (const volume of pod.volumes ?? []) {
      const claim = volume.persistentVolumeClaim?.claimName;
      if (claim && !claims.has(claim))
        problems.push(`${where}: volume ${volume.name} claims no PersistentVolumeClaim "${claim}"`);
    }
    for (const container of pod.containers ?? []) {
      const at = `${where} container ${container.name}`;
      const file = checkCommand(root, at, [...(container.command ?? []), ...(container.args ?? [])], problems);
      if (file) entries.add(file);
      checkVariables(
        at,
        (container.env ?? []).map((e: Doc) => e.name as string),
        known,
        problems,
      );
      for (const source of container.envFrom ?? []) {
        if (source.configMapRef && !configMaps.has(source.configMapRef.name))
          problems.push(`${at}: envFrom names no ConfigMap "${source.configMapRef.name}"`);
        if (source.secretRef && !secrets.has(source.secretRef.name))
          problems.push(`${at}: envFrom names no Secret "${source.secretRef.name}"`);
      }
      if (doc.kind === "Deployment") {
        const process = Object.values(PROCESSES).find((p) => p.entry === file);
        if (process && !(container.env ?? []).some((e: Doc) => e.name === process.portVariable))
          problems.push(`${at}: sets no ${process.portVariable}`);
        if (container.livenessProbe?.httpGet?.path !== "/health")
          problems.push(`${at}: the liveness probe must GET /health`);
        if (container.readinessProbe?.httpGet?.path !== "/ready")
          problems.push(`${at}: the readiness probe must GET /ready`);
      }
    }
  }
  for (const [process, { entry }] of Object.entries(PROCESSES))
    if (!entries.has(entry)) problems.push(`deploy/k8s: no Deployment runs the ${process} process (${entry})`);
}

/** `npm run check:deploy`: prints what was checked, or each problem, and exits 1 on any. */
if (
  require.main === module &&
  parseCommandLine(
    defineCommand({
      command: "npm run check:deploy",
      summary:
        "Static checks of Dockerfile, deploy/compose.yaml, deploy/k8s/, deploy/grafana/ and deploy/router/router.yaml.",
      options: {},
    }),
  )
) {
  void checkDeploy().then((problems) => {
    if (problems.length > 0) {
      process.stderr.write(
        `check:deploy: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}\n`).join("")}`,
      );
      process.exit(1);
    }
    process.stderr.write(
      "check:deploy: Dockerfile, deploy/compose.yaml, deploy/k8s/*.yaml, deploy/grafana/*.json and deploy/router/router.yaml are consistent with the code (static checks only; nothing was built or deployed)\n",
    );
  });
}
