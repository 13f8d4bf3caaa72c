import { registerEnumType } from "type-graphql";
import { SURFACES, type Surface } from "../../plugins/sdk/surface";

/** GraphQL enum of app surfaces, shared by user-profile and personalization so both declare it identically. */
export const SurfaceEnum = Object.fromEntries(SURFACES.map((surface) => [surface, surface])) as { [K in Surface]: K };

registerEnumType(SurfaceEnum, {
  name: "Surface",
  description: "Where in the app something is shown or happened.",
  valuesConfig: {
    HOME: { description: "The home feed." },
    STORE: { description: "A store's storefront." },
    CATEGORY: { description: "A category page." },
    CHECKOUT: { description: "The cart and checkout." },
    SEARCH: { description: "Search results." },
  },
});
