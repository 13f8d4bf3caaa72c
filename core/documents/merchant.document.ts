import type { Vertical } from "./vertical";

/** A store or restaurant (collection `merchants`). */
export interface MerchantDocument {
  _id: string;
  name: string;
  kind: "STORE" | "RESTAURANT";
  verticals: Vertical[];
  cuisines?: string[];
  city?: string;
  source: string;
}

/** A product in a merchant's assortment (collection `offers`, _id `${merchantId}|${productId}`). */
export interface OfferDocument {
  _id: string;
  merchantId: string;
  productId: string;
  price: number;
  available: boolean;
}
