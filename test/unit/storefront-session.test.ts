import type { IncomingMessage } from "node:http";
import { InvalidTokenError, type TokenVerifier } from "../../core/auth/tokens";
import { ANONYMOUS } from "../../core/auth/principal";
import { authenticate } from "../../gateway/authentication";
import {
  clearedSessionCookie,
  isSameOrigin,
  sessionCookie,
  sessionPrincipal,
  sessionToken,
} from "../../gateway/session";

// Issue 20: the storefront's session cookie lets the gateway render a signed-in shopper's home, and
// must never let another origin act as that shopper (cross-site request forgery). These are the rules
// in isolation; the browser test checks them end to end.

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

const verify: TokenVerifier = async (token) => {
  if (token === "shopper-token") return { role: "shopper", subject: "u:sim:00001" };
  if (token === "admin-token") return { role: "admin", subject: "ops" };
  throw new InvalidTokenError("bad token");
};

test("the session token is read from its own cookie only", () => {
  expect(sessionToken(request({ cookie: "a=1; storefront_session=shopper-token; b=2" }))).toBe("shopper-token");
  expect(sessionToken(request({ cookie: "xstorefront_session=shopper-token" }))).toBeUndefined();
  expect(sessionToken(request({ cookie: "storefront_session=" }))).toBeUndefined();
  expect(sessionToken(request({}))).toBeUndefined();
});

test("same origin: Sec-Fetch-Site decides when sent, else Origin's host must be the Host; nothing is not same-origin", () => {
  expect(isSameOrigin(request({ "sec-fetch-site": "same-origin" }))).toBe(true);
  for (const site of ["same-site", "cross-site", "none"])
    expect(isSameOrigin(request({ "sec-fetch-site": site, origin: "http://shop.example", host: "shop.example" }))).toBe(
      false,
    );
  expect(isSameOrigin(request({ origin: "http://shop.example:4000", host: "shop.example:4000" }))).toBe(true);
  expect(isSameOrigin(request({ origin: "http://shop.example:5173", host: "shop.example:4000" }))).toBe(false);
  expect(isSameOrigin(request({ origin: "null", host: "shop.example" }))).toBe(false);
  expect(isSameOrigin(request({ host: "shop.example" }))).toBe(false);
});

test("the cookie names the shopper on a page always, on the API only from the same origin, and only a shopper's token", async () => {
  const cookie = "storefront_session=shopper-token";
  const shopper = { role: "shopper", subject: "u:sim:00001" };
  expect(await sessionPrincipal(request({ cookie }), verify, "page")).toEqual({ principal: shopper, invalid: false });
  expect(await sessionPrincipal(request({ cookie }), verify, "api")).toEqual({ invalid: false });
  expect(await sessionPrincipal(request({ cookie, "sec-fetch-site": "same-origin" }), verify, "api")).toEqual({
    principal: shopper,
    invalid: false,
  });
  expect(await sessionPrincipal(request({ cookie: "storefront_session=admin-token" }), verify, "page")).toEqual({
    invalid: true,
  });
  expect(await sessionPrincipal(request({ cookie: "storefront_session=forged" }), verify, "page")).toEqual({
    invalid: true,
  });
});

test("authenticate: a header decides alone; a cross-origin cookie is anonymous; a bad same-origin cookie is a 401", async () => {
  const cookie = "storefront_session=shopper-token";
  expect(await authenticate(request({ cookie, origin: "http://attacker.example", host: "shop.example" }), verify)).toBe(
    ANONYMOUS,
  );
  expect(await authenticate(request({ cookie, "sec-fetch-site": "same-origin" }), verify)).toEqual({
    role: "shopper",
    subject: "u:sim:00001",
  });
  // An Authorization header is judged alone (here a bad one, refused even with a good cookie).
  expect(
    await authenticate(request({ cookie, "sec-fetch-site": "same-origin", authorization: "Bearer forged" }), verify),
  ).toMatchObject({ status: 401 });
  expect(
    await authenticate(request({ cookie: "storefront_session=forged", "sec-fetch-site": "same-origin" }), verify),
  ).toMatchObject({ status: 401, errors: [{ extensions: { code: "UNAUTHENTICATED" } }] });
  // On a page, a bad cookie is anonymous (the page clears it).
  expect(await authenticate(request({ cookie: "storefront_session=forged" }), verify, "page")).toBe(ANONYMOUS);
});

test("the cookie is HttpOnly, SameSite=Strict, lives until the token expires, and is Secure when asked", () => {
  const now = 1_000_000_000_000;
  expect(sessionCookie("t", now / 1000 + 3600, false, now)).toBe(
    "storefront_session=t; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict",
  );
  expect(sessionCookie("t", now / 1000 - 5, true, now)).toBe(
    "storefront_session=t; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure",
  );
  expect(clearedSessionCookie(false)).toBe("storefront_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
});
