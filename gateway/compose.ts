import { composeServices } from "@apollo/composition";
import { parse } from "graphql";

/** A subgraph's SDL and where the gateway reaches it. */
export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

/** Composition failed; `messages` are the composer's, one per problem. */
export class CompositionError extends Error {
  constructor(readonly messages: string[]) {
    super(`Supergraph composition failed:\n${messages.map((m) => `  - ${m}`).join("\n")}`);
    this.name = "CompositionError";
  }
}

/** Composes subgraph SDLs into a supergraph SDL with @apollo/composition (what rover does). */
export function composeSupergraph(subgraphs: readonly SubgraphSdl[]): string {
  const result = composeServices(
    subgraphs.map((subgraph) => ({ name: subgraph.name, url: subgraph.url, typeDefs: parse(subgraph.sdl) })),
  );
  if (result.errors || !result.supergraphSdl) {
    throw new CompositionError(
      (result.errors ?? []).map((error) => `${error.extensions?.code ?? "ERROR"}: ${error.message}`),
    );
  }
  return result.supergraphSdl;
}
