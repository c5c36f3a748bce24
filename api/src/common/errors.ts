import type { ErrorCode } from '@nfc/shared';
import { isUUID } from 'class-validator';
import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';

/** A field-level problem in the input, so forms can show it next to the field. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * An error meant for the client: its code is stable, its message is safe to show.
 * Anything else that escapes a resolver is reported as INTERNAL with no detail.
 */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = 'AppError';
  }

  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export function badUserInput(message: string, fields: FieldError[] = []): AppError {
  return new AppError('BAD_USER_INPUT', message, fields.length ? { fields } : {});
}

export function notFound(what: string, key: string): AppError {
  return new AppError('NOT_FOUND', `${what} "${key}" does not exist.`);
}

export function forbidden(message = 'You are not allowed to do this.'): AppError {
  return new AppError('FORBIDDEN', message);
}

export function unauthenticated(message = 'Authentication required.'): AppError {
  return new AppError('UNAUTHENTICATED', message);
}

export function conflict(message: string, fields: FieldError[] = []): AppError {
  return new AppError('CONFLICT', message, fields.length ? { fields } : {});
}

export function rateLimited(retryAfterSeconds: number): AppError {
  return new AppError('RATE_LIMITED', 'Too many requests; retry later.', { retryAfterSeconds });
}

/** PostgreSQL SQLSTATEs and socket errors meaning "the database cannot be reached right now". */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

/** True when an error comes from losing the database, not from the request. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const candidate = current as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; originalError?: unknown };
    if (typeof candidate.code === 'string' && UNAVAILABLE_CODES.has(candidate.code)) return true;
    // TypeORM's "already released" errors follow a connection lost mid-transaction: the same outage, seen later.
    // pg's "closed and not queryable" is a pooled client whose socket the outage ended before the pool let it go.
    if (typeof candidate.message === 'string' && /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error|Client was closed and is not queryable|query runner (?:was )?already released/i.test(candidate.message)) {
      return true;
    }
    current = candidate.driverError ?? candidate.cause ?? candidate.originalError;
  }
  return false;
}

/**
 * PostgreSQL data exceptions that only a value sent by the client can raise: a malformed id
 * or number ("invalid input syntax for type uuid"), a number, date or text out of its
 * column's range, a NUL byte in text (a file route's path). They are the client's error
 * (BAD_USER_INPUT), wherever a service forgot to check first: one rule instead of a check
 * in front of every query.
 */
const INVALID_VALUE_CODES = new Set(['22P02', '22003', '22007', '22008', '22001', '22021', '2201W', '2201X']);

/** True when the database refused a value of the request (see INVALID_VALUE_CODES). */
export function isInvalidInputValue(error: unknown): boolean {
  const driverError = error instanceof QueryFailedError ? (error.driverError as { code?: string }) : undefined;
  return typeof driverError?.code === 'string' && INVALID_VALUE_CODES.has(driverError.code);
}

/** Refuses a malformed id before it reaches SQL (where it would be an internal error). */
export function assertUuid(value: string, field = 'id'): void {
  if (!isUUID(value)) throw badUserInput(`${field} must be a UUID.`, [{ field, message: 'Expected a UUID.' }]);
}

/** True when a write failed on the named unique constraint. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driverError = error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : undefined;
  return driverError?.code === '23505' && driverError.constraint === constraint;
}
