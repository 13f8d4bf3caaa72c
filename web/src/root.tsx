import type { ApolloClient } from "@apollo/client";
import { ApolloProvider } from "@apollo/client/react";
import { StrictMode } from "react";
import { App } from "./App";
import { CartProvider } from "./cart";
import { SessionProvider } from "./session";

/** The storefront's React tree around `client`: the same in the browser (main.tsx) and on the server (entry-server.tsx), so what the server renders hydrates. */
export function Storefront({ client }: { client: ApolloClient }) {
  return (
    <StrictMode>
      <ApolloProvider client={client}>
        <SessionProvider>
          <CartProvider>
            <App />
          </CartProvider>
        </SessionProvider>
      </ApolloProvider>
    </StrictMode>
  );
}
