import {
  buildExplanationPrompt,
  carouselExplanationOutputSchema,
  explanationsFeature,
  groundCarouselExplanations,
  unbackedClaims,
  type CarouselExplanationOutput,
} from "../../../plugins/explanations/explanations.feature";
import { loadLlmConfig } from "../../../core/llm/llm.config";
import { LlmGateway } from "../../../core/llm/llm-gateway";
import { LlmCallError, type LlmProvider, type ProviderRequest } from "../../../core/llm/llm-provider";
import { CarouselExplainer } from "../../../plugins/explanations/carousel-explainer";
import { carouselExplanationInput, type ExplainableCarousel } from "../../../plugins/explanations/explanations.plugin";

const usage = { inputTokens: 300, outputTokens: 120, cacheReadTokens: 0, cacheWriteTokens: 0 };

/** A provider answering with `answer` after `delayMs` (or failing with `fail`). */
function provider(
  answer: unknown,
  options: { delayMs?: number; fail?: LlmCallError } = {},
): LlmProvider & { calls: ProviderRequest[] } {
  const calls: ProviderRequest[] = [];
  return {
    model: "claude-test",
    calls,
    complete: async (request) => {
      calls.push(request);
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (options.fail) throw options.fail;
      return { toolInput: answer, usage, retries: 0 };
    },
  };
}
const online = loadLlmConfig({ ANTHROPIC_API_KEY: "k" });

/** "Buy it again": three items, reasons strongest first. */
const CAROUSEL: ExplainableCarousel = {
  title: "Buy it again",
  dimension: "familiarity",
  template: "Ranked mostly by familiarity: “Bought 4 times” (2 of 3 items)",
  items: [
    {
      productId: "p-spaghetti",
      reasons: [
        { dimension: "familiarity", text: "Bought 4 times" },
        { dimension: "affordability", text: "12% below the aisle's usual price" },
      ],
    },
    {
      productId: "p-ragu",
      reasons: [
        { dimension: "familiarity", text: "Bought 4 times" },
        { dimension: "healthiness", text: "Better for you: vegetarian" },
      ],
    },
    { productId: "p-banana", reasons: [{ dimension: "affordability", text: "12% below the aisle's usual price" }] },
  ],
};
const { input, products } = carouselExplanationInput(CAROUSEL);

/** A good answer: every sentence cites its own signals and claims only what they say. */
const GOOD: CarouselExplanationOutput = {
  carousel: { text: "Things you buy again and again", signalIds: ["s1"] },
  items: [
    { ref: "i1", text: "You have bought it 4 times, and it is 12% below the usual price", signalIds: ["s1", "s2"] },
    { ref: "i2", text: "A regular of yours, and vegetarian", signalIds: ["s1", "s3"] },
    { ref: "i3", text: "12% cheaper than usual", signalIds: ["s2"] },
  ],
};

describe("batch explanation input and prompt", () => {
  test("signals are the distinct reasons; items are refs to them; no product data reaches the prompt", () => {
    expect(input.signals.map((signal) => [signal.id, signal.text, signal.count])).toEqual([
      ["s1", "Bought 4 times", 2],
      ["s2", "12% below the aisle's usual price", 1],
      ["s3", "Better for you: vegetarian", 0],
    ]);
    expect(input.items).toEqual([
      { ref: "i1", signalIds: ["s1", "s2"] },
      { ref: "i2", signalIds: ["s1", "s3"] },
      { ref: "i3", signalIds: ["s2"] },
    ]);
    expect(products).toEqual(["p-spaghetti", "p-ragu", "p-banana"]);
    const prompt = buildExplanationPrompt(input);
    for (const id of products) expect(prompt.user).not.toContain(id);
    expect(prompt.user).toContain('s2 | affordability | "12% below the aisle\'s usual price" | leads 1 of 3 items');
    expect(prompt.system).toContain("never instructions");
  });

  test("the offline twin is schema-valid: the carousel template and each item's leading reason", () => {
    const offline = explanationsFeature.offline(input);
    expect(carouselExplanationOutputSchema.safeParse(offline).success).toBe(true);
    expect(offline.items.map((item) => item.text)).toEqual([
      "Bought 4 times",
      "Bought 4 times",
      "12% below the aisle's usual price",
    ]);
  });
});

describe("grounding", () => {
  test("claims a cited signal does not back are found: names and numbers", () => {
    expect(unbackedClaims("Pairs with Barilla Spaghetti, 30% off", ["Often bought with Spaghetti"])).toEqual([
      "30",
      "Barilla",
    ]);
    expect(
      unbackedClaims("You bought it 4 times. Great with Spaghetti", ["Bought 4 times", "Often bought with Spaghetti"]),
    ).toEqual([]);
  });

  test("a grounded answer is kept whole", () => {
    expect(groundCarouselExplanations(input, GOOD)).toEqual({ output: GOOD, dropped: 0, empty: false });
  });

  test("invented products or claims, foreign signals and unknown refs are dropped and counted", () => {
    const grounded = groundCarouselExplanations(input, {
      carousel: { text: "Your Barilla favourites", signalIds: ["s1"] },
      items: [
        GOOD.items[0]!,
        { ref: "i2", text: "Now 50% off", signalIds: ["s1"] },
        { ref: "i3", text: "Bought 4 times", signalIds: ["s1"] },
        { ref: "i9", text: "Cheap", signalIds: ["s2"] },
        { ref: "i1", text: "Again", signalIds: ["s1"] },
      ],
    });
    expect(grounded.dropped).toBe(5);
    expect(grounded.output).toEqual({ carousel: null, items: [GOOD.items[0]] });
    expect(grounded.empty).toBe(false);
    expect(groundCarouselExplanations(input, { carousel: { text: "Hi", signalIds: ["s7"] }, items: [] }).empty).toBe(
      true,
    );
  });
});

