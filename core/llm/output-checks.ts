import { normalizeText } from "./input-hash";

/** Why a free-text field of a model output was refused. */
export type TextRejection =
  | "empty"
  | "too-long"
  | "control-characters"
  | "markup"
  | "url"
  | "email"
  | "phone-number"
  | "instruction"
  | "promotion";

/** Limits of one free-text field. */
export interface TextRules {
  /** Longest accepted text, in characters. */
  maxLength: number;
}

// Characters a shopper-facing line never needs: C0/C1 controls, bidi overrides and zero-width marks.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
// Angle brackets (HTML, XML, prompt delimiters), HTML entities, markdown links/images, code fences.
const MARKUP = /[<>]|&[a-z]+;|&#\d+;|\]\(|!\[|```|\bjavascript:|\bon[a-z]+\s*=/i;
const URL =
  /\b(?:https?|ftp|file|data):|\bwww\.|\b[a-z0-9-]+\.(?:com|net|org|io|co|info|biz|ru|cn|xyz|top|app|dev|ly|me|us|uk|de)\b/i;
const EMAIL = /\b[^\s@]+@[^\s@]+\.[a-z]{2,}\b/i;
// Seven or more digits in a row allowing separators (555-0100 has 7): phone numbers, not prices or sizes.
const PHONE = /(?:\+?\d[\s().-]*){7,}|\b\d{3}[\s.-]\d{4}\b/;
// Role markers and imperatives aimed at the reader or at another model.
const INSTRUCTION =
  /\b(?:system|assistant|developer|user)\s*:|\bignore (?:all |any |the )?(?:previous|prior|above|earlier)\b|\b(?:disregard|override) (?:all|any|the|previous|prior|your)\b|\b(?:call|dial|text|phone|whatsapp|telegram|sms)\s+(?:us|now|me|today|\+?\d)|\b(?:visit|click|tap|follow)\s+(?:here|now|us|our|the link|this link)|\b(?:enter|send|share|give) (?:us )?your\b|\bpassword\b|\bcredit card\b|\bapi key\b/i;
// Discount claims the catalog did not make ("90% off", "free gift").
const PROMOTION = /\b\d{1,3}\s?%\s?off\b|\bfree (?:gift|money|prize)\b|\bwinner\b|\bcoupon code\b/i;

/**
 * Checks one shopper-facing text a model wrote (a label, title, explanation, rewritten query or
 * summary): bounded length, printable characters, no markup, links, e-mail addresses, phone numbers,
 * role markers or instructions, no invented promotions. Returns why it is refused, or null when it is fine.
 * The checks are deliberately strict: a refused output is replaced by the offline twin, never shown.
 */
export function checkText(text: string, rules: TextRules): TextRejection | null {
  const trimmed = text.trim();
  if (trimmed.length === 0) return "empty";
  if (trimmed.length > rules.maxLength) return "too-long";
  if (CONTROL.test(trimmed)) return "control-characters";
  if (MARKUP.test(trimmed)) return "markup";
  if (EMAIL.test(trimmed)) return "email";
  if (URL.test(trimmed)) return "url";
  if (PHONE.test(trimmed)) return "phone-number";
  if (INSTRUCTION.test(trimmed)) return "instruction";
  if (PROMOTION.test(trimmed)) return "promotion";
  return null;
}

/** The first refusal among `fields` (name → text), as "field: reason", or null when every field passes. */
export function checkTexts(fields: ReadonlyArray<readonly [string, string | undefined, TextRules]>): string | null {
  for (const [name, text, rules] of fields) {
    if (text === undefined) continue;
    const rejection = checkText(text, rules);
    if (rejection) return `${name}: ${rejection}`;
  }
  return null;
}

/** Words of a text for relatedness checks: normalized, split on non-alphanumerics, 2+ characters. */
function words(text: string): string[] {
  return normalizeText(text)
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 2);
}

function stemmed(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith("es") && /(s|x|z|ch|sh|o)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

/**
 * True when `text` shares a content word (plural-insensitive, or a 3+ letter prefix) with `vocabulary`:
 * the words of the query and of what the query's own narrowing found (its categories, items and brands).
 * A rewrite that shares none has moved the query somewhere unrelated ("ragu" → "whole milk").
 */
export function sharesVocabulary(text: string, vocabulary: ReadonlySet<string>): boolean {
  for (const word of words(text)) {
    const stem = stemmed(word);
    if (vocabulary.has(word) || vocabulary.has(stem)) return true;
    if (stem.length >= 3)
      for (const known of vocabulary)
        if (known.length >= 3 && (known.startsWith(stem) || stem.startsWith(known))) return true;
  }
  return false;
}

/** The vocabulary of {@link sharesVocabulary}: stemmed words of `texts`, common filler words left out. */
export function vocabularyOf(texts: Iterable<string>): Set<string> {
  const vocabulary = new Set<string>();
  for (const text of texts) for (const word of words(text)) if (!FILLER.has(word)) vocabulary.add(stemmed(word));
  return vocabulary;
}

const FILLER = new Set([
  "the",
  "and",
  "of",
  "for",
  "with",
  "in",
  "on",
  "to",
  "or",
  "a",
  "an",
  "by",
  "at",
  "from",
  "style",
  "classic",
  "original",
  "new",
]);
