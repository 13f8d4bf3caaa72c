/** Result of a call run under a time budget. */
export type BudgetOutcome<T> =
  | { status: "ok"; value: T; ms: number }
  | { status: "timeout"; ms: number }
  | { status: "error"; error: unknown; ms: number };

/** Runs `call` and settles after at most `budgetMs`; a late or failed call is reported, never thrown. */
export async function withBudget<T>(budgetMs: number, call: () => Promise<T>): Promise<BudgetOutcome<T>> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), budgetMs);
  });
  try {
    const result = await Promise.race([call().then((value) => ({ value })), timeout]);
    const ms = performance.now() - started;
    return result === "timeout" ? { status: "timeout", ms } : { status: "ok", value: result.value, ms };
  } catch (error) {
    return { status: "error", error, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}
