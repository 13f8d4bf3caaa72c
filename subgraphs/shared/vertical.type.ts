import { registerEnumType } from "type-graphql";
import { VERTICALS, type Vertical } from "../../core/documents/vertical";

/** GraphQL enum of the marketplace verticals. */
export const VerticalEnum = Object.fromEntries(VERTICALS.map((v) => [v, v])) as { [K in Vertical]: K };

registerEnumType(VerticalEnum, {
  name: "Vertical",
  description: "A business line of the marketplace.",
  valuesConfig: {
    GROCERY: { description: "Supermarket groceries." },
    CONVENIENCE: { description: "Convenience-store items for quick needs." },
    ALCOHOL: { description: "Beer, wine and spirits; age-restricted." },
    RETAIL: { description: "General merchandise: household, beauty, electronics." },
    FLOWERS: { description: "Bouquets and plants." },
    GIFTING: { description: "Gift boxes, cards and hampers." },
    RESTAURANT: { description: "Dishes from restaurant menus." },
  },
});
