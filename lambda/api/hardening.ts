/**
 * Limits on what one GraphQL document may ask, so that no request can cost the API more than a dashboard
 * page does: depth, aliases, directives and static cost (graphql-armor validation rules), tokens (the
 * graphql parser's own limit, checked before a syntax tree is built), and field suggestions hidden from
 * error messages. A rejected document gets a stable code of its own (see `QueryLimitError`).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';

export const QUERY_LIMITS = {
  /** The deepest legitimate query (participants -> nodes -> periods, or regions -> children -> parent) is 4. */
  maxDepth: 8,
  /** Aliases let one document repeat an expensive root field: a dashboard needs a handful. */
  maxAliases: 10,
  maxDirectives: 10,
  /** Lexical tokens; the largest dashboard query has about 150. */
  maxTokens: 1_000,
  /** graphql-armor's static cost (objects 2, scalars 1, x1.5 per level, x a literal `first`): a full page of
   * participants costs about 4,400, of audit entries about 8,700. */
  maxCost: 10_000,
} as const;

export type QueryLimitCode = 'QUERY_TOO_DEEP' | 'TOO_MANY_ALIASES' | 'TOO_MANY_DIRECTIVES' | 'QUERY_TOO_COSTLY' | 'TOO_MANY_TOKENS';

/** A document refused by a limit. Apollo reports it as a validation error; format-error.ts restores this code. */
export class QueryLimitError extends GraphQLError {
  constructor(
    readonly code: QueryLimitCode,
    message: string,
  ) {
    super(message, { extensions: { code } });
    this.name = 'QueryLimitError';
  }
}

const reject =
  (code: QueryLimitCode) =>
  (context: ValidationContext | null, error: GraphQLError): void =>
    context?.reportError(new QueryLimitError(code, error.message.replace(/^Syntax Error: /, '')));

export interface QueryProtection {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  /** graphql `parse` options: the token limit. */
  parseOptions: { maxTokens: number };
}

export function queryProtection(limits = QUERY_LIMITS): QueryProtection {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, propagateOnRejection: false, onReject: [reject('QUERY_TOO_DEEP')] },
    maxAliases: { n: limits.maxAliases, propagateOnRejection: false, onReject: [reject('TOO_MANY_ALIASES')] },
    maxDirectives: { n: limits.maxDirectives, propagateOnRejection: false, onReject: [reject('TOO_MANY_DIRECTIVES')] },
    costLimit: { maxCost: limits.maxCost, propagateOnRejection: false, onReject: [reject('QUERY_TOO_COSTLY')] },
    // Counted by graphql's parser instead (parseOptions): armor's token plugin fails as a server error.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  });
  const { plugins, validationRules } = armor.protect();
  return { plugins: plugins as ApolloServerPlugin[], validationRules, parseOptions: { maxTokens: limits.maxTokens } };
}

/** graphql's parser refuses a document past `maxTokens` with this message (graphql 16 spells it "more that"). */
export const TOKEN_LIMIT_MESSAGE = /Document contains more (than|that) \d+ tokens/;
