import { QueryRunnerAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable } from './errors';

describe('isDatabaseUnavailable', () => {
  test.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['an administrator shutdown (57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a database starting up (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['an exhausted pool', new Error('timeout exceeded when trying to connect')],
    ['a pooled client whose socket the outage closed (pg)', new Error('Client was closed and is not queryable')],
    ['a transaction whose connection died (TypeORM)', new QueryRunnerAlreadyReleasedError()],
    ['the same, wrapped as a cause', new Error('commit failed', { cause: new Error('Database connection provided by a query runner was already released, cannot continue to use its querying methods anymore.') })],
  ])('%s means the database is unavailable', (_case, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  test.each([
    ['a unique violation', Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' })],
    ['a bug', new TypeError('cannot read properties of undefined')],
  ])('%s does not', (_case, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
