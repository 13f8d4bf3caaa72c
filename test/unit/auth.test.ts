import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { loadConfig } from "../../core/config";
import {
  createTokenVerifier,
  DEVELOPMENT_JWT_SECRET,
  gatewayAssertion,
  InvalidTokenError,
  signGatewayAssertion,
  signUserToken,
  verifyGatewayAssertion,
} from "../../core/auth/tokens";
import { bindPrincipal, requireOwner } from "../../subgraphs/shared/authorization";

describe("tokens", () => {
  test("a token made by `npm run token` verifies with the same secret and names its shopper or role", async () => {
    const config = loadConfig({});
    const verify = createTokenVerifier(config);
    expect(await verify(await signUserToken(config, { subject: "u:sim:00001" }))).toEqual({
      role: "shopper",
      subject: "u:sim:00001",
    });
    expect(await verify(await signUserToken(config, { subject: "ops", role: "admin" }))).toEqual({
      role: "admin",
      subject: "ops",
    });
    const other = loadConfig({ AUTH_JWT_SECRET: "another-secret-another-secret-another-secret" });
    await expect(createTokenVerifier(other)(await signUserToken(config, { subject: "u1" }))).rejects.toBeInstanceOf(
      InvalidTokenError,
    );
    await expect(verify(await signUserToken(config, { subject: "u1", ttlSeconds: -10 }))).rejects.toThrow(/expired/);
  });

  test("issuer and audience are enforced when configured", async () => {
    const config = loadConfig({ AUTH_ISSUER: "https://id.example", AUTH_AUDIENCE: "discovery" });
    const verify = createTokenVerifier(config);
    expect((await verify(await signUserToken(config, { subject: "u1" }))).subject).toBe("u1");
    await expect(verify(await signUserToken(loadConfig({}), { subject: "u1" }))).rejects.toBeInstanceOf(
      InvalidTokenError,
    );
  });

  test("with AUTH_JWKS_URL, tokens are verified against the identity provider's published keys", async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
    const server = createServer((_request, response) =>
      response.setHeader("content-type", "application/json").end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const verify = createTokenVerifier(
        loadConfig({ AUTH_JWKS_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json` }),
      );
      const token = await new SignJWT({ role: "service" })
        .setProtectedHeader({ alg: "RS256", kid: "k1" })
        .setSubject("ingestion")
        .setExpirationTime("5m")
        .sign(privateKey);
      expect(await verify(token)).toEqual({ role: "service", subject: "ingestion" });
      // A shared-secret token is not accepted once an identity provider is configured.
      await expect(
        verify(await signUserToken(loadConfig({}), { subject: "u1", role: "admin" })),
      ).rejects.toBeInstanceOf(InvalidTokenError);
    } finally {
      server.close();
    }
  });

  test("gateway assertions verify only with the same secret", async () => {
    const assertion = await signGatewayAssertion("s".repeat(32), { role: "shopper", subject: "u1" });
    expect(await verifyGatewayAssertion("s".repeat(32), assertion)).toEqual({ role: "shopper", subject: "u1" });
    expect(
      await verifyGatewayAssertion(
        "s".repeat(32),
        await signGatewayAssertion("s".repeat(32), { role: "anonymous", subject: null }),
      ),
    ).toEqual({ role: "anonymous", subject: null });
    await expect(verifyGatewayAssertion("t".repeat(32), assertion)).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(verifyGatewayAssertion("s".repeat(32), undefined)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  test("a token verified once is not accepted after it expires (verifications are reused only until exp)", async () => {
    const config = loadConfig({});
    const verify = createTokenVerifier(config);
    const token = await signUserToken(config, { subject: "u:sim:00002", ttlSeconds: 1 });
    expect(await verify(token)).toEqual({ role: "shopper", subject: "u:sim:00002" });
    expect(await verify(token)).toEqual({ role: "shopper", subject: "u:sim:00002" });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await expect(verify(token)).rejects.toThrow("The token has expired");
  });

  test("the gateway signs one assertion per principal and reuses it; each verifies only as its own principal", async () => {
    const secret = "r".repeat(32);
    const first = await gatewayAssertion(secret, { role: "shopper", subject: "u1" });
    expect(await gatewayAssertion(secret, { role: "shopper", subject: "u1" })).toBe(first);
    const other = await gatewayAssertion(secret, { role: "shopper", subject: "u2" });
    expect(other).not.toBe(first);
    expect(await verifyGatewayAssertion(secret, first)).toEqual({ role: "shopper", subject: "u1" });
    expect(await verifyGatewayAssertion(secret, other)).toEqual({ role: "shopper", subject: "u2" });
    await expect(verifyGatewayAssertion(secret, `${first.slice(0, -2)}xx`)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  test("production refuses to start without its own secrets, and refuses the development ones", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(
      /AUTH_JWT_SECRET: production needs[\s\S]*SUBGRAPH_SECRET: production needs/,
    );
    expect(() =>
      loadConfig({ NODE_ENV: "production", AUTH_JWT_SECRET: DEVELOPMENT_JWT_SECRET, SUBGRAPH_SECRET: "x".repeat(40) }),
    ).toThrow(/refuses the public development secret/);
    expect(
      loadConfig({
        NODE_ENV: "production",
        AUTH_JWKS_URL: "https://id.example/.well-known/jwks.json",
        SUBGRAPH_SECRET: "x".repeat(40),
      }).NODE_ENV,
    ).toBe("production");
    expect(() => loadConfig({ AUTH_JWT_SECRET: "short" })).toThrow(/AUTH_JWT_SECRET: at least 32/);
  });
});

describe("ownership", () => {
  const as = (principal: Parameters<typeof bindPrincipal>[1]) => bindPrincipal({}, principal);
  test("a shopper acts only on their own id; admin on any; a service on any unless excluded; anonymous on none", () => {
    expect(() => requireOwner(as({ role: "shopper", subject: "u1" }), ["u1"])).not.toThrow();
    expect(() => requireOwner(as({ role: "shopper", subject: "u1" }), ["u1", "u2"])).toThrow(
      expect.objectContaining({ extensions: { code: "FORBIDDEN" } }),
    );
    expect(() => requireOwner(as({ role: "anonymous", subject: null }), ["u1"])).toThrow(
      expect.objectContaining({ extensions: { code: "UNAUTHENTICATED" } }),
    );
    expect(() => requireOwner({}, ["u1"])).toThrow(
      expect.objectContaining({ extensions: { code: "UNAUTHENTICATED" } }),
    );
    expect(() => requireOwner(as({ role: "anonymous", subject: null }), [])).not.toThrow();
    expect(() => requireOwner(as({ role: "admin", subject: "ops" }), ["u1", "u2"], { service: false })).not.toThrow();
    expect(() => requireOwner(as({ role: "service", subject: "jobs" }), ["u1"])).not.toThrow();
    expect(() => requireOwner(as({ role: "service", subject: "jobs" }), ["u1"], { service: false })).toThrow(
      expect.objectContaining({ extensions: { code: "FORBIDDEN" } }),
    );
  });
});
