import { useTestApi } from '../../test/api';
import { createOrganisation, issueApiKey } from '../../test/factories';
import { FULL_EVENT_INPUT } from '../../test/fixtures';
import { Commune } from '../territory/commune.entity';
import { Epci } from '../territory/epci.entity';
import { AgendaEvent } from './event.entities';
import { EventReader } from './event.reader';
import { eventsByIds } from './event-rows';

// The resolvers' read path (anonymous agenda reads are otherwise answered in SQL: event-json.test.ts compares the two).
const env = useTestApi({ config: { publicReadsInSql: false } });
let key: string;

beforeAll(async () => {
  const office = await createOrganisation(env.db.dataSource, { epciSiren: '200065647' });
  key = (await issueApiKey(env.db.dataSource, office.id)).key;
});

const CREATE = `mutation($i: EventInput!) { createEvent(input: $i) { id slug } }`;

const FULL = FULL_EVENT_INPUT;

test('an event read by plain SQL has every value its entity has, with its commune (but the boundary) and EPCI', async () => {
  const { data, errors } = await env.api.graphql(CREATE, { i: FULL }, { token: key });
  expect(errors).toBeUndefined();
  const id = data!.createEvent.id as string;
  const entity = (await env.db.dataSource.getRepository(AgendaEvent).findOneByOrFail({ id }))!;
  const { geometry: _boundary, ...commune } = await env.db.dataSource.getRepository(Commune).findOneByOrFail({ inseeCode: '25388' });
  const epci = await env.db.dataSource.getRepository(Epci).findOneByOrFail({ siren: '200065647' });
  const read = (await eventsByIds(env.db.dataSource, [id])).get(id)!;
  const { commune: readCommune, ...readEvent } = read;
  // Every column, with the same JavaScript values and types (numeric as text, Date, parsed JSON,
  // arrays); the entity's relations it did not load are undefined.
  const columns = (row: object) => Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined));
  expect(readEvent).toStrictEqual(columns(entity));
  expect(readEvent.priceMin).toBe('4.50');
  const { epci: readEpci, ...communeRead } = readCommune!;
  expect(communeRead).toStrictEqual(columns(commune));
  expect(readEpci).toStrictEqual(columns(epci));
  expect(readCommune).not.toHaveProperty('geometry');
});

test('the event page is two statements (the event with its place, then its dates), its boundary a third only when asked', async () => {
  const { data } = await env.api.graphql(CREATE, { i: { ...FULL, title: { fr: 'Concert au temple Saint-Martin' } } }, { token: key });
  const slug = data!.createEvent.slug as string;
  const page = `query($s: String!) { eventBySlug(slug: $s) { id title shortDescription status isFree categories { id label } place { name postalCode lat lon commune { name epci { name } } } occurrences { startsAt endsAt } } }`;
  env.db.statements.length = 0;
  const answer = await env.api.graphql(page, { s: slug });
  expect(answer.errors).toBeUndefined();
  expect(answer.data!.eventBySlug.place.commune).toEqual({ name: 'Montbéliard', epci: { name: expect.stringContaining('Montbéliard') } });
  expect(env.db.statements).toHaveLength(2);
  env.db.statements.length = 0;
  const withBoundary = await env.api.graphql(`query($s: String!) { eventBySlug(slug: $s) { place { commune { geometry } } } }`, { s: slug });
  expect(withBoundary.data!.eventBySlug.place.commune.geometry.type).toMatch(/^(Multi)?Polygon$/);
  expect(env.db.statements).toHaveLength(2);
});

test('an event out of reach reads as missing, by id and by slug alike', async () => {
  const { data } = await env.api.graphql(CREATE, { i: { ...FULL, title: { fr: 'Brouillon' }, draft: true } }, { token: key });
  const reader = new EventReader(env.db.dataSource);
  expect(await reader.readable({ id: data!.createEvent.id })).toBeNull();
  expect(await reader.readable({ slug: data!.createEvent.slug })).toBeNull();
  expect(await eventsByIds(env.db.dataSource, [])).toEqual(new Map());
});

