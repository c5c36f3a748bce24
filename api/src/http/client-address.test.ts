import { request } from 'node:http';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { startTestApi, type TestApi } from '../../test/api';
import { secretMatches } from './client-address';

const SECRET = 's'.repeat(40);
const BUDGET = 3;

/** One anonymous GraphQL request from `localAddress`, with `headers`; resolves with the HTTP status and Retry-After. */
function ask(api: TestApi, localAddress: string, headers: Record<string, string> = {}): Promise<{ status: number; retryAfter: string | undefined }> {
  const url = new URL(`${api.url}/graphql`);
  const body = JSON.stringify({ query: '{ territory { communeCount } }' });
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'] as string | undefined }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function spend(api: TestApi, localAddress: string, headers: Record<string, string> = {}, times = BUDGET): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i += 1) statuses.push((await ask(api, localAddress, headers)).status);
  return statuses;
}

describe('which address a per-address budget counts', () => {
  let db: TestDatabase;
  let api: TestApi;
  let untrusting: TestApi;
  let port = 2;
  /** A fresh loopback address per test, so that budgets do not carry over. */
  const address = () => `127.0.0.${(port += 1)}`;
  beforeAll(async () => {
    db = await createTestDatabase();
    const rateLimit = { anonymousPerMinute: BUDGET };
    api = await startTestApi({ dataSource: db.dataSource, config: { siteProxySecret: SECRET, rateLimit } });
    untrusting = await startTestApi({ dataSource: db.dataSource, config: { siteProxySecret: undefined, rateLimit } });
  });
  afterAll(async () => {
    await api.close();
    await untrusting.close();
    await db.drop();
  });

  test.each([
    ['the site, with its secret, names two visitors: each has a budget of its own', (site: string) => [
      { from: site, headers: { 'x-nfc-client-ip': '203.0.113.7', 'x-nfc-site-secret': SECRET }, expect: [200, 200, 200, 429] },
      { from: site, headers: { 'x-nfc-client-ip': '203.0.113.8', 'x-nfc-site-secret': SECRET }, expect: [200, 200, 200, 429] },
    ]],
    ['without the secret, the named address is ignored: the caller pays', (caller: string) => [
      { from: caller, headers: { 'x-nfc-client-ip': '198.51.100.1' }, expect: [200, 200] },
      { from: caller, headers: { 'x-nfc-client-ip': '198.51.100.2' }, expect: [200, 429] },
    ]],
    ['with a wrong secret, likewise', (caller: string) => [
      { from: caller, headers: { 'x-nfc-client-ip': '198.51.100.3', 'x-nfc-site-secret': SECRET.replace(/s$/, 't') }, expect: [200, 200, 200, 429] },
      { from: caller, headers: { 'x-nfc-client-ip': '198.51.100.4', 'x-nfc-site-secret': SECRET.replace(/s$/, 't') }, expect: [429] },
    ]],
    ['X-Forwarded-For is ignored without TRUST_PROXY', (caller: string) => [
      { from: caller, headers: { 'x-forwarded-for': '198.51.100.5' }, expect: [200, 200, 200] },
      { from: caller, headers: { 'x-forwarded-for': '198.51.100.6' }, expect: [429] },
    ]],
    ['the secret does not make a forged non-address believed', (site: string) => [
      { from: site, headers: { 'x-nfc-client-ip': 'not-an-address', 'x-nfc-site-secret': SECRET }, expect: [200, 200, 200] },
      { from: site, headers: { 'x-nfc-client-ip': 'also-not', 'x-nfc-site-secret': SECRET }, expect: [429] },
    ]],
  ])('%s', async (_name, steps) => {
    const from = address();
    for (const step of steps(from)) expect(await spend(api, step.from, step.headers, step.expect.length)).toEqual(step.expect);
  });

  test('an API without SITE_PROXY_SECRET believes no header at all', async () => {
    const from = address();
    expect(await spend(untrusting, from, { 'x-nfc-client-ip': '203.0.113.9', 'x-nfc-site-secret': SECRET }, 2)).toEqual([200, 200]);
    expect(await spend(untrusting, from, { 'x-nfc-client-ip': '203.0.113.10', 'x-nfc-site-secret': SECRET }, 2)).toEqual([200, 429]);
  });

  test('a spent budget answers 429 with Retry-After', async () => {
    const from = address();
    await spend(api, from);
    const refused = await ask(api, from);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
  });
});

test('secretMatches compares whole secrets only', () => {
  expect(secretMatches(SECRET, SECRET)).toBe(true);
  expect(secretMatches(SECRET.slice(0, 39), SECRET)).toBe(false);
  expect(secretMatches(`${SECRET}x`, SECRET)).toBe(false);
  expect(secretMatches(undefined, SECRET)).toBe(false);
  expect(secretMatches('', '')).toBe(false);
});
