import { ConfigError, loadConfig, subgraphUrl } from "../../core/config";

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
});
