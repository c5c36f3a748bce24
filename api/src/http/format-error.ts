import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { AppError, isDatabaseUnavailable, isInvalidInputValue } from '../common/errors';
import { flattenValidationErrors } from '../common/validation-errors';

/** Codes of errors Apollo and graphql-js raise about the request itself; their messages are safe. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * The only path from an error to the client. Known errors keep their code and
 * message; anything else becomes INTERNAL (or SERVICE_UNAVAILABLE when the database
 * is gone), with no stack trace, SQL or driver text.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  // Validation rules (query limits) report AppErrors that Apollo wraps once more.
  const unwrapped = unwrapResolverError(error);
  const cause = (unwrapped as { originalError?: unknown } | undefined)?.originalError;
  const original = cause instanceof AppError ? cause : unwrapped;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (original instanceof AppError) {
    const { http: _http, ...extensions } = original.extensions as Record<string, unknown>;
    return { ...base, message: original.message, extensions };
  }
  if (original instanceof ArgumentValidationError) {
    return {
      ...base,
      message: 'The input is not valid.',
      extensions: { code: 'BAD_USER_INPUT', fields: flattenValidationErrors(original.extensions.validationErrors as ValidationError[]) },
    };
  }
  if (isDatabaseUnavailable(original)) {
    return { ...base, message: 'The service is temporarily unavailable; retry shortly.', extensions: { code: 'SERVICE_UNAVAILABLE' } };
  }
  if (isInvalidInputValue(original)) {
    return { ...base, message: 'A value is not valid for its field (a malformed id, or a number or date out of range).', extensions: { code: 'BAD_USER_INPUT' } };
  }
  const code = formatted.extensions?.code;
  // graphql-js stops coercing variables after 50 errors with an error of its own, without a code.
  if (/^Too many errors processing variables/.test(formatted.message)) return { ...base, extensions: { code: 'BAD_USER_INPUT' } };
  if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
    return { ...base, extensions: { code } };
  }
  return { ...base, message: 'Internal error.', extensions: { code: 'INTERNAL' } };
}

/**
 * Removes graphql-js's "Did you mean …?" hints (field, argument, type and enum value names).
 * graphql-armor's blockFieldSuggestion covers fields only; enum values keep theirs, and would
 * tell a stranger the schema that introspection hides. Applied when introspection is off.
 */
export function withoutSuggestions(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const message = formatted.message.replace(/\s*Did you mean [^]*$/, '');
  return message === formatted.message ? formatted : { ...formatted, message: message || 'The request is not valid.' };
}
