import jsonld from 'jsonld';
import { useTestApi } from '../../test/api';
import { createOrganisation, issueApiKey } from '../../test/factories';

/**
 * The event's JSON-LD as a search engine reads it: expanded by the jsonld library, so that each
 * property is checked as the schema.org IRI it stands for (a misspelt term would expand to another
 * IRI, a value of the wrong kind to another shape), not as the JSON key we wrote.
 */
const env = useTestApi();
let key: string;
beforeAll(async () => {
  key = (await issueApiKey(env.db.dataSource, (await createOrganisation(env.db.dataSource, { epciSiren: '200069052' })).id)).key;
});

const S = 'http://schema.org/';
/**
 * schema.org's context, as far as these terms go, served offline: schema.org's own context maps
 * every term to http://schema.org/ (its @vocab) and types the URL-valued properties as @id.
 */
const SCHEMA_CONTEXT = {
  '@context': {
    '@vocab': S,
    schema: S,
    id: '@id',
    type: '@type',
    url: { '@id': 'schema:url', '@type': '@id' },
    image: { '@id': 'schema:image', '@type': '@id' },
    eventStatus: { '@id': 'schema:eventStatus', '@type': '@id' },
    eventAttendanceMode: { '@id': 'schema:eventAttendanceMode', '@type': '@id' },
    availability: { '@id': 'schema:availability', '@type': '@id' },
    startDate: { '@id': 'schema:startDate', '@type': 'schema:Date' },
    endDate: { '@id': 'schema:endDate', '@type': 'schema:Date' },
    previousStartDate: { '@id': 'schema:previousStartDate', '@type': 'schema:Date' },
  },
};
const documentLoader = async (url: string) => {
  if (!/^https?:\/\/schema\.org\/?$/.test(url)) throw new Error(`No fetching in tests: ${url}`);
  return { contextUrl: undefined, documentUrl: url, document: SCHEMA_CONTEXT };
};

const CREATE = `mutation($i: EventInput!) { createEvent(input: $i) { id slug } }`;
const UPDATE = `mutation($id: ID!, $i: EventInput!) { updateEvent(id: $id, input: $i) { id } }`;
const READ = `query($id: ID!, $lang: Language) { event(id: $id) { jsonLd(lang: $lang) } }`;

const input = (overrides: Record<string, unknown> = {}) => ({
  title: { fr: 'Nuit des étoiles', en: 'Night of the stars', de: 'Sternennacht' },
  categories: ['nature-outing'],
  isFree: false,
  priceMin: 5,
  priceMax: 12.5,
  currency: 'EUR',
  minAge: 7,
  maxAge: 14,
  organiserName: 'Club d’astronomie du Ballon',
  organiserContact: 'https://astro-ballon.example/',
  organiserContactPublic: true,
  place: { name: 'Citadelle', communeInsee: '90010', lat: 47.6368, lon: 6.8645 },
  schedule: { allDay: false, dates: [{ start: '2031-08-12T21:00', end: '2031-08-13T01:00' }] },
  ...overrides,
});

async function expanded(id: string, lang?: string): Promise<any> {
  const ld = (await env.api.graphql(READ, { id, lang })).data!.event.jsonLd;
  const nodes = (await jsonld.expand(ld, { documentLoader: documentLoader as any })) as any[];
  expect(nodes).toHaveLength(1);
  return nodes[0];
}
const value = (node: any, term: string) => node[`${S}${term}`]?.map((v: any) => v['@value'] ?? v['@id']);

