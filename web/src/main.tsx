import type { NormalizedCacheObject } from "@apollo/client";
import { createRoot, hydrateRoot } from "react-dom/client";
import { createClient } from "./apollo";
import { Storefront } from "./root";
import { currentPath, isHomePath, SESSION_ELEMENT_ID, STATE_ELEMENT_ID } from "./routes";
import { tokenHolder } from "./session";
import "./styles.css";

// The gateway renders home on the server and embeds the Apollo cache it filled (a JSON data block,
// which the Content-Security-Policy does not treat as script). With it, the browser hydrates the
// server's markup without querying again; without it (no server rendering, or it failed), or on
// another page than home, the app renders from scratch.
// A page served for a signed-in shopper (the session cookie) names them in a second data block; the
// app starts as them, and its requests are authenticated by the cookie until another shopper is chosen.
const stateElement = document.getElementById(STATE_ELEMENT_ID);
const state = stateElement?.textContent ? (JSON.parse(stateElement.textContent) as NormalizedCacheObject) : undefined;
const sessionElement = document.getElementById(SESSION_ELEMENT_ID);
const userId = sessionElement?.textContent
  ? ((JSON.parse(sessionElement.textContent) as { userId: string | null }).userId ?? null)
  : null;
const client = createClient(() => tokenHolder.current, state);
const container = document.getElementById("root")!;
if (state && container.firstChild && isHomePath(currentPath())) {
  hydrateRoot(container, <Storefront client={client} userId={userId} />);
} else {
  container.replaceChildren();
  createRoot(container).render(<Storefront client={client} userId={userId} />);
}
