import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApi, useTestApi, type TestApi } from '../../test/api';
import { createOrganisation, issueApiKey } from '../../test/factories';
import { FULL_EVENT_INPUT, photoJpeg } from '../../test/fixtures';
import { LocalStorage } from '../media/storage/local-storage';
import { preparedStatements } from '../common/prepared-statements';

// The public agenda answered by PostgreSQL's JSON (event-json.ts, http/answers-in-sql.ts) against
// the same queries run through the resolvers, on the same database: byte for byte the same answer,
// in fewer statements. The media folder is shared, so both servers serve the same images.
const storage = new LocalStorage(mkdtempSync(join(tmpdir(), 'nfc-event-json-')));
const env = useTestApi({ storage });
let resolvers: TestApi;
let key: string;
const slugs: string[] = [];
const ids: string[] = [];

const CREATE = `mutation($i: EventInput!) { createEvent(input: $i) { id slug } }`;

// The full event, with what the SQL must write as the resolvers do: quotes and backslashes, Markdown
// with a second paragraph, categories out of the catalogue's order, a contact kept private, an alt in three languages.
const FULL = {
  ...FULL_EVENT_INPUT,
  shortDescription: { fr: 'Visites à la lanterne, "guillemets" et \\ barres.', de: 'Laternenführungen.' },
  longDescription: { fr: 'Entrée **libre**, [programme](https://example.org/p).\n\nDeuxième paragraphe & fin.' },
  categories: ['industrial-heritage', 'heritage-visit', 'concert'],
  organiserContactPublic: false,
  imageAlt: { fr: 'La cour du château de nuit', en: 'The castle yard at night', de: 'Der Schlosshof bei Nacht' },
};

beforeAll(async () => {
  resolvers = await startTestApi({ dataSource: env.db.dataSource, storage, config: { publicReadsInSql: false } });
  const office = await createOrganisation(env.db.dataSource, { epciSiren: '200065647', name: "Office de tourisme du Pays de Montbéliard l'Agglo" });
  key = (await issueApiKey(env.db.dataSource, office.id)).key;
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await photoJpeg({ width: 1000, height: 700 }))], { type: 'image/jpeg' }), 'affiche.jpg');
  const upload = await fetch(`${env.api.url}/uploads?purpose=EVENT_IMAGE`, { method: 'POST', body: form, headers: { authorization: `Bearer ${key}` } });
  expect(upload.status).toBe(201);
  const imageUploadId = ((await upload.json()) as { id: string }).id;
  const inputs = [
    { ...FULL, imageUploadId },
    // A weekly market: many dates, some past (the next one and the last one differ).
    {
      title: { fr: 'Marché des producteurs', de: 'Bauernmarkt' },
      categories: ['market'],
      isFree: true,
      place: { communeInsee: '90010' },
      schedule: { allDay: false, recurrence: { start: '2020-01-04T08:00', durationMinutes: 240, rule: 'FREQ=WEEKLY;COUNT=800' } },
    },
    // The least an event may have: no descriptions, no place name, no prices, no image.
    { title: { fr: 'Concert à Héricourt' }, categories: ['concert'], isFree: true, place: { communeInsee: '70285' }, schedule: { allDay: true, dates: [{ start: '2031-06-21', end: '2031-06-21' }] } },
    { title: { fr: 'Festival des marchés' }, categories: ['festival', 'market'], isFree: false, priceMin: 10, currency: 'CHF', place: { communeInsee: '90010', name: 'Place d’Armes' }, schedule: { allDay: false, dates: [{ start: '2031-07-01T10:00', end: '2031-07-01T18:00' }] } },
    // A draft (index 4) and an event deleted after its publication (index 5): out of the public's reach.
    { title: { fr: 'Marché en brouillon' }, categories: ['market'], isFree: true, draft: true, place: { communeInsee: '90010' }, schedule: { allDay: false, dates: [{ start: '2031-07-02T10:00', end: '2031-07-02T18:00' }] } },
    { title: { fr: 'Marché supprimé' }, categories: ['market'], isFree: true, place: { communeInsee: '90010' }, schedule: { allDay: false, dates: [{ start: '2031-07-03T10:00', end: '2031-07-03T18:00' }] } },
  ];
  for (const input of inputs) {
    const { data, errors } = await env.api.graphql(CREATE, { i: input }, { token: key });
    expect(errors).toBeUndefined();
    slugs.push(data!.createEvent.slug);
    ids.push(data!.createEvent.id);
  }
  expect((await env.api.graphql(`mutation($id: ID!) { deleteEvent(id: $id) { id } }`, { id: ids[5] }, { token: key })).errors).toBeUndefined();
  // A machine translation the writer recorded, in jsonb's order.
  await env.db.dataSource.query(`UPDATE event SET translation_origin = '{"fr":"HUMAN","en":"MACHINE","de":"MACHINE"}' WHERE id = $1`, [ids[0]]);
}, 60_000);