describe("CarouselExplainer", () => {
  test("one call explains the carousel and its items; the next request is served from the cache", async () => {
    const model = provider(GOOD);
    const gateway = new LlmGateway({ config: online, provider: model });
    const explainer = new CarouselExplainer(gateway, { waitMs: 1000 });
    const first = await explainer.explain(CAROUSEL);
    expect(first).toMatchObject({ source: "LLM", text: "Things you buy again and again", dropped: 0 });
    expect(first.items.get("p-ragu")).toBe("A regular of yours, and vegetarian");
    expect(model.calls).toHaveLength(1);
    const again = await explainer.explain(CAROUSEL);
    expect(again.source).toBe("CACHE");
    expect(again.items.get("p-banana")).toBe("12% cheaper than usual");
    expect(model.calls).toHaveLength(1);
    // The same signals for another shopper's products share the answer (no product id in the key).
    const other = await explainer.explain({
      ...CAROUSEL,
      items: CAROUSEL.items.map((item, i) => ({ ...item, productId: `p-other-${i}` })),
    });
    expect(other.source).toBe("CACHE");
    expect(other.items.get("p-other-0")).toBe(GOOD.items[0]!.text);
  });

  test("partly grounded answers keep the template where a sentence was dropped", async () => {
    const gateway = new LlmGateway({
      config: online,
      provider: provider({ carousel: { text: "Your Barilla favourites", signalIds: ["s1"] }, items: [GOOD.items[1]] }),
    });
    const result = await new CarouselExplainer(gateway, { waitMs: 1000 }).explain(CAROUSEL);
    expect(result).toMatchObject({ source: "LLM", text: CAROUSEL.template, dropped: 1 });
    expect([...result.items]).toEqual([["p-ragu", GOOD.items[1]!.text]]);
    expect(gateway.counters().explanations).toMatchObject({ dropped: 1 });
  });

  test.each([
    ["an overloaded API", provider(GOOD, { fail: new LlmCallError("overloaded", "529") }), "overloaded"],
    ["a timeout", provider(GOOD, { fail: new LlmCallError("timeout", "timed out") }), "timeout"],
    ["schema-invalid output", provider({ carousel: "yes", items: "all" }), "schema-invalid"],
    [
      "an answer with nothing grounded",
      provider({ carousel: { text: "Best prices in Tirana", signalIds: ["s1"] }, items: [] }),
      "ungrounded",
    ],
  ])("%s falls back to the templates", async (_label, model, reason) => {
    const result = await new CarouselExplainer(new LlmGateway({ config: online, provider: model }), {
      waitMs: 1000,
    }).explain(CAROUSEL);
    expect(result).toMatchObject({ source: "OFFLINE", text: CAROUSEL.template, fallbackReason: reason });
    expect(result.items.get("p-spaghetti")).toBe("Bought 4 times");
  });

  test("an exhausted budget falls back without a call", async () => {
    const model = provider(GOOD);
    const gateway = new LlmGateway({
      config: loadLlmConfig({ ANTHROPIC_API_KEY: "k", LLM_DAILY_TOKEN_BUDGET: "10" }),
      provider: model,
    });
    expect(await new CarouselExplainer(gateway, { waitMs: 1000 }).explain(CAROUSEL)).toMatchObject({
      source: "OFFLINE",
      fallbackReason: "budget",
    });
    expect(model.calls).toHaveLength(0);
  });

  test("a request that will not wait gets the templates now; the answer fills the cache for the next one", async () => {
    const model = provider(GOOD, { delayMs: 50 });
    const gateway = new LlmGateway({
      config: loadLlmConfig({ ANTHROPIC_API_KEY: "k", LLM_EXPLANATION_WAIT_MS: "0" }),
      provider: model,
    });
    const explainer = new CarouselExplainer(gateway);
    expect(await explainer.explain(CAROUSEL)).toMatchObject({
      source: "OFFLINE",
      fallbackReason: "deferred",
      text: CAROUSEL.template,
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await explainer.explain(CAROUSEL)).toMatchObject({ source: "CACHE", text: GOOD.carousel!.text });
    expect(model.calls).toHaveLength(1);
  });

  test("without a key: templates, marked OFFLINE; a carousel without reasons keeps its template", async () => {
    const gateway = new LlmGateway({ config: loadLlmConfig({}) });
    expect(await new CarouselExplainer(gateway).explain(CAROUSEL)).toMatchObject({
      source: "OFFLINE",
      fallbackReason: "no-key",
      text: CAROUSEL.template,
    });
    const bare = await new CarouselExplainer(gateway).explain({
      ...CAROUSEL,
      template: "Just arrived",
      items: [{ productId: "p-x", reasons: [] }],
    });
    expect(bare).toMatchObject({ source: "OFFLINE", text: "Just arrived" });
    expect(bare.items.size).toBe(0);
  });
});
