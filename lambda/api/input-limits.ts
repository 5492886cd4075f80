/**
 * Edge validation of arguments the schema's types cannot bound: list lengths, string lengths and region
 * code syntax. Each failure names the argument, with a stable code (INVALID_INPUT), so a client can tell
 * which input to fix. Values themselves (codes, months, page sizes) are checked where they are used.
 */
import { DomainError } from '../domain/errors.js';
import { normalizeRegionCode } from '../domain/regions.js';

/** More values than any code list has: a longer list is a mistake or an attack, never a query. */
export const MAX_LIST_VALUES = 50;
export const MAX_STRING_LENGTH = 64;

const invalid = (argument: string, message: string) => new DomainError('INVALID_INPUT', message, { argument });

export function checkString(argument: string, value: string | null | undefined, max = MAX_STRING_LENGTH): void {
  if (value != null && value.length > max) throw invalid(argument, `${argument} is longer than ${max} characters`);
}

export function checkList(argument: string, values: readonly string[] | null | undefined, max = MAX_LIST_VALUES): void {
  if (values == null) return;
  if (values.length > max) throw invalid(argument, `${argument} has ${values.length} values; at most ${max} are allowed`);
  for (const v of values) checkString(argument, v);
}

/** A region code argument in the dotted (35.09) or undotted (3509) form, normalised; malformed text is refused. */
export function regionCodeArg(argument: string, text: string): string {
  checkString(argument, text);
  const code = normalizeRegionCode(text);
  if (!code) throw invalid(argument, `${argument} must be a region code such as 35 or 35.09`);
  return code;
}
