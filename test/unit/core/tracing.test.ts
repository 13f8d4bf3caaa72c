import { loadConfig, ConfigError } from "../../../core/config";
import { inSpan, injectContext, tracesEndpoint, tracingEnabled } from "../../../core/tracing";

describe("tracing configuration", () => {
  test("no endpoint: tracing is off", () => {
    expect(tracesEndpoint(loadConfig({}))).toBeNull();
  });

  test("OTEL_EXPORTER_OTLP_ENDPOINT is a base URL: /v1/traces is appended", () => {
    expect(tracesEndpoint(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }))).toBe(
      "http://collector:4318/v1/traces",
    );
    expect(tracesEndpoint(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/otlp/" }))).toBe(
      "http://collector:4318/otlp/v1/traces",
    );
  });

  test("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as it is, and wins", () => {
    const config = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://traces.example/ingest",
    });
    expect(tracesEndpoint(config)).toBe("https://traces.example/ingest");
  });

  test("OTEL_SDK_DISABLED=true turns it off even with an endpoint", () => {
    const config = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_SDK_DISABLED: "true" });
    expect(config.OTEL_SDK_DISABLED).toBe(true);
    expect(tracesEndpoint(config)).toBeNull();
  });

  test("a malformed or non-HTTP endpoint is a configuration error naming the variable", () => {
    for (const value of ["collector:4318", "grpc://collector:4317", "http://collector:6000"]) {
      let error: unknown;
      try {
        loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: value });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems[0]).toMatch(/^OTEL_EXPORTER_OTLP_ENDPOINT: /);
    }
    expect(() => loadConfig({ OTEL_SDK_DISABLED: "yes" })).toThrow(/OTEL_SDK_DISABLED/);
  });
});

describe("tracing off", () => {
  test("spans are not made: the work runs as it is and no traceparent is written", async () => {
    expect(tracingEnabled()).toBe(false);
    await expect(
      inSpan("work", { a: 1 }, async (span) => {
        expect(span).toBeUndefined();
        return 42;
      }),
    ).resolves.toBe(42);
    const headers: Record<string, string> = {};
    injectContext(headers);
    expect(headers).toEqual({});
  });
});
