import { explanationsFeature } from "./explanations.feature";
import { defineLlmFeature } from "../sdk/define-llm-feature";
import { CarouselExplainer } from "./carousel-explainer";
import { explainCollection } from "./explanation-signals";

export {
  carouselExplanationInput,
  collectionSignals,
  explainCollection,
  type ExplainableCarousel,
  type ReasonedItem,
} from "./explanation-signals";

/** One explainer per gateway: the explainer holds no request state, only the gateway's wait setting. */
const explainers = new WeakMap<object, CarouselExplainer>();

/**
 * Explanations: presentation's template over the items' leading reasons (`explainCollection`, never a
 * model call), and one batch gateway call per carousel for the carousel and its items when a client
 * asks for them (`explainCarousel`, {@link CarouselExplainer}: cached answer at once, else templates while
 * the call fills the cache).
 */
export const explanationsPlugin = defineLlmFeature({
  name: "explanations",
  description:
    "Short reasons for carousels and their items, one batch call per carousel grounded in the pipeline's reasons; templates as fallback.",
  features: [explanationsFeature],
  // The explainer bounds its own wait (LLM_EXPLANATION_WAIT_MS); this only guards against a hang.
  budgetMs: 5000,
  explainCollection: (collection) =>
    explainCollection(collection.title, collection.subtitle, collection.items, collection.window),
  explainCarousel(context, carousel) {
    let explainer = explainers.get(context.llm.gateway);
    if (!explainer) explainers.set(context.llm.gateway, (explainer = new CarouselExplainer(context.llm.gateway)));
    return explainer.explain(carousel);
  },
});
