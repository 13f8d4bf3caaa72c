import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildASTSchema, parse, print, validate, Kind, type DocumentNode, type OperationDefinitionNode } from "graphql";
import { loadConfig } from "../../core/config";
import { projectRoot } from "../../core/paths";
import { checkDocument, operationLimitRules, operationLimits } from "../../gateway/operation-limits";

// Issue 20: the named operations every storefront surface uses, validated against the committed
// supergraph, and the typed client generated from them (GraphQL Code Generator) checked for drift.

const OPERATIONS_DIR = join(projectRoot, "operations");
const files = readdirSync(OPERATIONS_DIR)
  .filter((file) => file.endsWith(".graphql"))
  .sort();
const documents = files.map((file) => ({ file, document: parse(readFileSync(join(OPERATIONS_DIR, file), "utf8")) }));
const schema = buildASTSchema(parse(readFileSync(join(projectRoot, "schema/supergraph.graphql"), "utf8")), {
  assumeValidSDL: true,
});
/** All files as one document: fragments live in fragments.graphql and are used by the others. */
const all: DocumentNode = {
  kind: Kind.DOCUMENT,
  definitions: documents.flatMap(({ document }) => document.definitions),
};
const operations = all.definitions.filter(
  (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
);

test("every operation in operations/*.graphql is valid against schema/supergraph.graphql", () => {
  expect(files.length).toBeGreaterThan(0);
  expect(validate(schema, all).map((error) => error.message)).toEqual([]);
});

test("every operation is named, names are unique, and every storefront surface has its operation", () => {
  expect(operations.filter((operation) => !operation.name).length).toBe(0);
  const names = operations.map((operation) => operation.name!.value);
  expect(new Set(names).size).toBe(names.length);
  // home, store, category page, search, checkout aisle, product, shopper profile, events, orders
  expect(names).toEqual(
    expect.arrayContaining([
      "Home",
      "Store",
      "CategoryPage",
      "Search",
      "CheckoutAisle",
      "Product",
      "ShopperProfile",
      "RecordEvents",
      "Orders",
      "PlaceOrder",
      "Bundle",
    ]),
  );
});

test("every operation passes the gateway's default operation limits (depth, aliases, root fields, document size and tokens)", () => {
  const limits = operationLimits(loadConfig({}));
  expect(validate(schema, all, operationLimitRules(limits)).map((error) => error.message)).toEqual([]);
  for (const { file, document } of documents)
    expect({ file, rejected: checkDocument(print(document), limits) ?? null }).toEqual({ file, rejected: null });
});

test("a mistake in an operation is caught: validation is not vacuous", () => {
  const broken = parse(`query Broken { carousels(surface: HOME) { id notAField } }`);
  expect(validate(schema, broken).length).toBeGreaterThan(0);
});

test("web/src/gql/ is what GraphQL Code Generator makes from the operations and schema (run `npm run codegen`)", () => {
  // The generator is ESM-only in parts Jest cannot load, so it runs in a child Node process, writing nothing.
  const script = `const { generate } = require("@graphql-codegen/cli");
    generate({ ...require("./web/codegen.config.js"), silent: true }, false)
      .then((outputs) => process.stdout.write(JSON.stringify(outputs.map(({ filename, content }) => ({ filename, content })))))
      .catch((error) => { process.stderr.write(String(error)); process.exit(1); });`;
  const outputs = JSON.parse(
    execFileSync(process.execPath, ["-e", script], { cwd: projectRoot, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }),
  ) as Array<{ filename: string; content: string }>;
  // No file generated that is not committed, and no stale committed file the generator no longer makes.
  expect(outputs.map((output) => output.filename).sort()).toEqual(
    readdirSync(join(projectRoot, "web/src/gql"))
      .map((file) => `web/src/gql/${file}`)
      .sort(),
  );
  for (const output of outputs) {
    const committed = readFileSync(join(projectRoot, output.filename), "utf8");
    expect({ file: output.filename, content: committed }).toEqual({ file: output.filename, content: output.content });
  }
});
