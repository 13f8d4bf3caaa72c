import { z } from "zod";
import { loadLlmConfig, priceOf } from "../../../core/llm/llm.config";
import type { LlmFeature } from "../../../core/llm/llm-feature";
import { LlmGateway, toolSchemaOf } from "../../../core/llm/llm-gateway";
import {
  LlmCallError,
  type LlmProvider,
  type ProviderRequest,
  type ProviderResponse,
} from "../../../core/llm/llm-provider";

const echoSchema = z.object({ answer: z.string().min(1) });
type Echo = z.infer<typeof echoSchema>;

const echo: LlmFeature<{ text: string }, Echo> = {
  name: "echo",
  promptVersion: "1",
  schema: echoSchema,
  tool: { name: "answer", description: "Answer." },
  buildPrompt: (input) => ({ system: "Echo the text.", user: input.text }),
  offline: (input) => ({ answer: `offline:${input.text}` }),
  budget: { maxInputTokens: 1000, maxOutputTokens: 100, timeoutMs: 1000, dailyTokenBudget: 10_000 },
};

/** A provider answering from a script, recording requests. */
class ScriptedProvider implements LlmProvider {
  readonly model = "claude-sonnet-4-6";
  readonly requests: ProviderRequest[] = [];
  constructor(private readonly script: (request: ProviderRequest) => Promise<ProviderResponse>) {}
  complete(request: ProviderRequest): Promise<ProviderResponse> {
    this.requests.push(request);
    return this.script(request);
  }
}

const usage = { inputTokens: 100, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 50 };
const config = loadLlmConfig({ ANTHROPIC_API_KEY: "test-key" });

describe("LLM configuration", () => {
  it("defaults to a current Claude model and offline without a key", () => {
    const offline = loadLlmConfig({});
    expect(offline.LLM_MODEL).toBe("claude-sonnet-4-6");
    expect(new LlmGateway({ config: offline }).provider).toBeNull();
    expect(
      new LlmGateway({ config: loadLlmConfig({ ANTHROPIC_API_KEY: "k", LLM_PROVIDER: "offline" }) }).provider,
    ).toBeNull();
    expect(new LlmGateway({ config }).provider?.model).toBe("claude-sonnet-4-6");
  });

  it("rejects bad values and reads a price override", () => {
    expect(() => loadLlmConfig({ LLM_MAX_CONCURRENCY: "0" })).toThrow(/LLM_MAX_CONCURRENCY/);
    expect(() => loadLlmConfig({ LLM_PRICES_JSON: "{oops" })).toThrow(/LLM_PRICES_JSON/);
    const custom = loadLlmConfig({
      LLM_PRICES_JSON: '{"my-model":{"input":1,"output":2,"cacheWrite":3,"cacheRead":4}}',
    });
    expect(priceOf(custom, "my-model").cacheRead).toBe(4);
    expect(priceOf(custom, "claude-sonnet-4-5-20250929").output).toBe(15);
  });

  it("turns the zod schema into a tool input schema", () => {
    expect(toolSchemaOf(echoSchema)).toMatchObject({
      type: "object",
      properties: { answer: { type: "string" } },
      required: ["answer"],
    });
    expect(toolSchemaOf(echoSchema)).not.toHaveProperty("$schema");
  });
});

