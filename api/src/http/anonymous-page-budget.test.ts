import { SITE_PROXY_HEADERS } from '@nfc/shared';
import { useTestApi } from '../../test/api';
import { createOrganisation, issueApiKey } from '../../test/factories';

/** The anonymous page budget: what a request makes the database do, per address, before it runs. */
const SECRET = 'site-secret-for-the-page-budget-test';
const env = useTestApi({ config: { siteProxySecret: SECRET, rateLimit: { anonymousPagesPerSecond: 5 } } });

const ONE_PAGE = '{ communes(first: 2) { nodes { name } } }';
const COUNTED_PAGE = '{ events(first: 2) { totalCount nodes { id } } }';
const THREE_PAGES = `{ a: events(first: 5) { totalCount nodes { id } } b: events(first: 5, filter: { free: true }) { nodes { id } } c: communes(first: 5) { nodes { name } } }`;

async function post(query: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${env.api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { errors?: Array<{ extensions: { code: string; retryAfterSeconds?: number } }> };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), code: body.errors?.[0]?.extensions.code ?? 'OK' };
}

const visitor = (address: string) => ({ [SITE_PROXY_HEADERS.clientIp]: address, [SITE_PROXY_HEADERS.secret]: SECRET });

/** Waits for the start of a fresh one-second window, so the counts below are not split across two. */
async function freshSecond(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1100));
}

test.each([
  ['three pages, one counted (cost 3 + 2), then again at once', [THREE_PAGES, THREE_PAGES], ['OK', 'RATE_LIMITED']],
  ['one page (cost 1) five times, then a sixth', [...Array(5).fill(ONE_PAGE), ONE_PAGE], ['OK', 'OK', 'OK', 'OK', 'OK', 'RATE_LIMITED']],
  ['one counted page (cost 3), then a page (cost 1), then a counted page again', [COUNTED_PAGE, ONE_PAGE, COUNTED_PAGE], ['OK', 'OK', 'RATE_LIMITED']],
  ['requests without pages, many times', Array(12).fill('{ territory { communeCount } }'), Array(12).fill('OK')],
])('an anonymous address: %s', async (_case, queries, expected) => {
  await freshSecond();
  const address = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
  const answers = [];
  for (const query of queries) answers.push(await post(query, visitor(address)));
  expect(answers.map((answer) => answer.code)).toEqual(expected);
  const refused = answers.find((answer) => answer.code === 'RATE_LIMITED');
  if (refused) {
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
  }
});

test('one visitor spending the budget leaves another visitor, and signed-in callers, theirs', async () => {
  await freshSecond();
  expect((await post(THREE_PAGES, visitor('198.51.100.7'))).code).toBe('OK');
  expect((await post(THREE_PAGES, visitor('198.51.100.7'))).code).toBe('RATE_LIMITED');
  expect((await post(THREE_PAGES, visitor('198.51.100.8'))).code).toBe('OK');
  const office = await createOrganisation(env.db.dataSource);
  const { key } = await issueApiKey(env.db.dataSource, office.id);
  for (let i = 0; i < 3; i += 1) expect((await post(THREE_PAGES, { ...visitor('198.51.100.7'), authorization: `Bearer ${key}` })).code).toBe('OK');
});
