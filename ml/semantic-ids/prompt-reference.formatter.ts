/** An item as an LLM prompt references it. */
export interface PromptItem {
  semanticId: string;
  name: string;
  brand?: string | null;
  price?: number | null;
}

/** `[12-201-7-0] Scented Candle (Yankee Candle, 19.99)`: one short line per item, names cut at `maxName` characters. */
export function formatItemReference(item: PromptItem, maxName = 60): string {
  const name = item.name.length > maxName ? `${item.name.slice(0, maxName - 1)}…` : item.name;
  const details = [item.brand, typeof item.price === "number" ? item.price.toFixed(2) : null].filter(
    (part): part is string => !!part,
  );
  return `[${item.semanticId}] ${name}${details.length ? ` (${details.join(", ")})` : ""}`;
}

/** Item lines for a prompt, stopping before `maxChars` total (the count left out is noted on a last line). */
export function formatItemsForPrompt(items: readonly PromptItem[], maxChars = 4000): string {
  const lines: string[] = [];
  let used = 0;
  for (const item of items) {
    const line = formatItemReference(item);
    if (used + line.length + 1 > maxChars) {
      lines.push(`(+${items.length - lines.length} more)`);
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return lines.join("\n");
}

/** Semantic IDs an LLM answer cites as `[a-b-c-d]`, in order of first mention. */
export function parseItemReferences(text: string): string[] {
  return [...new Set([...text.matchAll(/\[(\d{1,4}(?:-\d{1,4}){1,4})\]/g)].map((match) => match[1]!))];
}