describe("LlmGateway (scripted provider, in-process cache)", () => {
  it("serves offline without a key, and says so", async () => {
    const gateway = new LlmGateway({ config: loadLlmConfig({}) });
    await expect(gateway.run(echo, { text: "hi" })).resolves.toEqual({
      source: "OFFLINE",
      output: { answer: "offline:hi" },
      fallbackReason: "no-key",
      dropped: 0,
    });
    expect(gateway.counters().echo).toMatchObject({ requests: 1, offline: 1, fallbacks: { "no-key": 1 } });
  });

  it("calls the provider once, then answers from the cache, and accounts tokens and cost", async () => {
    const provider = new ScriptedProvider(async () => ({ toolInput: { answer: "from model" }, usage, retries: 0 }));
    const gateway = new LlmGateway({ config, provider });
    await expect(gateway.run(echo, { text: "Hello  World" })).resolves.toMatchObject({
      source: "LLM",
      output: { answer: "from model" },
    });
    await expect(gateway.run(echo, { text: "hello world" })).resolves.toMatchObject({
      source: "CACHE",
      output: { answer: "from model" },
    });
    expect(provider.requests).toHaveLength(1);
    expect(provider.requests[0]).toMatchObject({
      model: "claude-sonnet-4-6",
      maxTokens: 100,
      timeoutMs: 1000,
      tool: { name: "answer" },
    });
    const counters = gateway.counters().echo!;
    expect(counters).toMatchObject({
      requests: 2,
      llm: 1,
      cache: 1,
      calls: 1,
      inputTokens: 100,
      outputTokens: 20,
      cacheWriteTokens: 50,
    });
    expect(counters.costUsd).toBeCloseTo((100 * 3 + 20 * 15 + 50 * 3.75) / 1e6, 10);
  });

  it("shares one provider call between identical concurrent requests", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const provider = new ScriptedProvider(async () => {
      await gate;
      return { toolInput: { answer: "once" }, usage, retries: 0 };
    });
    const gateway = new LlmGateway({ config, provider });
    const runs = [
      gateway.run(echo, { text: "same" }),
      gateway.run(echo, { text: "same" }),
      gateway.run(echo, { text: "same" }),
    ];
    release();
    const results = await Promise.all(runs);
    expect(provider.requests).toHaveLength(1);
    expect(results.map((r) => r.source).sort()).toEqual(["CACHE", "CACHE", "LLM"]);
  });

  it("falls back on provider errors, schema-invalid output and exhausted budgets, without rejecting", async () => {
    const outcomes: (() => Promise<ProviderResponse>)[] = [
      async () => {
        throw new LlmCallError("overloaded", "529", undefined, 2);
      },
      async () => ({ toolInput: { answer: 42 }, usage, retries: 0 }),
      async () => {
        throw new Error("bug");
      },
    ];
    const provider = new ScriptedProvider(() => outcomes.shift()!());
    const gateway = new LlmGateway({ config, provider });
    await expect(gateway.run(echo, { text: "a" })).resolves.toMatchObject({
      source: "OFFLINE",
      fallbackReason: "overloaded",
      output: { answer: "offline:a" },
    });
    await expect(gateway.run(echo, { text: "b" })).resolves.toMatchObject({
      source: "OFFLINE",
      fallbackReason: "schema-invalid",
    });
    await expect(gateway.run(echo, { text: "c" })).resolves.toMatchObject({
      source: "OFFLINE",
      fallbackReason: "api-error",
    });
    expect(gateway.counters().echo).toMatchObject({ offline: 3, retries: 2, calls: 3, inputTokens: 100 });

    const tight = new LlmGateway({
      config,
      provider: new ScriptedProvider(async () => ({
        toolInput: { answer: "x" },
        usage: { ...usage, inputTokens: 9_900 },
        retries: 0,
      })),
    });
    await expect(tight.run(echo, { text: "first" })).resolves.toMatchObject({ source: "LLM" });
    await expect(tight.run(echo, { text: "second" })).resolves.toMatchObject({
      source: "OFFLINE",
      fallbackReason: "budget",
    });
    await expect(
      tight.run({ ...echo, name: "echo-big", budget: { ...echo.budget, maxInputTokens: 3 } }, { text: "a long input" }),
    ).resolves.toMatchObject({ source: "OFFLINE", fallbackReason: "input-too-large" });
  });

  it("does not cache offline answers or outputs that fail grounding", async () => {
    const provider = new ScriptedProvider(async () => ({ toolInput: { answer: "made up" }, usage, retries: 0 }));
    const grounded = {
      ...echo,
      name: "echo-grounded",
      ground: () => ({ output: { answer: "" }, dropped: 1, empty: true }),
    };
    const gateway = new LlmGateway({ config, provider });
    await expect(gateway.run(grounded, { text: "x" })).resolves.toMatchObject({
      source: "OFFLINE",
      fallbackReason: "ungrounded",
      dropped: 1,
    });
    await expect(gateway.run(grounded, { text: "x" })).resolves.toMatchObject({
      source: "OFFLINE",
      fallbackReason: "ungrounded",
    });
    expect(provider.requests).toHaveLength(2);
    expect(gateway.counters()["echo-grounded"]).toMatchObject({ dropped: 2, fallbacks: { ungrounded: 2 } });
  });
});