afterAll(async () => {
  await resolvers?.close();
});

/** Every EventView field the SQL answers, with its arguments. */
const EVENT_FIELDS = (lang: string) => `id slug title${lang} shortDescription${lang} longDescription${lang} machineTranslated status isFree currency accessibility attendanceMode
  minAge maxAge onlineUrl bookingUrl organiserName allDay previousStartDate sequence updatedAt publisherId publisherName rejectionReason reviewedAt moderation
  priceMin priceMax nextStartsAt registrationContact organiserContact editing { title { fr } } longDescriptionHtml${lang} longDescriptionText${lang}
  categories${lang} { id label schemaOrgType dataTourismeType __typename }
  place { name streetAddress postalCode lat lon approximate __typename commune { inseeCode name postalCodes population __typename centroid { lat lon } bbox { minLon minLat maxLon maxLat } epci { siren name kind population __typename } } }
  image${lang} { credit alt variants { format width height url __typename } __typename }
  occurrences { id startsAt endsAt __typename }
  __typename`;

const PAGE = (fields: string) => `query($f: EventFilter, $first: Int, $after: String, $o: EventOrder) { events(filter: $f, first: $first, after: $after, orderBy: $o) { ${fields} } }`;

interface Case {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Statements of the SQL answer; undefined: not answered in SQL (the resolvers answer both). */
  statements?: number;
}