test('a price range is an AggregateOffer, the organiser has its name and URL, the age range and the pages of every language are there', async () => {
  const created = await env.api.graphql(CREATE, { i: input() }, { token: key });
  expect(created.errors).toBeUndefined();
  const { id, slug } = created.data!.createEvent;
  const node = await expanded(id, 'en');
  expect(node['@type']).toEqual([`${S}Event`]);
  expect(value(node, 'name')).toEqual(['Night of the stars']);
  const site = process.env.PUBLIC_SITE_URL ?? 'http://localhost:4321';
  expect(value(node, 'url')).toEqual([`${site}/en/agenda/${slug}`]);
  const pages = node[`${S}mainEntityOfPage`].map((page: any) => [value(page, 'inLanguage')[0], value(page, 'url')[0]]);
  expect(pages).toEqual([['fr', `${site}/agenda/${slug}`], ['en', `${site}/en/agenda/${slug}`], ['de', `${site}/de/agenda/${slug}`]]);
  const [offer] = node[`${S}offers`];
  expect(offer['@type']).toEqual([`${S}AggregateOffer`]);
  expect(value(offer, 'lowPrice')).toEqual([5]);
  expect(value(offer, 'highPrice')).toEqual([12.5]);
  expect(value(offer, 'priceCurrency')).toEqual(['EUR']);
  expect(value(offer, 'price')).toBeUndefined();
  const [organiser] = node[`${S}organizer`];
  expect(value(organiser, 'name')).toEqual(['Club d’astronomie du Ballon']);
  expect(value(organiser, 'url')).toEqual(['https://astro-ballon.example/']);
  expect(value(node, 'typicalAgeRange')).toEqual(['7-14']);
  expect(value(node, 'eventStatus')).toEqual(['https://schema.org/EventScheduled']);
  expect(value(node, 'eventAttendanceMode')).toEqual(['https://schema.org/OfflineEventAttendanceMode']);
  expect(value(node, 'startDate')).toEqual(['2031-08-12T21:00:00+02:00']);
  expect(value(node, 'endDate')).toEqual(['2031-08-13T01:00:00+02:00']);
  expect(node[`${S}previousStartDate`]).toBeUndefined();
});

test('free is an Offer at price 0; no end date unless one is known; previousStartDate only while RESCHEDULED', async () => {
  const free = input({ isFree: true, priceMin: null, priceMax: null, minAge: 12, maxAge: null, schedule: { allDay: false, dates: [{ start: '2031-09-01T18:00' }] } });
  const { id } = (await env.api.graphql(CREATE, { i: free }, { token: key })).data!.createEvent;
  let node = await expanded(id);
  const [offer] = node[`${S}offers`];
  expect(offer['@type']).toEqual([`${S}Offer`]);
  expect(value(offer, 'price')).toEqual([0]);
  expect(value(offer, 'priceCurrency')).toEqual(['EUR']);
  expect(value(node, 'isAccessibleForFree')).toEqual([true]);
  expect(node[`${S}endDate`]).toBeUndefined();
  expect(value(node, 'typicalAgeRange')).toEqual(['12-']);
  // A contact the office keeps private stays out.
  expect(await env.api.graphql(UPDATE, { id, i: { ...free, organiserContactPublic: false } }, { token: key })).toMatchObject({ data: { updateEvent: { id } } });
  expect(value((await expanded(id))[`${S}organizer`][0], 'url')).toBeUndefined();
  expect((await env.api.graphql(UPDATE, { id, i: free }, { token: key })).errors).toBeUndefined();

  // Rescheduled: the old date is said; postponed afterwards (no new date yet): it is not.
  expect((await env.api.graphql(UPDATE, { id, i: { ...free, status: 'RESCHEDULED', schedule: { allDay: false, dates: [{ start: '2031-09-08T18:00' }] } } }, { token: key })).errors).toBeUndefined();
  node = await expanded(id);
  expect(value(node, 'eventStatus')).toEqual(['https://schema.org/EventRescheduled']);
  expect(value(node, 'previousStartDate')).toEqual(['2031-09-01T18:00:00+02:00']);
  expect(value(node, 'startDate')).toEqual(['2031-09-08T18:00:00+02:00']);
  expect((await env.api.graphql(UPDATE, { id, i: { ...free, status: 'POSTPONED', schedule: { allDay: false, dates: [{ start: '2031-09-08T18:00' }] } } }, { token: key })).errors).toBeUndefined();
  node = await expanded(id);
  expect(value(node, 'eventStatus')).toEqual(['https://schema.org/EventPostponed']);
  expect(node[`${S}previousStartDate`]).toBeUndefined();

  // All day on one day: no end date either; over two days, the last day.
  const oneDay = (await env.api.graphql(CREATE, { i: input({ schedule: { allDay: true, dates: [{ start: '2031-10-04' }] } }) }, { token: key })).data!.createEvent;
  expect((await expanded(oneDay.id))[`${S}endDate`]).toBeUndefined();
  const twoDays = (await env.api.graphql(CREATE, { i: input({ schedule: { allDay: true, dates: [{ start: '2031-10-04', end: '2031-10-05' }] } }) }, { token: key })).data!.createEvent;
  expect(value(await expanded(twoDays.id), 'endDate')).toEqual(['2031-10-05']);
});
