import type { ProductDocument } from "../../../core/documents/product.document";
import { SearchField, SearchHighlight } from "../search-highlight.type";
import { searchText, type IndexedField } from "./search-index";
import { processTerm } from "../../../core/text/search-terms";

/** Longest snippet before it is cut around the first match. */
const MAX_SNIPPET = 160;

const FIELD_ENUM: Record<IndexedField, SearchField> = {
  name: SearchField.NAME,
  brand: SearchField.BRAND,
  category: SearchField.CATEGORY,
  tags: SearchField.TAGS,
};

/** Highlights of one hit: one per matched field (name, brand, category, tags order), with its terms and a marked snippet. */
export function highlightsOf(
  match: Record<string, IndexedField[]>,
  product: ProductDocument,
  categoryName: (id: string) => string | undefined,
): SearchHighlight[] {
  const text = searchText(product, categoryName);
  const highlights: SearchHighlight[] = [];
  for (const field of Object.keys(FIELD_ENUM) as IndexedField[]) {
    const matched = Object.entries(match).flatMap(([term, fields]) => (fields.includes(field) ? [term] : []));
    if (matched.length === 0) continue;
    highlights.push(
      Object.assign(new SearchHighlight(), {
        field: FIELD_ENUM[field],
        terms: matched.sort(),
        snippet: markSnippet(text[field], new Set(matched)),
      }),
    );
  }
  return highlights;
}

/** HTML-escapes `text` and wraps every word whose index term is in `terms` in `<mark>…</mark>`; long texts are cut around the first match. */
export function markSnippet(text: string, terms: ReadonlySet<string>): string {
  const words = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
  const spans: Array<[number, number]> = [];
  for (const found of text.matchAll(words)) {
    const term = processTerm(found[0]);
    if (term !== null && terms.has(term)) spans.push([found.index, found.index + found[0].length]);
  }
  let start = 0;
  let end = text.length;
  if (text.length > MAX_SNIPPET) {
    const first = spans[0]?.[0] ?? 0;
    start = Math.max(0, first - 40);
    end = Math.min(text.length, start + MAX_SNIPPET);
  }
  let out = start > 0 ? "…" : "";
  let position = start;
  for (const [from, to] of spans) {
    if (from < start || to > end) continue;
    out += escapeHtml(text.slice(position, from)) + "<mark>" + escapeHtml(text.slice(from, to)) + "</mark>";
    position = to;
  }
  out += escapeHtml(text.slice(position, end)) + (end < text.length ? "…" : "");
  return out;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