describe('a list reads the long texts and the editor’s columns only when a field asks for them', () => {
  const word = 'lanternesmagiques';
  let token: string;
  beforeAll(async () => {
    token = key;
    const { errors } = await env.api.graphql(CREATE, { i: { ...FULL, title: { fr: `Nuit des ${word}` } } }, { token: key });
    expect(errors).toBeUndefined();
  });

  // Each field that reads an optional column (event-rows.ts OPTIONAL_COLUMNS), as a query asks it.
  const FIELDS: Array<[string, string]> = [
    ['longDescription', 'longDescription'],
    ['longDescriptionHtml', 'longDescriptionHtml'],
    ['longDescriptionText', 'longDescriptionText'],
    ['shortDescription', 'shortDescription(lang: de)'],
    ['machineTranslated', 'machineTranslated'],
    ['jsonLd', 'jsonLd'],
    ['editing', 'editing { shortDescription { fr de } longDescription { fr } schedule { allDay } imageAlt { fr } }'],
  ];
  const ways: Array<[string, (selection: string) => string]> = [
    ['asked directly', (selection) => `{ events(filter: { text: "${word}" }, first: 5) { nodes { event { id ${selection} } } } }`],
    ['in a named fragment', (selection) => `query { events(filter: { text: "${word}" }, first: 5) { nodes { event { ...Fields } } } } fragment Fields on EventView { id ${selection} }`],
    ['in an inline fragment, through edges', (selection) => `{ events(filter: { text: "${word}" }, first: 5) { edges { node { event { ... on EventView { id ${selection} } } } } } }`],
    ['on the event page', (selection) => `query { events(filter: { text: "${word}" }, first: 1) { nodes { event { slug } } } }|${selection}`],
  ];
  const everything = FIELDS.map(([, selection]) => selection).join(' ');
  const first = (data: any) => data.events.nodes?.[0]?.event ?? data.events.edges?.[0]?.node.event ?? data.eventBySlug;

  async function ask(way: (selection: string) => string, selection: string) {
    const query = way(selection);
    if (query.includes('|')) {
      const [list, fields] = query.split('|');
      const slug = first((await env.api.graphql(list!, {}, { token })).data).slug;
      return (await env.api.graphql(`query($s: String!) { eventBySlug(slug: $s) { id ${fields} } }`, { s: slug }, { token })).data!.eventBySlug;
    }
    const { data, errors } = await env.api.graphql(query, {}, { token });
    expect(errors).toBeUndefined();
    return first(data);
  }

  describe.each(ways)('%s', (_way, way) => {
    test.each(FIELDS)('%s gives the same value alone as beside every field', async (field, selection) => {
      const alone = await ask(way, selection);
      const beside = await ask(way, everything);
      expect(alone[field]).not.toBeNull();
      expect(alone[field]).toEqual(beside[field]);
    });
  });

  test('a list asking none of those fields reads none of those columns; one asking one reads that one', async () => {
    env.db.statements.length = 0;
    await env.api.graphql(`{ events(filter: { text: "${word}" }, first: 5) { nodes { event { id title place { name } } } } }`);
    const light = env.db.statements.find((sql) => sql.includes('"e.title"'))!;
    expect(light).toBeDefined();
    for (const column of ['longDescription', 'shortDescription', 'schedule', 'translationOrigin', 'imageAlt', 'mergeContribution']) expect(light).not.toContain(`"e.${column}"`);
    env.db.statements.length = 0;
    await env.api.graphql(`{ events(filter: { text: "${word}" }, first: 5) { nodes { event { id longDescriptionText } } } }`);
    const withText = env.db.statements.find((sql) => sql.includes('"e.title"'))!;
    expect(withText).toContain('"e.longDescription"');
    expect(withText).not.toContain('"e.schedule"');
  });
});
