import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { QUERY_KINDS, type QuerySet } from "./query-set.types";

/** Where the committed query set lives. */
export const DEFAULT_QUERY_SET = join(__dirname, "instacart-queries.json");

const ruleSchema = z
  .object({
    grade: z.union([z.literal(1), z.literal(2)]),
    aisles: z.array(z.number().int().positive()).min(1).optional(),
    departments: z.array(z.number().int().positive()).min(1).optional(),
    name: z.array(z.string().min(1)).optional(),
    notName: z.array(z.string().min(1)).optional(),
  })
  .strict();

const querySetSchema = z.object({
  name: z.string(),
  generatedBy: z.string(),
  catalog: z.object({ products: z.number().int(), aisles: z.number().int(), departments: z.number().int() }),
  grading: z.string(),
  queries: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]+$/),
        query: z.string().trim().min(1).max(200),
        kind: z.enum(QUERY_KINDS),
        note: z.string().optional(),
        rules: z.array(ruleSchema).min(1),
        counts: z.object({ grade2: z.number().int().min(1), grade1: z.number().int().min(0) }),
        relevantAisles: z.object({ grade2: z.array(z.number().int()), grade1: z.array(z.number().int()) }),
      }),
    )
    .min(1),
});

/** Reads and validates a query set file; throws naming the file and the first problems. */
export function readQuerySet(path: string): QuerySet {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = querySetSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `${path}: not a query set: ${parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
        .join("; ")}`,
    );
  }
  return parsed.data;
}

/** The committed JSON text of a query set (stable formatting, trailing newline). */
export function querySetJson(set: QuerySet): string {
  return `${JSON.stringify(set, null, 2)}\n`;
}
