import { useTestApi } from '../../test/api';
import { createOrganisation, issueApiKey } from '../../test/factories';

/** The map of what is on: the filtered agenda counted by commune, the same rows as the list. */
const env = useTestApi();
let key: string;

const event = (title: string, communeInsee: string, dates: string[], extra: Record<string, unknown> = {}) => ({
  title: { fr: title },
  categories: ['concert'],
  isFree: true,
  place: { communeInsee },
  schedule: { dates: dates.map((start) => ({ start, end: null })) },
  ...extra,
});

beforeAll(async () => {
  key = (await issueApiKey(env.db.dataSource, (await createOrganisation(env.db.dataSource, { epciSiren: '200069052' })).id)).key;
  const create = async (input: Record<string, unknown>) => expect((await env.api.graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id } }`, { i: input }, { token: key })).errors).toBeUndefined();
  await create(event('Concert au Lion', '90010', ['2032-05-01T20:00', '2032-05-02T20:00', '2032-05-03T20:00']));
  await create(event('Atelier au château', '90010', ['2032-05-02T14:00'], { categories: ['workshop'], isFree: false, priceMin: 5, currency: 'EUR' }));
  await create(event('Concert à Montbéliard', '25388', ['2032-05-02T20:00']));
  await create(event('Brouillon jamais publié', '25388', ['2032-05-02T20:00'], { draft: true }));
  // Beyond twelve months from the filter's start: outside the window of an open-ended count.
  await create(event('Concert lointain', '90010', ['2033-09-01T20:00']));
});

const COUNTS = `query($f: EventFilter) { eventCountsByCommune(filter: $f) { inseeCode name lat lon dates events } }`;
const TOTAL = `query($f: EventFilter) { events(filter: $f, first: 1) { totalCount } }`;

test.each<[string, Record<string, unknown>, Array<[string, number, number]>]>([
  ['the whole window', { from: '2032-04-30T00:00:00Z' }, [['90010', 4, 2], ['25388', 1, 1]]],
  ['a category', { from: '2032-04-30T00:00:00Z', categories: ['workshop'] }, [['90010', 1, 1]]],
  ['free events', { from: '2032-04-30T00:00:00Z', free: true }, [['90010', 3, 1], ['25388', 1, 1]]],
  ['one day', { from: '2032-05-02T00:00:00Z', to: '2032-05-03T00:00:00Z' }, [['90010', 2, 2], ['25388', 1, 1]]],
  ['an EPCI', { from: '2032-04-30T00:00:00Z', epci: '200065647' }, [['25388', 1, 1]]],
])('%s: dates and events per commune, most first, as many as the list holds', async (_case, filter, expected) => {
  const { data, errors } = await env.api.graphql(COUNTS, { f: filter });
  expect(errors).toBeUndefined();
  expect(data!.eventCountsByCommune.map((c: { inseeCode: string; dates: number; events: number }) => [c.inseeCode, c.dates, c.events])).toEqual(expected);
  expect(data!.eventCountsByCommune[0]).toMatchObject({ name: expect.any(String), lat: expect.any(Number), lon: expect.any(Number) });
  // Within the window, the list's total and the map's sum agree.
  const window = filter.to ? filter : { ...filter, to: '2033-04-30T00:00:00Z' };
  const total = (await env.api.graphql(TOTAL, { f: window })).data!.events.totalCount;
  expect(expected.reduce((sum, [, dates]) => sum + dates, 0)).toBe(total);
});

test('a count runs one statement, whatever the number of communes', async () => {
  env.db.statements.length = 0;
  expect((await env.api.graphql(COUNTS, { f: { from: '2032-04-30T00:00:00Z' } })).errors).toBeUndefined();
  expect(env.db.statements.filter((sql) => /event_occurrence/.test(sql))).toHaveLength(1);
});
