import { ApolloServer } from "@apollo/server";
import { buildSchema } from "graphql";
import { createLogger } from "../../core/logger";
import { apolloOptions } from "../../subgraphs/shared/apollo-options";

const schema = buildSchema(`"""Root""" type Query { """Greeting""" hello: String }`);
schema.getQueryType()!.getFields().hello!.resolve = () => "hi";

async function introspect(environment: string) {
  const server = new ApolloServer({ schema, ...apolloOptions(environment, createLogger("test", "silent")) });
  await server.start();
  const response = await server.executeOperation({ query: "{ __schema { queryType { name } } }" });
  await server.stop();
  return response.body.kind === "single" ? response.body.singleResult : undefined;
}

test("NODE_ENV=production disables introspection; development allows it", async () => {
  expect((await introspect("development"))?.data).toEqual({ __schema: { queryType: { name: "Query" } } });
  const production = await introspect("production");
  expect(production?.data).toBeUndefined();
  expect(production?.errors?.[0]?.message).toMatch(/introspection/i);
});

test('field suggestions ("Did you mean …?") are off whenever introspection is off', async () => {
  const misspelled = async (environment: string) => {
    const server = new ApolloServer({ schema, ...apolloOptions(environment, createLogger("test", "silent")) });
    await server.start();
    const response = await server.executeOperation({ query: "{ helo }" });
    await server.stop();
    return response.body.kind === "single" ? response.body.singleResult.errors?.[0]?.message : undefined;
  };
  expect(await misspelled("development")).toMatch(/Did you mean "hello"/);
  const production = await misspelled("production");
  expect(production).toMatch(/Cannot query field "helo"/);
  expect(production).not.toMatch(/Did you mean/);
});
