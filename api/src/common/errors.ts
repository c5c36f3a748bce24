import type { ErrorCode } from '@nfc/shared';
import { GraphQLError } from 'graphql';

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
    if (typeof candidate.message === 'string' && /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error/i.test(candidate.message)) {
      return true;
    }
    current = candidate.driverError ?? candidate.cause ?? candidate.originalError;
  }
  return false;
}
