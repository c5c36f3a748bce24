import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('info', stream), lines };
}

test.each([
  ['a plain error', () => new Error('disk full')],
  ['a stream closed early', () => Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })],
  ['a failed query, its SQL and parameters on it', () => new QueryFailedError('SELECT * FROM account WHERE email = $1', ['resident@example.org'], new Error('relation "account" does not exist'))],
])('a log line names %s by kind, message and code: no stack, no SQL, no parameters', (_case, make) => {
  const { logger, lines } = capture();
  const error = make();
  logger.warn({ err: error }, 'something failed');
  const line = JSON.parse(lines[0]!) as { err: Record<string, unknown> };
  expect(Object.keys(line.err).sort()).toEqual(expect.arrayContaining(['message', 'type']));
  expect(line.err.message).toBe(error.message);
  expect(lines[0]).not.toContain('    at ');
  expect(lines[0]).not.toContain('stack');
  expect(lines[0]).not.toContain('SELECT * FROM');
  expect(lines[0]).not.toContain('resident@example.org');
});

test.each([
  ['a plain object with a message (pg-boss emits them)', { message: 'timeout exceeded when trying to connect', sql: 'SELECT secret FROM account' }, 'timeout exceeded when trying to connect'],
  ['a plain object without one', { sql: 'SELECT secret FROM account' }, 'An error object without a message.'],
  ['a string', 'connection reset', 'connection reset'],
])('a thrown value that is not an Error, %s, is logged by its message alone', (_case, thrown, message) => {
  const { logger, lines } = capture();
  logger.error({ err: thrown }, 'job queue error');
  const line = JSON.parse(lines[0]!) as { err: Record<string, unknown> };
  expect(line.err.message).toBe(message);
  expect(lines[0]).not.toContain('[object Object]');
  expect(lines[0]).not.toContain('SELECT secret');
});
