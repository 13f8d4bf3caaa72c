import { ConfigError, FETCH_BAD_PORTS, loadConfig, subgraphUrl } from "../../core/config";

describe("configuration", () => {
  test("defaults give the documented ports and the embedded database", () => {
    const config = loadConfig({});
    expect(config.GATEWAY_PORT).toBe(4000);
    expect([config.CATALOG_PORT, config.USER_PROFILE_PORT, config.PERSONALIZATION_PORT]).toEqual([4001, 4002, 4003]);
    expect(config.MONGODB_URI).toBeUndefined();
    expect(subgraphUrl(config, "user-profile")).toBe("http://127.0.0.1:4002/graphql");
  });

  test("every bad variable is reported on its own line with the value", () => {
    let error: unknown;
    try {
      loadConfig({ GATEWAY_PORT: "http", MONGODB_URI: "postgres://x", LOG_LEVEL: "loud" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.find((p) => p.startsWith("GATEWAY_PORT"))).toContain('"http"');
    expect(problems.find((p) => p.startsWith("MONGODB_URI"))).toBeDefined();
    expect(problems.find((p) => p.startsWith("LOG_LEVEL"))).toBeDefined();
  });

  test("an explicit subgraph URL wins over its port", () => {
    const config = loadConfig({ CATALOG_URL: "http://catalog.internal:8080/graphql", CATALOG_PORT: "5001" });
    expect(subgraphUrl(config, "catalog")).toBe("http://catalog.internal:8080/graphql");
  });

  test("ports and subgraph URLs that Node's fetch refuses are rejected at configuration time", () => {
    expect(() => loadConfig({ GATEWAY_PORT: "6000" })).toThrow(/GATEWAY_PORT: Node's fetch refuses this port/);
    expect(() => loadConfig({ PERSONALIZATION_PORT: "5060" })).toThrow(/PERSONALIZATION_PORT/);
    expect(() => loadConfig({ CATALOG_URL: "http://catalog.internal:6667/graphql" })).toThrow(/CATALOG_URL/);
    expect(loadConfig({ GATEWAY_PORT: "6001", CATALOG_URL: "http://catalog.internal:8080/graphql" }).GATEWAY_PORT).toBe(
      6001,
    );
  });

  test("CORS_ORIGINS is a comma-separated list of origins", () => {
    expect(loadConfig({}).CORS_ORIGINS).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: "https://shop.example, http://localhost:3000" }).CORS_ORIGINS).toEqual([
      "https://shop.example",
      "http://localhost:3000",
    ]);
    expect(() => loadConfig({ CORS_ORIGINS: "https://shop.example/path" })).toThrow(/CORS_ORIGINS/);
  });

  test("the refused-port list is the one Node's fetch applies", async () => {
    const refusal = async (port: number): Promise<string> => {
      try {
        // Nothing listens on these: an allowed port fails to connect, a bad one is refused before connecting.
        await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
        return "connected";
      } catch (error) {
        return String((error as { cause?: { message?: string } }).cause?.message ?? error);
      }
    };
    for (const port of FETCH_BAD_PORTS) expect([port, await refusal(port)]).toEqual([port, "bad port"]);
    for (const port of [6001, 4000, 10081]) expect(await refusal(port)).not.toBe("bad port");
  });
});
