import { failSpan, inSpan, tracingEnabled } from "../../../core/tracing";
import { withBudget, type BudgetOutcome } from "../../../plugins/sdk/budget";

/**
 * Runs one plugin hook under the plugin's time budget ({@link withBudget}). With tracing on the call is a
 * span `plugin <name>.<hook>` (attributes `plugin.name`, `plugin.hook`, `plugin.budget_ms`, and
 * `plugin.outcome`: ok, timeout or error), parent of whatever the plugin does (database reads, LLM calls).
 */
export function callPlugin<T>(
  plugin: { name: string; budgetMs: number },
  hook: string,
  call: () => Promise<T>,
): Promise<BudgetOutcome<T>> {
  if (!tracingEnabled()) return withBudget(plugin.budgetMs, call);
  return inSpan(
    `plugin ${plugin.name}.${hook}`,
    { "plugin.name": plugin.name, "plugin.hook": hook, "plugin.budget_ms": plugin.budgetMs },
    async (span) => {
      const outcome = await withBudget(plugin.budgetMs, call);
      span?.setAttribute("plugin.outcome", outcome.status);
      if (span && outcome.status === "error") failSpan(span, outcome.error);
      return outcome;
    },
  );
}
