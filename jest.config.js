/** Jest runs TypeScript through SWC with legacy decorators and metadata, as type-graphql needs. */
const swc = [
  "@swc/jest",
  {
    jsc: {
      target: "es2022",
      parser: { syntax: "typescript", decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: "commonjs" },
    sourceMaps: "inline",
  },
];

module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": swc },
  roots: ["<rootDir>"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/.cache/", "/var/", "/dist/"],
  modulePathIgnorePatterns: ["<rootDir>/.cache/", "<rootDir>/var/"],
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  globalTeardown: "<rootDir>/test/support/global-teardown.ts",
  testTimeout: 60000,
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/test/support/summary-reporter.js"],
};
