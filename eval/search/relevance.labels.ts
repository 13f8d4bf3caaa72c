import type { InstacartProductRow } from "./instacart-catalog";
import type { Grade, LabelRule, QuerySpec } from "./query-set.types";

/** A rule with its patterns compiled. */
interface CompiledRule {
  readonly grade: 1 | 2;
  readonly aisles: ReadonlySet<number> | null;
  readonly departments: ReadonlySet<number> | null;
  readonly name: readonly RegExp[];
  readonly notName: readonly RegExp[];
}

function compile(rule: LabelRule, queryId: string): CompiledRule {
  const regex = (source: string) => {
    try {
      return new RegExp(source, "i");
    } catch (error) {
      throw new Error(`query ${queryId}: bad name pattern ${JSON.stringify(source)}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  return {
    grade: rule.grade,
    aisles: rule.aisles ? new Set(rule.aisles) : null,
    departments: rule.departments ? new Set(rule.departments) : null,
    name: (rule.name ?? []).map(regex),
    notName: (rule.notName ?? []).map(regex),
  };
}

/** Grades products for one query: the highest grade of the rules a product satisfies, 0 when none. */
export class QueryLabeller {
  private readonly rules: CompiledRule[];

  constructor(spec: Pick<QuerySpec, "id" | "rules">) {
    if (spec.rules.length === 0) throw new Error(`query ${spec.id} has no labelling rule`);
    this.rules = spec.rules.map((rule) => compile(rule, spec.id));
  }

  /** Grade of one product. */
  grade(product: InstacartProductRow): Grade {
    let best: Grade = 0;
    for (const rule of this.rules) {
      if (rule.grade <= best) continue;
      if (rule.aisles && !rule.aisles.has(product.aisleId)) continue;
      if (rule.departments && !rule.departments.has(product.departmentId)) continue;
      if (!rule.name.every((pattern) => pattern.test(product.name))) continue;
      if (rule.notName.some((pattern) => pattern.test(product.name))) continue;
      best = rule.grade;
    }
    return best;
  }
}

/** Every product with a grade above 0 for the query, by product id. */
export function gradeCatalog(
  spec: Pick<QuerySpec, "id" | "rules">,
  products: readonly InstacartProductRow[],
): Map<number, 1 | 2> {
  const labeller = new QueryLabeller(spec);
  const grades = new Map<number, 1 | 2>();
  for (const product of products) {
    const grade = labeller.grade(product);
    if (grade > 0) grades.set(product.productId, grade as 1 | 2);
  }
  return grades;
}
