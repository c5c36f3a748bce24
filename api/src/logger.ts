import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * What a log line says of an error: its kind, message and code, nothing else. Not its stack (the
 * brief: no stack trace in logs), nor the properties libraries hang on errors: TypeORM's
 * QueryFailedError carries the SQL and its parameters (people's addresses, e-mails), pg's errors
 * the statement's detail. The message is cut at 500 characters.
 */
export function describeError(error: unknown): { type: string; message: string; code?: string } {
  if (!(error instanceof Error)) {
    // A library may emit a plain object (pg-boss does): its own message, never the object's other
    // properties (they can hold SQL or job data), and never "[object Object]".
    const message = error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string' ? (error as { message: string }).message : typeof error === 'object' && error ? 'An error object without a message.' : String(error);
    return { type: typeof error, message: message.slice(0, 500) };
  }
  const code = (error as { code?: unknown }).code;
  return { type: error.name, message: error.message.slice(0, 500), ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}) };
}

/** Structured JSON logs; secrets in headers never reach them, nor stack traces or SQL. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'nfc-api' },
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.passwordHash'],
    serializers: { err: describeError, error: describeError },
  };
  return destination ? pino(options, destination) : pino(options);
}