const CASES: Case[] = [
  { name: 'the agenda page, every field, French by default', query: PAGE(`totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { id startsAt endsAt event { ${EVENT_FIELDS('')} } }`), variables: { first: 3 }, statements: 2 },
  // From May 2031: the event with every field set (and its image) among the markets and the others.
  ...['fr', 'en', 'de'].map((lang) => ({
    name: `every field in ${lang}, by a literal`,
    query: PAGE(`nodes { event { ${EVENT_FIELDS(`(lang: ${lang})`)} } }`),
    variables: { f: { from: '2031-05-01T00:00:00Z' }, first: 10 },
    statements: 1,
  })),
  { name: 'languages by variable, aliased side by side', query: `query($l: Language, $m: Language) { events(filter: { from: "2031-05-01T00:00:00Z" }, first: 10) { nodes { event { fr: title de: title(lang: $l) en: title(lang: $m) c: categories(lang: $l) { label } i: image(lang: $m) { alt } } } } }`, variables: { l: 'de', m: 'en' }, statements: 1 },
  { name: 'a null language is French', query: `query($l: Language) { events(filter: { from: "2031-05-01T00:00:00Z" }, first: 10) { nodes { event { title(lang: $l) image(lang: $l) { alt } } } } }`, variables: { l: null }, statements: 1 },
  { name: 'edges with cursors, nodes beside them', query: PAGE(`__typename edges { __typename cursor node { id startsAt event { slug } } } nodes { endsAt } pageInfo { __typename endCursor hasNextPage }`), variables: { first: 2 }, statements: 1 },
  { name: 'fragments, inline fragments and merged selections', query: `fragment E on EventView { id place { commune { name } } } query { __typename events(first: 5) { nodes { event { ...E title place { name commune { inseeCode } } ... on EventView { slug } } } } }`, statements: 1 },
  { name: '@include and @skip by variables', query: `query($c: Boolean!, $s: Boolean!) { events(first: 5) { totalCount @include(if: $c) nodes { id @skip(if: $s) event { title @include(if: $c) slug @skip(if: $c) } } } }`, variables: { c: false, s: true }, statements: 1 },
  { name: 'a filtered page with its count', query: PAGE(`totalCount nodes { startsAt event { title categories { id } } }`), variables: { f: { epci: '200069052', categories: ['market', 'festival'], from: '2030-01-01T00:00:00Z' }, first: 4 }, statements: 2 },
  { name: 'a text search by relevance, English', query: PAGE(`edges { cursor node { event { title(lang: en) } } } pageInfo { endCursor }`), variables: { f: { text: 'market', language: 'en' }, o: 'RELEVANCE', first: 3 }, statements: 2 },
  { name: 'a French text search by date', query: PAGE(`nodes { id event { slug } } pageInfo { hasNextPage }`), variables: { f: { text: 'marchés' }, first: 5 }, statements: 2 },
  { name: 'an empty page', query: PAGE(`totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor } nodes { id }`), variables: { f: { commune: '25388', free: true } }, statements: 2 },
  { name: 'the website’s agenda page', query: `query Agenda($lang: Language, $f: EventFilter, $after: String, $withCount: Boolean!) { events(filter: $f, first: 30, after: $after) { totalCount @include(if: $withCount) pageInfo { hasNextPage endCursor } nodes { id startsAt endsAt event { id slug title(lang: $lang) status isFree priceMin currency categories(lang: $lang) { id label } place { name commune { name } } image(lang: $lang) { alt credit variants { format width height url } } } } } }`, variables: { lang: 'de', f: { from: '2031-01-01T00:00:00Z' }, withCount: true }, statements: 2 },
  { name: 'an event by slug, every field', query: `query($s: String!) { eventBySlug(slug: $s) { ${EVENT_FIELDS('(lang: de)')} } }`, variables: { s: 'SLUG0' }, statements: 1 },
  { name: 'an event by id with its dates and their event', query: `query($id: ID!) { e: event(id: $id) { title occurrences { startsAt event { slug } } } t: __typename }`, variables: { id: 'ID1' }, statements: 1 },
  { name: 'two roots at once', query: `query($s: String!) { eventBySlug(slug: $s) { title } events(first: 2) { nodes { id } } }`, variables: { s: 'SLUG2' }, statements: 2 },
  { name: 'categories twice, aliased, with their __typename', query: `{ events(first: 5) { nodes { event { a: categories(lang: de) { __typename l: label id } b: categories { dataTourismeType } } } } }`, statements: 1 },
  // Not answered in SQL: the resolvers answer, the same on both servers.
  { name: 'the JSON-LD (a resolver of its own)', query: `query($s: String!) { eventBySlug(slug: $s) { title jsonLd } }`, variables: { s: 'SLUG0' } },
  { name: 'an unknown slug', query: `query { eventBySlug(slug: "pas-la") { title } }` },
  { name: 'a draft by slug is missing', query: `query($s: String!) { eventBySlug(slug: $s) { title } }`, variables: { s: 'SLUG4' } },
  { name: 'a draft by id is missing', query: `query($id: ID!) { event(id: $id) { title } }`, variables: { id: 'ID4' } },
  { name: 'a deleted event by slug is missing', query: `query($s: String!) { eventBySlug(slug: $s) { title } }`, variables: { s: 'SLUG5' } },
  { name: 'drafts and deleted events are in no list', query: PAGE(`totalCount nodes { event { title } }`), variables: { f: { text: 'marché' } }, statements: 3 },
  { name: 'a refused page size', query: PAGE(`nodes { id }`), variables: { first: 1000 } },
  { name: 'a malformed cursor', query: PAGE(`nodes { id }`), variables: { after: 'pas-un-curseur' } },
  { name: 'relevance without a text', query: PAGE(`nodes { id }`), variables: { o: 'RELEVANCE' } },
  { name: 'a bad variable', query: PAGE(`nodes { id }`), variables: { first: 'dix' } },
];

/** Slugs and ids of the seeded events put into a case's variables. */
function seeded(variables: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, typeof value === 'string' ? value.replace(/^SLUG(\d)$/, (_, n) => slugs[Number(n)]!).replace(/^ID(\d)$/, (_, n) => ids[Number(n)]!) : value]));
}

test.each(CASES)('$name: the same answer as the resolvers', async ({ query, variables, statements }) => {
  const vars = seeded(variables);
  const expected = await resolvers.graphql(query, vars);
  env.db.statements.length = 0;
  const answer = await env.api.graphql(query, vars);
  const answerStatements = env.db.statements.length;
  expect(answer.status).toBe(expected.status);
  expect(JSON.stringify({ data: answer.data, errors: answer.errors })).toBe(JSON.stringify({ data: expected.data, errors: expected.errors }));
  if (statements === undefined) return;
  expect(answer.errors).toBeUndefined();
  expect(answerStatements).toBe(statements);
});

