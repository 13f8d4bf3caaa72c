/**
 * GraphQL Code Generator: the storefront's typed operations from `operations/*.graphql` against the
 * committed supergraph SDL. `npm run codegen` writes `web/src/gql/`; a test fails when it drifts.
 * Paths are relative to the repository root (where npm scripts run).
 */
/** @type {import('@graphql-codegen/cli').CodegenConfig} */
module.exports = {
  schema: "schema/supergraph.graphql",
  documents: ["operations/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "web/src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        skipTypename: false,
        scalars: { DateTime: "string", DateTimeISO: "string" },
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
      },
    },
  },
};
