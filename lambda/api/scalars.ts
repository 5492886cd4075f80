/** Custom scalars: integer-rupiah Money (beyond 32-bit Int), validated Month and DateTime. */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isMonth } from '../domain/period.js';

const invalid = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

function money(value: unknown): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw invalid('Money must be a whole number of rupiah within ±2^53');
  return n;
}

export const MoneyScalar = new GraphQLScalarType({
  name: 'Money',
  serialize: money,
  parseValue: money,
  parseLiteral(ast) {
    if (ast.kind === Kind.INT || ast.kind === Kind.STRING) return money(ast.value);
    throw invalid('Money must be a whole number of rupiah');
  },
});

function month(value: unknown): string {
  if (typeof value !== 'string' || !isMonth(value)) throw invalid('Month must be YYYY-MM with a month from 01 to 12');
  return value;
}

export const MonthScalar = new GraphQLScalarType({
  name: 'Month',
  serialize: month,
  parseValue: month,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw invalid('Month must be a string YYYY-MM');
    return month(ast.value);
  },
});

function dateTime(value: unknown): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw invalid('DateTime must be an ISO-8601 timestamp');
  return value;
}

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: dateTime,
  parseValue: dateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw invalid('DateTime must be a string');
    return dateTime(ast.value);
  },
});
