import { useTestApi } from '../../test/api';
import { createOrganisation, issueApiKey } from '../../test/factories';

/**
 * Every filter the agenda offers is backed by an index: the page query the API really
 * sends is EXPLAINed with sequential scans disabled, and its plan must use that index.
 * (On a small dataset the planner would rightly prefer a scan; disabling it asks
 * whether an index *can* serve the filter.)
 */
const env = useTestApi();
let publisher: string;

beforeAll(async () => {
  // The plans below are read without statistics on these few rows; an autovacuum ANALYZE in
  // the middle of the file (it comes when it likes) would change them, so it stays away.
  for (const table of ['event', 'event_occurrence', 'event_co_publisher']) await env.db.dataSource.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
  const office = await createOrganisation(env.db.dataSource, { epciSiren: '200069052' });
  publisher = office.id;
  const key = (await issueApiKey(env.db.dataSource, office.id)).key;
  await env.api.graphql(
    `mutation($e: [UpsertEventInput!]!) { upsertEvents(system: "idx", events: $e) { ok } }`,
    {
      e: Array.from({ length: 20 }, (_, i) => ({
        externalId: `I${i}`,
        event: {
          title: { fr: `Concert numéro ${i}` },
          categories: ['concert'],
          isFree: i % 2 === 0,
          place: { communeInsee: '90010' },
          schedule: { allDay: false, dates: [{ start: `2033-05-${10 + (i % 10)}T20:00` }] },
        },
      })),
    },
    { token: key },
  );
});

async function planFor(filter: Record<string, unknown>): Promise<string> {
  env.db.queries.length = 0;
  const { errors } = await env.api.graphql(`query($f: EventFilter) { events(filter: $f, first: 10) { nodes { id } } }`, { f: { from: '2033-01-01T00:00:00Z', ...filter } });
  expect(errors).toBeUndefined();
  const page = env.db.queries.find((q) => q.sql.includes('FROM event_occurrence o JOIN event e') && q.sql.includes('LIMIT'));
  expect(page).toBeDefined();
  return env.db.dataSource.transaction(async (db) => {
    await db.query('SET LOCAL enable_seqscan = off');
    const [row] = await db.query(`EXPLAIN (FORMAT JSON) ${page!.sql}`, page!.parameters);
    return JSON.stringify(row['QUERY PLAN']);
  });
}

test.each([
  ['commune', 'event_commune_idx', { commune: '90010' }],
  ['category', 'event_categories_idx', { categories: ['concert'] }],
  ['accessibility', 'event_accessibility_idx', { accessibility: ['MOTOR'] }],
  ['free', 'event_is_free_idx', { free: true }],
  ['text', 'event_search_idx', { text: 'concert' }],
  ['text in English', 'event_search_en_idx', { text: 'concert', language: 'en' }],
  ['text in German', 'event_search_de_idx', { text: 'concert', language: 'de' }],
  ['near me', 'event_location_idx', { near: { lat: 47.638, lon: 6.863, km: 5 } }],
  ['map box', 'event_location_idx', { box: { minLat: 47.6, minLon: 6.8, maxLat: 47.7, maxLon: 6.9 } }],
  ['status', 'event_status_idx', { statuses: ['CANCELLED'] }],
  ['age', 'event_age_idx', { age: 10 }],
])('the %s filter is served by %s', async (_name, index, filter) => {
  expect(await planFor(filter)).toContain(index);
});

test('the EPCI filter is served by commune_epci_siren_idx', async () => {
  // The filter is a subquery over the 197 communes (e.commune_insee IN (SELECT … WHERE epci_siren = $n)).
  // Once the communes have statistics, the planner may rightly resolve each event's commune by its
  // key instead; what must hold is that the subquery itself can be answered by its index.
  env.db.queries.length = 0;
  const { errors } = await env.api.graphql(`query($f: EventFilter) { events(filter: $f, first: 10) { nodes { id } } }`, { f: { from: '2033-01-01T00:00:00Z', epci: '200069052' } });
  expect(errors).toBeUndefined();
  const page = env.db.queries.find((q) => q.sql.includes('FROM event_occurrence o JOIN event e') && q.sql.includes('LIMIT'))!;
  const subquery = /SELECT insee_code FROM commune WHERE epci_siren = \$\d+/.exec(page.sql)?.[0];
  expect(subquery).toBeDefined();
  const plan = await env.db.dataSource.transaction(async (db) => {
    await db.query('SET LOCAL enable_seqscan = off');
    const [row] = await db.query(`EXPLAIN (FORMAT JSON) ${subquery!.replace(/\$\d+/, '$1')}`, ['200069052']);
    return JSON.stringify(row['QUERY PLAN']);
  });
  expect(plan).toContain('commune_epci_siren_idx');
});

test('the publisher filter is served by the publisher and co-publisher indexes', async () => {
  const plan = await planFor({ publisher });
  expect(plan).toContain('event_publisher_idx');
  expect(plan).toContain('event_co_publisher_organisation_idx');
});


test.each([
  ['"from" (dates still running)', 'o.ends_at >= $1', 'event_occurrence_ends_at_idx'],
  ['"to"', 'o.starts_at < $1', 'event_occurrence_starts_at_idx'],
])('the %s date predicate is served by %s', async (_name, predicate, index) => {
  // On 20 events the planner drives the whole query from the events; the date predicate
  // itself, on the occurrences, must still have its index.
  const plan = await env.db.dataSource.transaction(async (db) => {
    await db.query('SET LOCAL enable_seqscan = off');
    const [row] = await db.query(`EXPLAIN (FORMAT JSON) SELECT o.id FROM event_occurrence o WHERE ${predicate}`, ['2033-05-15T00:00:00Z']);
    return JSON.stringify(row['QUERY PLAN']);
  });
  expect(plan).toContain(index);
});
