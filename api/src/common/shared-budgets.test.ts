import { RATE_LIMIT_TABLE } from './rate-limits';
import { startTestApi, type TestApi } from '../../test/api';
import { createTestDatabase, type TestDatabase } from '../../test/database';

/**
 * Two API processes behind one load balancer, on one database: a client's budget is one budget,
 * whichever process answers. (Each server here has its own limiters, as two processes would; only
 * the database is shared.) The same pair with budgets in memory is the control: it lets through
 * one budget per process, so the test can tell the stores apart.
 */
let db: TestDatabase;
const started: TestApi[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const api of started) await api.close();
  await db?.drop();
});

async function pair(store: 'postgres' | 'memory', anonymousPerMinute: number): Promise<[TestApi, TestApi]> {
  const make = () => startTestApi({ dataSource: db.dataSource, config: { rateLimit: { anonymousPerMinute, store } } });
  const servers: [TestApi, TestApi] = [await make(), await make()];
  started.push(...servers);
  return servers;
}

/** One anonymous GraphQL read from this machine's one address; its status. */
async function read(api: TestApi): Promise<number> {
  const response = await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ territory { communeCount } }' }) });
  await response.arrayBuffer();
  return response.status;
}

test.each([
  // store, budget, statuses of 12 reads alternating between the two processes
  ['postgres', 6, [...Array(6).fill(200), ...Array(6).fill(429)]],
  ['memory', 6, Array(12).fill(200)],
] as const)('budgets in %s, %i a minute: twelve reads alternating between two processes', async (store, budget, expected) => {
  await db.dataSource.query(`DELETE FROM ${RATE_LIMIT_TABLE}`);
  const [a, b] = await pair(store, budget);
  const statuses: number[] = [];
  for (let i = 0; i < 12; i += 1) statuses.push(await read(i % 2 === 0 ? a : b));
  expect(statuses).toEqual(expected);
  if (store === 'postgres') {
    // Both processes refuse, and the count is the database's: one row for the address, every point in it.
    expect([await read(a), await read(b)]).toEqual([429, 429]);
    const [row] = await db.dataSource.query(`SELECT points FROM ${RATE_LIMIT_TABLE} WHERE key LIKE 'ip:%'`);
    expect(row.points).toBeGreaterThanOrEqual(budget);
  }
});

test('a budget spent on one process is refused by a process started after it (nothing lives in a process’s memory)', async () => {
  await db.dataSource.query(`DELETE FROM ${RATE_LIMIT_TABLE}`);
  const [first] = await pair('postgres', 3);
  for (let i = 0; i < 3; i += 1) expect(await read(first)).toBe(200);
  const [late] = await pair('postgres', 3);
  expect(await read(late)).toBe(429);
});
