/**
 * Code-unit order of two strings. For codes and periods (ASCII digits, dots, dashes, upper-case letters)
 * it is the order `localeCompare` gives, without what `localeCompare` costs on its first call in a
 * process: building an ICU collator, about 10 ms of every cold start.
 */
export function compareOrdinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
