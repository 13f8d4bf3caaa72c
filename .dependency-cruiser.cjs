/**
 * Layer rules of the codebase (docs/architecture.md), checked by `npm run check:boundaries` in CI.
 * Imports that broke a rule when the check was introduced are listed in
 * .dependency-cruiser-known-violations.json and tolerated until they are moved; any new one fails.
 * Regenerate that list only when removing entries: `npx depcruise-baseline core gateway subgraphs plugins ml eval jobs bin bench test > .dependency-cruiser-known-violations.json`.
 */
module.exports = {
  forbidden: [
    {
      name: "nothing-serves-from-the-evaluations",
      comment:
        "eval/ (offline evaluations) may use the whole product; serving code, models and plugins never import it.",
      severity: "error",
      from: { path: "^(core|gateway|subgraphs|plugins|ml)/" },
      to: { path: "^eval/" },
    },
    {
      name: "no-cross-subgraph-imports",
      comment:
        "A subgraph reads another's data through what it publishes (federation, or its subgraphs/<name>/read-model.ts), never its internals. subgraphs/shared is for all.",
      severity: "error",
      from: { path: "^subgraphs/(catalog|user-profile|personalization)/" },
      to: {
        path: "^subgraphs/(catalog|user-profile|personalization)/",
        pathNot: "^subgraphs/($1/|[^/]+/read-model[.]ts$)",
      },
    },
    {
      name: "collection-names-come-from-read-models",
      comment:
        "A subgraph takes collection names from the read-model.ts of the subgraph that owns them (its own included), never from core's list of every name.",
      severity: "error",
      from: { path: "^subgraphs/", pathNot: "^subgraphs/[^/]+/read-model[.]ts$" },
      to: { path: "^core/documents/collections[.]ts$" },
    },
    {
      name: "catalog-documents-through-its-read-model",
      comment:
        "The shapes of the catalog's collections live in core/documents; other subgraphs take them from subgraphs/catalog/read-model.ts.",
      severity: "error",
      from: { path: "^subgraphs/(personalization|user-profile|shared)/", pathNot: "^subgraphs/[^/]+/read-model[.]ts$" },
      to: { path: "^core/documents/(product|category|merchant)[.]document[.]ts$" },
    },
    {
      name: "user-profile-documents-through-its-read-model",
      comment:
        "The shapes of user-profile's collections live in core/documents; other subgraphs take them from subgraphs/user-profile/read-model.ts.",
      severity: "error",
      from: { path: "^subgraphs/(personalization|catalog|shared)/", pathNot: "^subgraphs/[^/]+/read-model[.]ts$" },
      to: { path: "^core/documents/(order|user|event|user-summary)[.]document[.]ts$" },
    },
    {
      name: "core-imports-only-core",
      comment: "core/ is the bottom layer: configuration, database, documents, logging, LLM and vector clients.",
      severity: "error",
      from: { path: "^core/" },
      to: { path: "^(gateway|subgraphs|plugins|ml|eval|jobs|bin|bench|test)/" },
    },
    {
      name: "ml-holds-models-only",
      comment:
        "ml/ trains and serves models from core/ alone; it never reaches into the serving code, the evaluations or the jobs.",
      severity: "error",
      from: { path: "^ml/" },
      to: { path: "^(gateway|subgraphs|plugins|eval|jobs|bin|bench|test)/" },
    },
    {
      name: "plugins-import-only-the-sdk",
      comment: "A plugin depends on plugins/sdk (and its own folder), not on the host or on other plugins.",
      severity: "error",
      from: { path: "^plugins/([^/]+)/", pathNot: "^plugins/sdk/" },
      to: { path: "^(plugins/|subgraphs/|gateway/|jobs/|bin/|ml/|eval/)", pathNot: ["^plugins/sdk/", "^plugins/$1/"] },
    },
    {
      name: "serving-code-never-imports-tests-or-benchmarks",
      severity: "error",
      from: { path: "^(core|gateway|subgraphs|plugins|ml|eval|jobs|bin|bench)/" },
      to: { path: "^test/" },
    },
    {
      name: "no-circular-folders",
      comment: "Module cycles make the layers meaningless.",
      severity: "warn",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|dist|var|\\.cache)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
