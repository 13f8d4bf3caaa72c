import { composeSupergraph, CompositionError } from "../../gateway/compose";

const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])`;

test("composition errors carry the composer's messages", () => {
  const a = {
    name: "a",
    url: "http://a/graphql",
    sdl: `${LINK}\n"""P""" type Product @key(fields: "id") { id: ID! price: Float }\ntype Query { p: Product }`,
  };
  const b = {
    name: "b",
    url: "http://b/graphql",
    sdl: `${LINK}\n"""P""" type Product @key(fields: "id") { id: ID! price: String }\ntype Query { q: Product }`,
  };
  let error: unknown;
  try {
    composeSupergraph([a, b]);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(CompositionError);
  const messages = (error as CompositionError).messages;
  expect(messages.length).toBeGreaterThan(0);
  expect(messages.join("\n")).toMatch(/Product\.price/);
});

test("compatible subgraphs compose into one supergraph", () => {
  const a = {
    name: "a",
    url: "http://a/graphql",
    sdl: `${LINK}\n"""P""" type Product @key(fields: "id") { id: ID! name: String }\ntype Query { p: Product }`,
  };
  const b = {
    name: "b",
    url: "http://b/graphql",
    sdl: `${LINK}\n"""P""" type Product @key(fields: "id") { id: ID! rank: Int }\ntype Query { top: [Product] }`,
  };
  const sdl = composeSupergraph([a, b]);
  expect(sdl).toContain("join__Graph");
  expect(sdl).toMatch(/rank: Int/);
});
