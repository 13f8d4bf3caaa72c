/** Rough token count of a text for budgets and reports: one token per four characters. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
