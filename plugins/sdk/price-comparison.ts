/** Re-exported for plugin authors: the definitions live in core/personalization (models use them too). */
export * from "../../core/personalization/price-comparison";
