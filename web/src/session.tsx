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
 *
 * Choosing a shopper also stores their token in the gateway's session cookie (`POST
 * /storefront/session`; HttpOnly, so this code never reads it back), and choosing anonymous clears it
 * (`DELETE`), so the next page load is rendered on the server for the shopper chosen. A page served
 * for a signed-in shopper starts as them (`initialUserId`, from the page) with no token in memory: its
 * requests are same-origin and carry the cookie, which the gateway accepts only from this origin.
 */
export function SessionProvider({
  children,
  initialUserId = null,
}: {
  children: ReactNode;
  initialUserId?: string | null;
}) {
  const initial = useMemo<Shopper>(
    () => (initialUserId ? { userId: initialUserId, token: null } : ANONYMOUS),
    [initialUserId],
  );
  const [shoppers, setShoppers] = useState<Shopper[]>(initial === ANONYMOUS ? [ANONYMOUS] : [ANONYMOUS, initial]);
  const [shopper, setShopper] = useState<Shopper>(initial);
  useEffect(() => {
    fetch("/storefront/demo-shoppers")
      .then((response) => (response.ok ? (response.json() as Promise<{ shoppers: Shopper[] }>) : { shoppers: [] }))
      .then((body) =>
        setShoppers(() => {
          const listed = [ANONYMOUS, ...body.shoppers];
          // The page's own shopper stays choosable even when the demo list does not name them.
          return initial !== ANONYMOUS && !listed.some((candidate) => candidate.userId === initial.userId)
            ? [...listed, initial]
            : listed;
        }),
      )
      .catch(() => undefined);
  }, [initial]);
  const switchTo = useCallback(
    (userId: string | null) => {
      const next = shoppers.find((candidate) => candidate.userId === userId) ?? ANONYMOUS;
      tokenHolder.current = next.token;
      setShopper(next);
      // Keep the server's session in step (a shopper without a token in memory is the cookie's own).
      if (next.token)
        void fetch("/storefront/session", { method: "POST", headers: { authorization: `Bearer ${next.token}` } }).catch(
          () => undefined,
        );
      else if (next.userId === null) void fetch("/storefront/session", { method: "DELETE" }).catch(() => undefined);
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
