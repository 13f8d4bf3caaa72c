import type { IncomingMessage } from "node:http";
import { ConfigError, loadConfig } from "../../core/config";
import { admissionLimits, createAdmissionControl } from "../../gateway/admission";
import { clientAddressResolver, clientKey, normalizeAddress } from "../../gateway/client-identity";

const request = (remoteAddress: string | undefined, forwardedFor?: string) =>
  ({
    socket: { remoteAddress },
    connection: { remoteAddress },
    headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor },
  }) as unknown as IncomingMessage;

describe("admission control", () => {
  test("auto bounds follow the cores: 4 seats a core, half the cores for one client; 0 turns it off", () => {
    expect(admissionLimits(loadConfig({}), 2)).toEqual({
      maxInFlight: 8,
      clientMaxInFlight: 1,
      clientMaxQueued: 64,
      maxQueued: 1024,
      presenceMs: 10_000,
    });
    expect(admissionLimits(loadConfig({}), 8)).toMatchObject({ maxInFlight: 32, clientMaxInFlight: 4 });
    expect(admissionLimits(loadConfig({}), 1)).toMatchObject({ maxInFlight: 4, clientMaxInFlight: 1 });
    expect(
      admissionLimits(loadConfig({ ADMISSION_MAX_IN_FLIGHT: "6", ADMISSION_CLIENT_MAX_IN_FLIGHT: "10" }), 2),
    ).toMatchObject({ maxInFlight: 6, clientMaxInFlight: 6 });
    expect(admissionLimits(loadConfig({ ADMISSION_MAX_IN_FLIGHT: "0" }), 2)).toBeNull();
    expect(() => loadConfig({ ADMISSION_CLIENT_MAX_IN_FLIGHT: "0" })).toThrow(ConfigError);
    expect(() => loadConfig({ ADMISSION_MAX_IN_FLIGHT: "many" })).toThrow(ConfigError);
  });

  test("a refused request gets HTTP 429 with Retry-After and OVERLOADED, naming why", async () => {
    const admission = createAdmissionControl(
      loadConfig({ ADMISSION_MAX_IN_FLIGHT: "1", ADMISSION_CLIENT_MAX_QUEUED: "0", ADMISSION_PRESENCE_MS: "0" }),
    );
    try {
      const first = await admission.admit("shopper:u1", {});
      expect("release" in first).toBe(true);
      const refused = await admission.admit("shopper:u1", {});
      expect(refused).toMatchObject({
        status: 429,
        headers: { "retry-after": "1" },
        errors: [{ extensions: { code: "OVERLOADED", reason: "client-queue-full", retryAfterSeconds: 1 } }],
      });
      if ("release" in first) first.release();
      expect(admission.snapshot()).toEqual({ inFlight: 0, queued: 0, clients: 0 });
    } finally {
      admission.close();
    }
  });

  test("off (ADMISSION_MAX_IN_FLIGHT=0): every request is admitted", async () => {
    const admission = createAdmissionControl(loadConfig({ ADMISSION_MAX_IN_FLIGHT: "0" }));
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => admission.admit("ip:10.0.0.1", {})));
    expect(outcomes.every((outcome) => "release" in outcome)).toBe(true);
    admission.close();
  });
});

describe("client identity", () => {
  test("a verified subject is the client; an anonymous caller is its address", () => {
    expect(clientKey({ role: "shopper", subject: "u:sim:00002" }, "10.0.0.1")).toBe("shopper:u:sim:00002");
    expect(clientKey({ role: "service", subject: "u:sim:00002" }, "10.0.0.1")).toBe("service:u:sim:00002");
    expect(clientKey({ role: "anonymous", subject: null }, "10.0.0.1")).toBe("ip:10.0.0.1");
  });

  test("addresses: IPv4 as is (mapped IPv6 included), IPv6 by its /64, anything else unknown", () => {
    expect(normalizeAddress("10.1.2.3")).toBe("10.1.2.3");
    expect(normalizeAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(normalizeAddress("2001:db8:1:2::9")).toBe(normalizeAddress("2001:db8:1:2:ffff::1"));
    expect(normalizeAddress("2001:db8:1:3::9")).not.toBe(normalizeAddress("2001:db8:1:2::9"));
    expect(normalizeAddress(undefined)).toBe("unknown");
    expect(normalizeAddress("not an address")).toBe("unknown");
  });

  test("X-Forwarded-For counts only from a trusted proxy (TRUSTED_PROXIES)", () => {
    const direct = clientAddressResolver([]);
    expect(direct(request("203.0.113.7", "198.51.100.1"))).toBe("203.0.113.7");
    const behindProxy = clientAddressResolver(loadConfig({ TRUSTED_PROXIES: "10.0.0.0/8, loopback" }).TRUSTED_PROXIES);
    // From the proxy: the nearest untrusted hop of the header is the client (a client-written prefix is ignored).
    expect(behindProxy(request("10.0.0.5", "6.6.6.6, 198.51.100.1"))).toBe("198.51.100.1");
    expect(behindProxy(request("127.0.0.1", "198.51.100.1, 10.0.0.9"))).toBe("198.51.100.1");
    // Straight from a client: its own header is not believed.
    expect(behindProxy(request("203.0.113.7", "198.51.100.1"))).toBe("203.0.113.7");
    expect(() => loadConfig({ TRUSTED_PROXIES: "10.0.0.0/8, proxy.example" })).toThrow(ConfigError);
  });
});
