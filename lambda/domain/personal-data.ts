/**
 * Masked forms of personal data for places where an auditor must see that a value changed without
 * reading it (the import ledger). The NIK is masked by `maskNik` (domain/nik.ts); its keyed hash is
 * never shown. Pure.
 */

/** `Siti Aminah` -> `S*** A*****`: the initials and the length of each word, nothing more. */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .map((w) => (w.length === 0 ? '' : `${[...w][0]}${'*'.repeat(Math.max(0, [...w].length - 1))}`))
    .join(' ');
}

/** `1980-05-17` -> `1980-**-**`: the year (age bands rest on it), not the day of birth. */
export function maskBirthDate(date: string): string {
  return `${date.slice(0, 4)}-**-**`;
}
