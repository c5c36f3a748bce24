import type { Response } from 'express';
import type { Logger } from '../logger';
import { AppError, isDatabaseUnavailable, isInvalidInputValue } from './errors';

const STATUS_BY_CODE: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** The HTTP status of an error's stable code; a file over the cap is 413. */
export function httpStatusOf(error: AppError): number {
  if (error.extensions.reason === 'FILE_TOO_LARGE') return 413;
  return STATUS_BY_CODE[error.code] ?? 400;
}

/**
 * The answer of the non-GraphQL routes (uploads, files, feeds) to an error, in the same
 * shape as GraphQL's: known errors with their code, anything else logged and INTERNAL.
 */
export function sendError(res: Response, error: unknown, logger: Logger, what: string): void {
  if (res.headersSent) return;
  if (error instanceof AppError) {
    res.status(httpStatusOf(error)).json({ errors: [{ message: error.message, extensions: error.extensions }] });
    return;
  }
  if (isDatabaseUnavailable(error)) {
    // The same answer GraphQL gives when the database is gone: retry shortly, not a bug.
    logger.warn({ err: error }, `${what}: database unavailable`);
    res.status(503).setHeader('Retry-After', '2');
    res.json({ errors: [{ message: 'The service is temporarily unavailable; retry shortly.', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
    return;
  }
  if (isInvalidInputValue(error)) {
    res.status(400).json({ errors: [{ message: 'A value is not valid for its field.', extensions: { code: 'BAD_USER_INPUT' } }] });
    return;
  }
  logger.error({ err: error }, `${what} failed`);
  res.status(500).json({ errors: [{ message: 'Internal error.', extensions: { code: 'INTERNAL' } }] });
}
