// One formatter per currency for the whole app: building an Intl.NumberFormat costs far more than
// formatting with it (it was the largest single cost of rendering home on the server).
const formatters = new Map<string, Intl.NumberFormat>();

/** `value` in `currency` as the storefront shows prices (en-US, e.g. `$3.49`). */
export function money(value: number, currency = "USD"): string {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en-US", { style: "currency", currency });
    formatters.set(currency, formatter);
  }
  return formatter.format(value);
}
