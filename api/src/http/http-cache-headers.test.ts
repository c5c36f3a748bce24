import { createHash } from 'node:crypto';
import { useTestApi } from '../../test/api';
import { createOrganisation, issueApiKey } from '../../test/factories';

/** What an HTTP cache in front of the API (a proxy, a CDN) is told it may keep. */
const env = useTestApi();
const PUBLIC = 'public, max-age=10, stale-while-revalidate=60';
// Apollo's CSRF prevention asks a GET for a header a form cannot send; a CDN passes it through.
const PREFLIGHT = { 'apollo-require-preflight': '1' };

async function get(params: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${env.api.url}/graphql?${new URLSearchParams(params)}`, { headers: { ...PREFLIGHT, ...headers } });
  return { status: response.status, cacheControl: response.headers.get('cache-control'), vary: response.headers.get('vary'), body: (await response.json()) as { data?: any; errors?: Array<{ extensions: { code: string } }> } };
}

test.each([
  ['an anonymous agenda page over GET', { query: '{ events(first: 5) { nodes { id } } }' }, {}, PUBLIC],
  ['the territory, with variables', { query: 'query($s: String!) { epci(siren: $s) { name } }', variables: JSON.stringify({ s: '200069052' }) }, {}, PUBLIC],
  ['a read that is not only public fields', { query: '{ territory { name } me { id } }' }, {}, 'private, no-store'],
  ['a query with an error', { query: '{ events(first: 5000) { nodes { id } } }' }, {}, 'private, no-store'],
])('%s', async (_case, params, headers, expected) => {
  const answer = await get(params, headers);
  expect(answer.cacheControl).toBe(expected);
  expect(answer.vary).toContain('Authorization');
});

test('a signed-in caller’s read is never public, even of public fields', async () => {
  const { key } = await issueApiKey(env.db.dataSource, (await createOrganisation(env.db.dataSource)).id);
  const answer = await get({ query: '{ events(first: 5) { nodes { id } } }' }, { authorization: `Bearer ${key}` });
  expect(answer.status).toBe(200);
  expect(answer.cacheControl).toBe('private, no-store');
});

test('over POST the same read is not for shared caches (they keep GETs only)', async () => {
  const response = await fetch(`${env.api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ territory { name } }' }) });
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('private, no-store');
});

test('a persisted query: registered once, then asked by its hash over GET, a short URL a CDN keeps', async () => {
  const query = 'query Upcoming($n: Int!) { events(first: $n) { nodes { id startsAt } } }';
  const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } });
  const variables = JSON.stringify({ n: 3 });
  const unknown = await get({ extensions, variables });
  expect(unknown.body.errors?.[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  expect(unknown.cacheControl).toBe('private, no-store');
  const registered = await get({ query, extensions, variables });
  expect(registered.status).toBe(200);
  const byHash = await get({ extensions, variables });
  expect(byHash.status).toBe(200);
  expect(byHash.body.data.events.nodes).toEqual(registered.body.data.events.nodes);
  expect(byHash.cacheControl).toBe(PUBLIC);
});
