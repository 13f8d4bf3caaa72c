import { z } from "zod";

/** What items of a generated collection must satisfy; items are always retrieved from the catalog by these. */
export const collectionConstraintsSchema = z.object({
  categoryIds: z
    .array(z.string().min(1).max(120))
    .min(1)
    .max(5)
    .describe("Category ids from the catalog context; items come from these subtrees"),
  tags: z
    .array(z.string().min(1).max(40))
    .max(3)
    .optional()
    .describe("Tags every item must carry, from the context's tag list"),
  brands: z
    .array(z.string().min(1).max(80))
    .max(5)
    .optional()
    .describe("Brands, from the context's brand list (any of them)"),
  maxPrice: z.number().positive().max(100000).optional().describe("Highest list price of an item"),
});

/** One themed collection proposed for a target. */
export const generatedCollectionSchema = z.object({
  title: z.string().trim().min(3).max(60).describe("Short carousel title, e.g. 'Ramen night at home'"),
  description: z.string().trim().min(3).max(200).describe("One sentence saying why this collection fits the target"),
  constraints: collectionConstraintsSchema,
  exampleProductIds: z
    .array(z.string().max(120))
    .max(5)
    .optional()
    .describe("Up to 5 product ids from the context that fit (must exist)"),
});
export type GeneratedCollectionOutput = z.infer<typeof generatedCollectionSchema>;

/** Output of the collections feature. */
export const collectionsOutputSchema = z.object({
  collections: z.array(generatedCollectionSchema).min(1).max(6),
});
export type CollectionsOutput = z.infer<typeof collectionsOutputSchema>;
