import { startTestApi, useTestApi, forgetBudgets } from '../../test/api';
import { isForeignOrigin, originsOf } from './cross-origin';

const env = useTestApi();

const PARTNER = 'https://www.partenaire.example';
const SITE = () => new URL(env.api.config.publicSiteUrl).origin;
const QUERY = JSON.stringify({ query: '{ territory { name } }' });
const MUTATION = JSON.stringify({ query: 'mutation { login(email: "nobody@example.org", password: "wrong-password") { token } }' });
const json = { 'content-type': 'application/json' };

interface Case {
  name: string;
  origin: string | (() => string) | null;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  /** Access-Control-Allow-Origin expected, or null for none. */
  allowOrigin: string | null;
  /** extensions.code and reason of the first error, when the answer must be a refusal. */
  refusal?: { code: string; reason?: string };
  /** The answer must not be a cross-origin refusal (it may be another error). */
  notCrossOrigin?: boolean;
}

const CASES: Case[] = [
  { name: 'a public query without Origin (a server)', origin: null, method: 'POST', path: '/graphql', headers: json, body: QUERY, status: 200, allowOrigin: '*' },
  { name: 'a public query from a partner page', origin: PARTNER, method: 'POST', path: '/graphql', headers: json, body: QUERY, status: 200, allowOrigin: '*' },
  { name: 'a GET query from a partner page, with the preflight header', origin: PARTNER, method: 'GET', path: `/graphql?query=${encodeURIComponent('{ territory { name } }')}`, headers: { 'apollo-require-preflight': '1' }, status: 200, allowOrigin: '*' },
  { name: 'a simple GET query (no preflight) from a partner page: Apollo CSRF prevention', origin: PARTNER, method: 'GET', path: `/graphql?query=${encodeURIComponent('{ territory { name } }')}`, status: 400, allowOrigin: '*' },
  { name: 'an anonymous mutation from a partner page', origin: PARTNER, method: 'POST', path: '/graphql', headers: json, body: MUTATION, status: 403, allowOrigin: '*', refusal: { code: 'FORBIDDEN', reason: 'CROSS_ORIGIN' } },
  { name: 'a mutation from a sandboxed page (Origin: null)', origin: 'null', method: 'POST', path: '/graphql', headers: json, body: MUTATION, status: 403, allowOrigin: '*', refusal: { code: 'FORBIDDEN', reason: 'CROSS_ORIGIN' } },
  { name: 'an anonymous mutation from the site itself', origin: SITE, method: 'POST', path: '/graphql', headers: json, body: MUTATION, status: 200, allowOrigin: '*', notCrossOrigin: true },
  { name: 'an anonymous mutation from a server (no Origin)', origin: null, method: 'POST', path: '/graphql', headers: json, body: MUTATION, status: 200, allowOrigin: '*', notCrossOrigin: true },
  { name: 'a query with a bearer token from a partner page', origin: PARTNER, method: 'POST', path: '/graphql', headers: { ...json, authorization: 'Bearer nfc_abcdefghij_secret' }, body: QUERY, status: 403, allowOrigin: null, refusal: { code: 'FORBIDDEN', reason: 'CROSS_ORIGIN' } },
  { name: 'a calendar feed from a partner page', origin: PARTNER, method: 'GET', path: '/feeds/agenda.ics', status: 200, allowOrigin: '*' },
  { name: 'an RSS feed from a partner page', origin: PARTNER, method: 'GET', path: '/feeds/agenda.rss', status: 200, allowOrigin: '*' },
  { name: 'an upload posted from a partner page', origin: PARTNER, method: 'POST', path: '/uploads', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--', status: 403, allowOrigin: null, refusal: { code: 'FORBIDDEN', reason: 'CROSS_ORIGIN' } },
  { name: 'the health check from a partner page (not a public read)', origin: PARTNER, method: 'GET', path: '/healthz', status: 200, allowOrigin: null },
];

test.each(CASES)('$name → $status', async ({ origin, method, path, headers = {}, body, status, allowOrigin, refusal, notCrossOrigin }) => {
  const originValue = typeof origin === 'function' ? origin() : origin;
  const response = await fetch(env.api.url + path, { method, headers: { ...headers, ...(originValue ? { origin: originValue } : {}) }, body });
  const text = await response.text();
  expect(response.status).toBe(status);
  expect(response.headers.get('access-control-allow-origin')).toBe(allowOrigin);
  // Never credentials: a browser then sends no cookie and exposes nothing of a credentialed call.
  expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  if (refusal) {
    const error = JSON.parse(text).errors[0];
    expect(error.extensions).toMatchObject(refusal);
  }
  if (notCrossOrigin) {
    expect(JSON.parse(text).errors?.[0]?.extensions?.reason).not.toBe('CROSS_ORIGIN');
  }
});

const PREFLIGHTS: Array<{ name: string; path: string; requestHeaders: string; allowsRequestedHeaders: boolean }> = [
  { name: 'a JSON query to /graphql', path: '/graphql', requestHeaders: 'content-type', allowsRequestedHeaders: true },
  { name: "a GET with Apollo's preflight header", path: '/graphql', requestHeaders: 'apollo-require-preflight', allowsRequestedHeaders: true },
  { name: 'a request with a bearer token', path: '/graphql', requestHeaders: 'authorization,content-type', allowsRequestedHeaders: false },
  { name: 'a feed', path: '/feeds/agenda.ics', requestHeaders: 'accept', allowsRequestedHeaders: true },
];

test.each(PREFLIGHTS)('preflight of $name', async ({ path, requestHeaders, allowsRequestedHeaders }) => {
  const response = await fetch(env.api.url + path, {
    method: 'OPTIONS',
    headers: { origin: PARTNER, 'access-control-request-method': 'POST', 'access-control-request-headers': requestHeaders },
  });
  expect(response.status).toBe(204);
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  expect(response.headers.get('access-control-max-age')).toBe('600');
  expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(',');
  // The browser sends the request only if every requested header is allowed.
  expect(requestHeaders.split(',').every((header) => allowed.includes(header))).toBe(allowsRequestedHeaders);
  expect(allowed).not.toContain('authorization');
});

test('an answer tells a partner page when to retry, and the cache state', async () => {
  const response = await fetch(`${env.api.url}/graphql`, { method: 'POST', headers: { ...json, origin: PARTNER }, body: QUERY });
  const exposed = (response.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(',');
  expect(exposed).toEqual(expect.arrayContaining(['retry-after', 'x-cache']));
});

test('cross-origin reads spend the same per-address budget as same-origin ones; preflights spend nothing', async () => {
  await forgetBudgets(env.db.dataSource);
  const api = await startTestApi({ dataSource: env.db.dataSource, config: { rateLimit: { anonymousPerMinute: 3 } } });
  try {
    const read = (origin?: string) => fetch(`${api.url}/graphql`, { method: 'POST', headers: { ...json, ...(origin ? { origin } : {}) }, body: QUERY });
    for (let i = 0; i < 5; i += 1) {
      const preflight = await fetch(`${api.url}/graphql`, { method: 'OPTIONS', headers: { origin: PARTNER, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
      expect(preflight.status).toBe(204);
    }
    expect((await read(PARTNER)).status).toBe(200);
    expect((await read()).status).toBe(200);
    expect((await read(PARTNER)).status).toBe(200);
    // The fourth read of the minute, from either kind of page, is refused, and the partner page can read why.
    const refused = await read(PARTNER);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await refused.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('RATE_LIMITED');
    expect((await read()).status).toBe(429);
  } finally {
    await api.close();
  }
});

test.each([
  [undefined, false],
  ['https://nordfranchecomte.fr', false],
  ['https://www.partenaire.example', true],
  ['https://nordfranchecomte.fr.evil.example', true],
  ['http://nordfranchecomte.fr', true],
  ['null', true],
])('isForeignOrigin(%s) → %s', (origin, foreign) => {
  expect(isForeignOrigin(origin, originsOf(['https://nordfranchecomte.fr/', 'not a url']))).toBe(foreign);
});
