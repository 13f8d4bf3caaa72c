import { ApolloProvider } from "@apollo/client/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createClient } from "./apollo";
import { App } from "./App";
import { CartProvider } from "./cart";
import { SessionProvider, tokenHolder } from "./session";
import "./styles.css";

const client = createClient(() => tokenHolder.current);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ApolloProvider client={client}>
      <SessionProvider>
        <CartProvider>
          <App />
        </CartProvider>
      </SessionProvider>
    </ApolloProvider>
  </StrictMode>,
);
