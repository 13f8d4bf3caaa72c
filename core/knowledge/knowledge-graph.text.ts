/** Lower case, accents removed (ë → e, ç → c, ə → e), non-letters to spaces, single spaces. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ə/g, "e")
    .replace(/ı/g, "i")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** Naive English singular: noodles → noodle, tomatoes → tomato, berries → berry; short words unchanged. */
export function singular(token: string): string {
  if (token.length <= 3) return token;
  if (token.endsWith("ies") && token.length > 4) return `${token.slice(0, -3)}y`;
  if (token.endsWith("oes")) return token.slice(0, -2);
  if (/(ss|us|is)$/.test(token)) return token;
  if (token.endsWith("es") && /(ch|sh|x)es$/.test(token)) return token.slice(0, -2);
  if (token.endsWith("s")) return token.slice(0, -1);
  return token;
}

/** Matching tokens of a text: normalized, singular, digits-only and one-letter tokens dropped. */
export function tokens(text: string): string[] {
  return normalizeText(text)
    .split(" ")
    .filter((token) => token.length > 1 && !/^\d+$/.test(token))
    .map(singular);
}
