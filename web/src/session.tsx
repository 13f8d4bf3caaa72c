import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

/** A shopper the switcher offers: a demo shopper with a token, or anonymous (no userId). */
export interface Shopper {
  userId: string | null;
  token: string | null;
}

const ANONYMOUS: Shopper = { userId: null, token: null };

interface Session {
  shopper: Shopper;
  shoppers: Shopper[];
  switchTo(userId: string | null): void;
}

const SessionContext = createContext<Session>({ shopper: ANONYMOUS, shoppers: [ANONYMOUS], switchTo: () => undefined });

/** Where the current token lives for the Apollo link (read on every request). */
export const tokenHolder: { current: string | null } = { current: null };

/**
 * The demo shoppers come from the gateway's `/storefront/demo-shoppers` (development only: tokens
 * signed with the development secret, as `npm run token -- --user ID` makes). In production a real
 * app gets its token from its identity provider instead.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [shoppers, setShoppers] = useState<Shopper[]>([ANONYMOUS]);
  const [shopper, setShopper] = useState<Shopper>(ANONYMOUS);
  useEffect(() => {
    fetch("/storefront/demo-shoppers")
      .then((response) => (response.ok ? (response.json() as Promise<{ shoppers: Shopper[] }>) : { shoppers: [] }))
      .then((body) => setShoppers([ANONYMOUS, ...body.shoppers]))
      .catch(() => undefined);
  }, []);
  const switchTo = useCallback(
    (userId: string | null) => {
      const next = shoppers.find((candidate) => candidate.userId === userId) ?? ANONYMOUS;
      tokenHolder.current = next.token;
      setShopper(next);
    },
    [shoppers],
  );
  const value = useMemo(() => ({ shopper, shoppers, switchTo }), [shopper, shoppers, switchTo]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The current shopper and the switcher's choices. */
export function useSession(): Session {
  return useContext(SessionContext);
}
