import "reflect-metadata";
import { buildSubgraphSchema, printSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { getNullableType, isObjectType, parse, type GraphQLSchema } from "graphql";
import { buildSchema, createResolversMap, type BuildSchemaOptions } from "type-graphql";
import { describeOwnership } from "./authorization";

/** The Federation 2 spec version and directives every subgraph links. */
const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag"])`;

/** `__resolveReference` functions by entity type name: they receive `{ __typename, id }` and the request context. */
export type ReferenceResolvers<TContext> = Record<
  string,
  (reference: { __typename: string; id: string }, context: TContext) => unknown
>;

/**
 * Builds a Federation 2 subgraph schema from type-graphql resolvers: prints the type-graphql schema
 * with its directives (graphql's printSchema would drop `@key`), links the federation spec, and adds
 * each entity's reference resolver next to type-graphql's resolvers.
 */
export async function buildFederatedSchema<TContext>(
  options: Omit<BuildSchemaOptions, "skipCheck">,
  referenceResolvers: ReferenceResolvers<TContext> = {},
  federation: FederationOptions = {},
): Promise<GraphQLSchema> {
  // Fields declared with @OwnedBy say who may read them in their descriptions (Sandbox shows them).
  const schema = describeOwnership(await buildSchema({ ...options, skipCheck: true }));
  for (const typeName of federation.nullableFieldsOf ?? []) makeFieldsNullable(schema, typeName);
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<TContext>;
  for (const [typeName, resolve] of Object.entries(referenceResolvers)) {
    const existing = (resolvers[typeName] ?? {}) as Record<string, unknown>;
    resolvers[typeName] = { ...existing, __resolveReference: resolve } as GraphQLResolverMap<TContext>[string];
  }
  return buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`),
    // The resolver map is typed by context; Apollo's builder takes `unknown` contexts.
    resolvers: resolvers as GraphQLResolverMap<unknown>,
  });
}

/** How a subgraph's contribution to the supergraph is shaped beyond its resolvers. */
export interface FederationOptions {
  /**
   * Types (e.g. `Query`, `User`) whose fields this subgraph contributes as nullable, `id` excepted:
   * when this subgraph fails, the gateway answers those fields null with an error, and the rest of the
   * response (other subgraphs' fields) survives instead of null propagating to `data`.
   */
  nullableFieldsOf?: string[];
}

/** Unwraps the non-null type of every field of `typeName` but `id` (before the schema is printed to SDL). */
function makeFieldsNullable(schema: GraphQLSchema, typeName: string): void {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`nullableFieldsOf: ${typeName} is not an object type of this subgraph`);
  for (const field of Object.values(type.getFields()))
    if (field.name !== "id") field.type = getNullableType(field.type);
}

/** The SDL a subgraph contributes to the supergraph (what `schema/<name>.graphql` holds). */
export function printSubgraphSdl(schema: GraphQLSchema): string {
  return printSubgraphSchema(schema).trim() + "\n";
}
