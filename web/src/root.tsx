import type { ApolloClient } from "@apollo/client";
import { ApolloProvider } from "@apollo/client/react";
import { StrictMode } from "react";
import { App } from "./App";
import { CartProvider } from "./cart";
import { SessionProvider } from "./session";

/**
 * The storefront's React tree around `client`: the same in the browser (main.tsx) and on the server
 * (entry-server.tsx), so what the server renders hydrates. `userId` is the shopper the page starts
 * signed in as (from the session cookie, on the server), null for anonymous.
 */
export function Storefront({ client, userId = null }: { client: ApolloClient; userId?: string | null }) {
  return (
    <StrictMode>
      <ApolloProvider client={client}>
        <SessionProvider initialUserId={userId}>
          <CartProvider>
            <App />
          </CartProvider>
        </SessionProvider>
      </ApolloProvider>
    </StrictMode>
  );
}
