/**
 * Whether a grocery product served in a "Because you order <cuisine>" carousel is what the carousel
 * promises, judged independently of the knowledge graph's own scoring: the product's name holds every
 * word of the grocery term that linked it to the cuisine ("Ramen Noodles" for "ramen noodles"), or one
 * of its categories is named exactly that term (a product of "Instant Noodles" for "instant noodles").
 * Words are compared lower-cased and singular ("Eggs" holds "egg").
 */
export function namesItsTerm(term: string, productName: string, categoryNames: readonly string[]): boolean {
  const wanted = words(term);
  if (wanted.length === 0) return false;
  const name = new Set(words(productName));
  if (wanted.every((word) => name.has(word))) return true;
  const key = wanted.join(" ");
  return categoryNames.some((category) => words(category).join(" ") === key);
}

function words(text: string): string[] {
  return (text.toLowerCase().match(/[a-z\u00c0-\u024f]+/g) ?? []).map(singular);
}

function singular(word: string): string {
  if (word.length > 3 && word.endsWith("oes")) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}
