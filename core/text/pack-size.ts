import type { PackSize } from "../documents/product.document";

/** Unit spellings (lower case, dots removed) → normalized unit of {@link PackSize}. */
const UNIT_ALIASES: Record<string, string> = {
  g: "g",
  gr: "g",
  gram: "g",
  grams: "g",
  gm: "g",
  kg: "kg",
  kgs: "kg",
  kilo: "kg",
  kilogram: "kg",
  kilograms: "kg",
  mg: "mg",
  ml: "ml",
  milliliter: "ml",
  millilitre: "ml",
  milliliters: "ml",
  millilitres: "ml",
  cl: "cl",
  l: "l",
  lt: "l",
  ltr: "l",
  liter: "l",
  litre: "l",
  liters: "l",
  litres: "l",
  oz: "oz",
  ounce: "oz",
  ounces: "oz",
  "fl oz": "fl_oz",
  floz: "fl_oz",
  "fluid ounce": "fl_oz",
  "fluid ounces": "fl_oz",
  lb: "lb",
  lbs: "lb",
  pound: "lb",
  pounds: "lb",
  "#": "lb",
  gal: "gal",
  gallon: "gal",
  gallons: "gal",
  qt: "qt",
  quart: "qt",
  quarts: "qt",
  pt: "pt",
  pint: "pt",
  pints: "pt",
  ct: "ct",
  count: "ct",
  pk: "ct",
  pack: "ct",
  pc: "ct",
  pcs: "ct",
  piece: "ct",
  pieces: "ct",
  ea: "ct",
  each: "ct",
  roll: "ct",
  rolls: "ct",
  sheet: "ct",
  sheets: "ct",
  bag: "ct",
  bags: "ct",
  stem: "ct",
  stems: "ct",
  can: "ct",
  cans: "ct",
  bottle: "ct",
  bottles: "ct",
};

/** Grams / millilitres per unit; `ct` stays a count. */
const TO_BASE: Record<string, { base: "g" | "ml" | "ct"; factor: number }> = {
  mg: { base: "g", factor: 0.001 },
  g: { base: "g", factor: 1 },
  kg: { base: "g", factor: 1000 },
  oz: { base: "g", factor: 28.349523125 },
  lb: { base: "g", factor: 453.59237 },
  ml: { base: "ml", factor: 1 },
  cl: { base: "ml", factor: 10 },
  l: { base: "ml", factor: 1000 },
  fl_oz: { base: "ml", factor: 29.5735295625 },
  gal: { base: "ml", factor: 3785.411784 },
  qt: { base: "ml", factor: 946.352946 },
  pt: { base: "ml", factor: 473.176473 },
  ct: { base: "ct", factor: 1 },
};

const UNIT_PATTERN = Object.keys(UNIT_ALIASES)
  .sort((a, b) => b.length - a.length)
  .map((unit) => unit.replace(/[#]/g, "\\$&").replace(/ /g, "\\s*"))
  .join("|");
const NUMBER = String.raw`(\d+(?:[.,]\d+)?|\d*[.,]\d+|\d+\s*/\s*\d+|\d+\s+\d+\s*/\s*\d+)`;
/** "6 x 330 ml", "6x330ml", "12 pk 12 fl oz". */
const MULTI = new RegExp(
  String.raw`(?:^|[^\w.-])(\d+)\s*(?:x|×|\*|pk|pack|ct|count)\s*${NUMBER}\s*(${UNIT_PATTERN})(?![a-z])`,
  "i",
);
/** "22 LB", "1.5L", "12 ct", "1/2 gal", "8.5 fl. oz.". */
const SINGLE = new RegExp(String.raw`(?:^|[^\w.-])${NUMBER}\s*-?\s*(${UNIT_PATTERN})(?![a-z])`, "i");

function parseNumber(text: string): number {
  const trimmed = text.trim();
  const mixed = /^(\d+)\s+(\d+)\s*\/\s*(\d+)$/.exec(trimmed);
  if (mixed) return Number(mixed[1]) + Number(mixed[2]) / Number(mixed[3]);
  const fraction = /^(\d+)\s*\/\s*(\d+)$/.exec(trimmed);
  if (fraction) return Number(fraction[1]) / Number(fraction[2]);
  return Number(trimmed.replace(",", "."));
}

function normalizeUnit(raw: string): string | undefined {
  return UNIT_ALIASES[raw.toLowerCase().replace(/\./g, "").replace(/\s+/g, " ").trim()];
}

/**
 * Parses a pack size from free text ("22 LB", "12 oz", "6 x 330 ml", "1.5L", "12 ct", "1/2 gal",
 * "8.5 fl. oz."). Returns undefined when no size is found or the numbers are not positive.
 */
export function parsePackSize(text: string | null | undefined): PackSize | undefined {
  if (!text) return undefined;
  const cleaned = text
    .replace(/(\d)\s*fl\.\s*oz\.?/gi, "$1 fl oz")
    .replace(/\b(oz|lb|ct|pk|gal|qt|pt|ml|kg|ltr?)\./gi, "$1");
  const multi = MULTI.exec(cleaned);
  if (multi) {
    const count = Number(multi[1]);
    const value = parseNumber(multi[2]!);
    const unit = normalizeUnit(multi[3]!);
    if (unit && count > 0 && count < 1000 && value > 0 && Number.isFinite(value))
      return { value: round(value), unit, count, text: text.trim() };
  }
  const single = SINGLE.exec(cleaned);
  if (!single) return undefined;
  const value = parseNumber(single[1]!);
  const unit = normalizeUnit(single[2]!);
  if (!unit || !(value > 0) || !Number.isFinite(value)) return undefined;
  return { value: round(value), unit, count: 1, text: text.trim() };
}

/** Total quantity of a pack in base units: grams, millilitres or items. */
export function totalQuantity(size: PackSize): { amount: number; base: "g" | "ml" | "ct" } | undefined {
  const conversion = TO_BASE[size.unit];
  if (!conversion) return undefined;
  return { amount: size.value * size.count * conversion.factor, base: conversion.base };
}

/** Price per kg, per l or per item for a pack; undefined when the size is unknown or zero. */
export function unitPrice(price: number, size: PackSize | undefined): { value: number; per: string } | undefined {
  if (!size || !(price >= 0)) return undefined;
  const total = totalQuantity(size);
  if (!total || !(total.amount > 0)) return undefined;
  if (total.base === "g") return { value: round((price / total.amount) * 1000, 4), per: "kg" };
  if (total.base === "ml") return { value: round((price / total.amount) * 1000, 4), per: "l" };
  return { value: round(price / total.amount, 4), per: "item" };
}

function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