test('the lists of the cases hold the event with every field, its image and its German alt', async () => {
  const { data } = await env.api.graphql(PAGE(`nodes { event { slug image(lang: de) { alt } } }`), { f: { from: '2031-05-01T00:00:00Z' }, first: 10 });
  const full = data!.events.nodes.find((node: { event: { slug: string } }) => node.event.slug === slugs[0]);
  expect(full.event.image.alt).toBe('Der Schlosshof bei Nacht');
});

test('the cases see real data: images, several languages, dates past and to come', async () => {
  const { data } = await env.api.graphql(`query($s: String!) { eventBySlug(slug: $s) { title(lang: de) machineTranslated image { variants { url } } occurrences { id } } }`, { s: slugs[0] });
  expect(data!.eventBySlug.title).toBe('Museumsnacht');
  expect(data!.eventBySlug.machineTranslated).toEqual(['de', 'en']);
  expect(data!.eventBySlug.image.variants.length).toBeGreaterThan(3);
  const market = await env.api.graphql(`query($s: String!) { eventBySlug(slug: $s) { nextStartsAt occurrences { startsAt } } }`, { s: slugs[1] });
  const dates = market.data!.eventBySlug.occurrences.map((o: { startsAt: string }) => o.startsAt);
  expect(dates[0] < new Date().toISOString()).toBe(true);
  expect(market.data!.eventBySlug.nextStartsAt > new Date().toISOString()).toBe(true);
});

test('a page and the next one, through the cursor the SQL answer gave', async () => {
  const first = await env.api.graphql(PAGE(`pageInfo { endCursor } nodes { id }`), { first: 2 });
  const after = first.data!.events.pageInfo.endCursor as string;
  const next = await env.api.graphql(PAGE(`pageInfo { hasPreviousPage } nodes { id }`), { first: 2, after });
  const expected = await resolvers.graphql(PAGE(`pageInfo { hasPreviousPage } nodes { id }`), { first: 2, after });
  expect(next.data).toStrictEqual(expected.data);
  expect(next.data!.events.nodes).toHaveLength(2);
  expect(next.data!.events.nodes[0].id).not.toBe(first.data!.events.nodes[0].id);
});

test('a signed-in reader goes through the resolvers (what they may read and edit is theirs)', async () => {
  const query = `query($s: String!) { eventBySlug(slug: $s) { title editing { title { fr } } } }`;
  env.db.statements.length = 0;
  const answer = await env.api.graphql(query, { s: slugs[0] }, { token: key });
  expect(answer.data!.eventBySlug.editing.title.fr).toBe(FULL.title.fr);
  expect(env.db.statements.length).toBeGreaterThan(1);
});

test('an event page asked again and again runs as a named statement, with the same answer and one statement each time', async () => {
  const query = `query($s: String!) { eventBySlug(slug: $s) { title(lang: de) longDescriptionHtml categories(lang: en) { label } place { commune { name } } } }`;
  const variables = { s: slugs[0] };
  const expected = await resolvers.graphql(query, variables);
  const named = preparedStatements(env.db.dataSource).named;
  for (let time = 0; time < 5; time += 1) {
    env.db.statements.length = 0;
    const answer = await env.api.graphql(query, variables);
    expect(answer.data).toStrictEqual(expected.data);
    expect(env.db.statements).toHaveLength(1);
  }
  // The server shares this data source: its statements were named on the third time.
  expect(preparedStatements(env.db.dataSource).named).toBe(named + 1);
});

test('what the public may not read is missing, as from the resolvers: a draft, a deleted event', async () => {
  const list = await env.api.graphql(PAGE(`totalCount nodes { event { title } }`), { f: { text: 'marché' }, first: 50 });
  const titles = list.data!.events.nodes.map((node: { event: { title: string } }) => node.event.title);
  expect(titles).toContain('Marché des producteurs');
  expect(titles).not.toContain('Marché en brouillon');
  expect(titles).not.toContain('Marché supprimé');
  for (const [query, variables] of [
    [`query($s: String!) { eventBySlug(slug: $s) { title } }`, { s: slugs[4] }],
    [`query($id: ID!) { event(id: $id) { title } }`, { id: ids[5] }],
  ] as const) {
    const answer = await env.api.graphql(query, variables);
    expect(answer.data).toBeUndefined();
    expect(answer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  }
});
