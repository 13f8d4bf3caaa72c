import { z } from "zod";
import { VERTICALS } from "../../core/documents/vertical";

/** One reading of an ambiguous query. */
export const interpretationSchema = z.object({
  label: z.string().trim().min(1).max(80).describe("Short human label, e.g. 'Pasta sauce' or 'Ragu (brand)'"),
  confidence: z.number().min(0).max(1).describe("Probability that the shopper meant this, in [0, 1]"),
  vertical: z.enum(VERTICALS).optional().describe("Business line of this reading"),
  categoryPath: z
    .array(z.string().min(1).max(120))
    .min(1)
    .max(6)
    .optional()
    .describe("Category ids from the catalog context, root first"),
  brand: z.string().trim().min(1).max(80).optional().describe("A brand listed in the catalog context"),
  dietary: z.array(z.string().max(40)).max(6).optional().describe("Dietary constraints, from the allowed tags only"),
  rewrittenQuery: z.string().trim().min(1).max(200).describe("A short search query for this reading"),
});
export type Interpretation = z.infer<typeof interpretationSchema>;

/** Output of the query-rewrite feature (the tool input the model must produce). */
export const queryRewriteOutputSchema = z.object({
  interpretations: z.array(interpretationSchema).min(1).max(5),
});
export type QueryRewriteOutput = z.infer<typeof queryRewriteOutputSchema>;
