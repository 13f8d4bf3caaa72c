import { explanationsFeature, type CarouselExplanationOutput } from "./explanations.feature";
import type { FallbackReason, LlmResult } from "../../core/llm/llm-feature";
import type { LlmGateway } from "../../core/llm/llm-gateway";
import type { CarouselExplanations, ExplainableCarousel } from "../sdk/llm-hooks";
import { carouselExplanationInput } from "./explanation-signals";

export type { CarouselExplanations };

/**
 * Fills a carousel's explanations with one gateway call (cache, model or offline twin). On the request
 * path: a cached answer is used at once; otherwise the call starts and the request waits at most
 * `waitMs` (LLM_EXPLANATION_WAIT_MS, default 0) before serving the templates with fallbackReason
 * "deferred"; the call keeps running and its answer fills the cache for the next request. Never rejects.
 */
export class CarouselExplainer {
  private readonly waitMs: number;

  constructor(
    private readonly gateway: LlmGateway,
    options: { waitMs?: number } = {},
  ) {
    this.waitMs = options.waitMs ?? gateway.config.LLM_EXPLANATION_WAIT_MS ?? 0;
  }

  async explain(carousel: ExplainableCarousel): Promise<CarouselExplanations> {
    const { input, products } = carouselExplanationInput(carousel);
    const templates = (fallbackReason?: FallbackReason): CarouselExplanations => ({
      ...merge(explanationsFeature.offline(input), carousel.template, products),
      text: carousel.template,
      source: "OFFLINE",
      fallbackReason,
      dropped: 0,
    });
    if (input.signals.length === 0) return templates();
    try {
      const cached = await this.gateway.peek(explanationsFeature, input);
      if (cached) return this.served(cached, carousel.template, products);
      const running = this.gateway.run(explanationsFeature, input);
      if (this.waitMs <= 0) {
        void running.catch(() => undefined);
        return this.gateway.provider ? templates("deferred") : this.served(await running, carousel.template, products);
      }
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), this.waitMs)));
      const result = await Promise.race([running, deadline]).finally(() => clearTimeout(timer));
      if (!result) {
        void running.catch(() => undefined);
        return templates("deferred");
      }
      return this.served(result, carousel.template, products);
    } catch {
      // The gateway never rejects but for a bug in the offline twin: templates, never an error to the client.
      return templates("api-error");
    }
  }

  private served(
    result: LlmResult<CarouselExplanationOutput>,
    template: string,
    products: readonly string[],
  ): CarouselExplanations {
    const merged = merge(result.output, template, products);
    // Offline, the carousel keeps presentation's template word for word (its counts are over the shown window).
    return {
      ...merged,
      text: result.source === "OFFLINE" ? template : merged.text,
      source: result.source,
      fallbackReason: result.fallbackReason,
      dropped: result.dropped,
    };
  }
}

/** Output sentences by product (ref iN = the N-th item); the carousel falls back to `template` when the output has none. */
function merge(
  output: CarouselExplanationOutput,
  template: string,
  products: readonly string[],
): Pick<CarouselExplanations, "text" | "items"> {
  const items = new Map<string, string>();
  for (const item of output.items) {
    const productId = products[Number(item.ref.slice(1)) - 1];
    if (productId !== undefined && /^i\d+$/.test(item.ref)) items.set(productId, item.text);
  }
  return { text: output.carousel?.text ?? template, items };
}
