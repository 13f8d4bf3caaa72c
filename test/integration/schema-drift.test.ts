import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../core/paths";
import { generateSchemas } from "../../jobs/compose";

test("the committed schema/*.graphql match what the code produces (run `npm run compose` after schema changes)", async () => {
  const { files } = await generateSchemas();
  expect(Object.keys(files).sort()).toEqual([
    "schema/catalog.graphql",
    "schema/personalization.graphql",
    "schema/supergraph.graphql",
    "schema/user-profile.graphql",
  ]);
  for (const [file, generated] of Object.entries(files)) {
    expect({ file, content: readFileSync(join(projectRoot, file), "utf8") }).toEqual({ file, content: generated });
  }
});

test("every type and field of the supergraph has a description", async () => {
  const { files } = await generateSchemas();
  const { buildSchema, isObjectType, isInputObjectType, isEnumType } = await import("graphql");
  const { buildSubgraphSchema } = await import("@apollo/subgraph");
  void buildSubgraphSchema;
  const missing: string[] = [];
  for (const name of ["catalog", "user-profile", "personalization"]) {
    const schema = buildSchema(files[`schema/${name}.graphql`]!.replace(/extend schema[\s\S]*?\)\n/, ""), {
      assumeValid: true,
      assumeValidSDL: true,
    });
    for (const type of Object.values(schema.getTypeMap())) {
      if (
        type.name.startsWith("__") ||
        ["String", "Int", "Float", "Boolean", "ID"].includes(type.name) ||
        type.name.startsWith("link__") ||
        type.name.startsWith("federation__")
      )
        continue;
      if (!type.description && type.name !== "Query" && type.name !== "Mutation")
        missing.push(`${name}: type ${type.name}`);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (field.name.startsWith("_")) continue;
          if (!field.description) missing.push(`${name}: ${type.name}.${field.name}`);
        }
      }
      if (isEnumType(type))
        for (const value of type.getValues())
          if (!value.description) missing.push(`${name}: ${type.name}.${value.name}`);
    }
  }
  expect(missing).toEqual([]);
});
