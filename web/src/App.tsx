import { useCallback, useEffect, useState } from "react";
import { useCart } from "./cart";
import { Bundle } from "./pages/Bundle";
import { Cart } from "./pages/Cart";
import { Category } from "./pages/Category";
import { Home } from "./pages/Home";
import { Profile } from "./pages/Profile";
import { Search } from "./pages/Search";
import { Store } from "./pages/Store";
import { currentPath } from "./routes";
import { useSession } from "./session";

/** The storefront: a header (navigation, shopper switcher, cart) and the page the hash names. */
export function App() {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const onHash = () => setPath(currentPath());
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  const go = useCallback((next: string) => {
    window.location.hash = next;
  }, []);
  const { shopper, shoppers, switchTo } = useSession();
  const { items } = useCart();
  const [route, search] = path.split("?") as [string, string | undefined];
  const params = new URLSearchParams(search ?? "");
  const segments = route.split("/").filter(Boolean).map(decodeURIComponent);
  let page;
  if (segments[0] === "store") page = <Store storeId={segments[1] ?? null} go={go} />;
  else if (segments[0] === "category") page = <Category categoryId={segments[1] ?? null} go={go} />;
  else if (segments[0] === "search") page = <Search query={params.get("q") ?? ""} go={go} />;
  else if (segments[0] === "cart") page = <Cart />;
  else if (segments[0] === "bundle") page = <Bundle />;
  else if (segments[0] === "profile") page = <Profile />;
  else page = <Home />;
  const link = (to: string, label: string) => (
    <a href={`#${to}`} aria-current={route === to || (to !== "/" && route.startsWith(to)) ? "page" : undefined}>
      {label}
    </a>
  );
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header>
        <nav aria-label="Main">
          {link("/", "Home")}
          {link("/store", "Stores")}
          {link("/category", "Categories")}
          {link("/search", "Search")}
          {link("/bundle", "Bundles")}
          {link("/profile", "Profile")}
          {link("/cart", `Cart (${items.length})`)}
        </nav>
        <label className="shopper">
          Shopper{" "}
          <select value={shopper.userId ?? ""} onChange={(event) => switchTo(event.target.value || null)}>
            {shoppers.map((candidate) => (
              <option key={candidate.userId ?? "anonymous"} value={candidate.userId ?? ""}>
                {candidate.userId ?? "Anonymous"}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </>
  );
}
