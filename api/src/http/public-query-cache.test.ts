import { startTestApi, useTestApi } from '../../test/api';
import { createOrganisation, issueApiKey } from '../../test/factories';

// The cache is off in tests by default (they write behind the API's back); here it is on, as in production.
const env = useTestApi({ config: { publicQueryCacheMs: 60_000 } });
let officeKey: string;

const PAGE = `query($f: EventFilter) { events(filter: $f, first: 20) { nodes { startsAt event { id title place { commune { name epci { name } } } } } } }`;
const CREATE = `mutation($i: EventInput!) { createEvent(input: $i) { id } }`;
const input = (title: string) => ({
  title: { fr: title },
  shortDescription: { fr: 'Une soirée au bord de l’étang.' },
  categories: ['concert'],
  isFree: true,
  place: { name: 'Étang des Forges', communeInsee: '90010' },
  schedule: { allDay: false, dates: [{ start: '2031-06-21T20:00', end: '2031-06-21T23:00' }] },
});
const FILTER = { f: { from: '2031-01-01T00:00:00Z' } };

beforeAll(async () => {
  const office = await createOrganisation(env.db.dataSource, { epciSiren: '200069052' });
  officeKey = (await issueApiKey(env.db.dataSource, office.id)).key;
  expect((await env.api.graphql(CREATE, { i: input('Fête de la musique aux Forges') }, { token: officeKey })).errors).toBeUndefined();
  // The write empties the cache (read-invalidation.ts) a quarter second after its commit: let that pass.
  await new Promise((resolve) => setTimeout(resolve, 500));
});

test('a repeated anonymous agenda read is served from memory, without a single SQL statement', async () => {
  const first = await env.api.graphql(PAGE, FILTER);
  expect(first.headers.get('x-cache')).toBe('MISS');
  env.db.statements.length = 0;
  const second = await env.api.graphql(PAGE, FILTER);
  expect(second.headers.get('x-cache')).toBe('HIT');
  expect(second.data).toEqual(first.data);
  expect(env.db.statements).toEqual([]);
});

test('a spike on an expired page builds it once: the other requests wait for that answer', async () => {
  const query = `query($f: EventFilter) { events(filter: $f, first: 7) { nodes { startsAt event { title } } } }`;
  env.db.statements.length = 0;
  const answers = await Promise.all(Array.from({ length: 30 }, () => env.api.graphql(query, FILTER)));
  expect(answers.every((a) => a.errors === undefined)).toBe(true);
  expect(new Set(answers.map((a) => JSON.stringify(a.data))).size).toBe(1);
  expect(answers.filter((a) => a.headers.get('x-cache') === 'MISS')).toHaveLength(1);
  const pages = env.db.statements.filter((sql) => sql.includes('FROM event_occurrence o JOIN event e'));
  expect(pages).toHaveLength(1);
});

test('the key holds the variables: another filter is another answer', async () => {
  await env.api.graphql(PAGE, FILTER);
  const other = await env.api.graphql(PAGE, { f: { from: '2031-01-01T00:00:00Z', commune: '25388' } });
  expect(other.headers.get('x-cache')).toBe('MISS');
  expect(other.data!.events.nodes).toEqual([]);
});

test('a write reaches visitors when the answer expires, and the office that wrote sees it at once', async () => {
  const short = await startTestApi({ dataSource: env.db.dataSource, config: { publicQueryCacheMs: 400 } });
  try {
    await short.graphql(PAGE, FILTER);
    expect((await short.graphql(CREATE, { i: input('Concert du solstice') }, { token: officeKey })).errors).toBeUndefined();
    const titles = (result: { data?: any }) => result.data!.events.nodes.map((n: { event: { title: string } }) => n.event.title);
    const stale = await short.graphql(PAGE, FILTER);
    expect(stale.headers.get('x-cache')).toBe('HIT');
    expect(titles(stale)).not.toContain('Concert du solstice');
    expect(titles(await short.graphql(PAGE, FILTER, { token: officeKey }))).toContain('Concert du solstice');
    await new Promise((resolve) => setTimeout(resolve, 450));
    const fresh = await short.graphql(PAGE, FILTER);
    expect(fresh.headers.get('x-cache')).toBe('MISS');
    expect(titles(fresh)).toContain('Concert du solstice');
  } finally {
    await short.close();
  }
});

test('signed-in callers, private fields and errors are never cached', async () => {
  await env.api.graphql(PAGE, FILTER, { token: officeKey });
  expect((await env.api.graphql(PAGE, FILTER, { token: officeKey })).headers.get('x-cache')).toBeNull();
  // A query mixing a public field with one that is not stays uncached as a whole.
  const mixed = `query { events(first: 1) { nodes { startsAt } } contests { id } }`;
  await env.api.graphql(mixed);
  expect((await env.api.graphql(mixed)).headers.get('x-cache')).toBeNull();
  const bad = `query { eventBySlug(slug: "nothing-here") { id } }`;
  expect((await env.api.graphql(bad)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  expect((await env.api.graphql(bad)).headers.get('x-cache')).toBe('MISS');
});

test('a calendar feed polled again is served from memory, keyed by its whole query string', async () => {
  const feed = (query: string) => fetch(`${env.api.url}/feeds/agenda.ics?${query}`).then(async (r) => ({ status: r.status, body: await r.text() }));
  const first = await feed('epci=200069052&from=2031-01-01T00:00:00Z');
  expect(first.status).toBe(200);
  env.db.statements.length = 0;
  expect(await feed('epci=200069052&from=2031-01-01T00:00:00Z')).toEqual(first);
  expect(env.db.statements).toEqual([]);
  const other = await feed('epci=200069052&from=2031-01-01T00:00:00Z&category=market');
  expect(other.body).not.toContain('Fête de la musique aux Forges');
  expect(env.db.statements.length).toBeGreaterThan(0);
});
