/** Explicit shopper preferences; derived signals never override them. */
export interface PreferencesDocument {
  /** Dietary constraints the shopper stated, as product tags (vegan, gluten-free, …). */
  dietary: string[];
  /** Brands and categories the shopper never wants to see. */
  excludedBrands: string[];
  excludedCategoryIds: string[];
}

/** A shopper (collection `users`). */
export interface UserDocument {
  _id: string;
  name: string;
  /** Whether the shopper's age was verified (age-restricted items need it). */
  ageVerified: boolean;
  preferences: PreferencesDocument;
  createdAt: Date;
  source: string;
}
