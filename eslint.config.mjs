// Lint rules for the TypeScript sources (`npm run lint`, run by .ci/run). Formatting is Prettier's job
// (`npm run format:check`), so no stylistic rules here.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      "var/",
      ".cache/",
      "coverage/",
      "web/dist/",
      "web/dist-server/",
      "web/src/gql/",
      "test/fixtures/",
      "tools/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: "module" },
    rules: {
      // `unknown` is preferred, but untyped JSON and driver documents are handled with `any` in a few places.
      "@typescript-eslint/no-explicit-any": "warn",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      // Optional and heavy modules (Pinecone, LanceDB, Kubernetes schemas) are required lazily, on purpose.
      "@typescript-eslint/no-require-imports": "off",
      // The LLM output checks and text features match control characters on purpose.
      "no-control-regex": "off",
    },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        module: "writable",
        require: "readonly",
        __dirname: "readonly",
        process: "readonly",
        console: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
