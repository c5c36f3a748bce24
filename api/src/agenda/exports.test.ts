import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import jsonld from 'jsonld';
import { useTestApi } from '../../test/api';
import { feedCacheKey } from './feeds.routes';
import { createOrganisation, issueApiKey } from '../../test/factories';
import { photoJpeg } from '../../test/fixtures';
import { LocalStorage } from '../media/storage/local-storage';

const env = useTestApi({ storage: new LocalStorage(mkdtempSync(join(tmpdir(), 'nfc-exports-'))) });
const BELFORT_EPCI = '200069052';
const DT = 'https://www.datatourisme.fr/ontology/core#';
const SCHEMA = 'http://schema.org/';
const WINDOW = 'from=2033-01-01T00:00:00Z&to=2034-01-01T00:00:00Z';
const SECRET = 'Brouillon secret';

const CREATE = `mutation($i: EventInput!) { createEvent(input: $i) { id slug moderation } }`;
let beer: { id: string; slug: string };
let expo: { id: string };

async function create(key: string, input: Record<string, unknown>) {
  const result = await env.api.graphql(CREATE, { i: input }, { token: key });
  expect(result.errors).toBeUndefined();
  return result.data!.createEvent as { id: string; slug: string; moderation: string };
}

beforeAll(async () => {
  const office = await createOrganisation(env.db.dataSource, { epciSiren: BELFORT_EPCI });
  await env.db.dataSource.query(`UPDATE organisation SET name = 'Office de tourisme du Grand Belfort' WHERE id = $1`, [office.id]);
  const key = (await issueApiKey(env.db.dataSource, office.id)).key;
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await photoJpeg({ width: 1000, height: 700 }))], { type: 'image/jpeg' }), 'affiche.jpg');
  const upload = await fetch(`${env.api.url}/uploads?purpose=EVENT_IMAGE`, { method: 'POST', body: form, headers: { authorization: `Bearer ${key}` } });
  expect(upload.status).toBe(201);
  const uploadId = ((await upload.json()) as { id: string }).id;

  beer = await create(key, {
    title: { fr: 'Fête de la bière « Große Straße »', en: 'Beer festival', de: 'Bierfest an der Großen Straße' },
    shortDescription: { fr: 'Dégustation, "chansons" et bretzels à l’été', en: 'Tasting and songs', de: 'Verkostung und Lieder, Maß für Maß' },
    longDescription: { fr: 'Un **grand** moment.' },
    categories: ['concert'],
    isFree: false,
    priceMin: 12,
    priceMax: 18,
    currency: 'EUR',
    organiserContact: 'jean.dupont@example.org',
    registrationContact: '06 12 34 56 78',
    bookingUrl: 'https://billets.example.org/fete',
    imageUploadId: uploadId,
    imageCredit: 'Photo Zoé Müller',
    place: { name: 'Place d’Armes', streetAddress: '1 place d’Armes', communeInsee: '90010', lat: 47.6378, lon: 6.8628 },
    schedule: { allDay: false, dates: [{ start: '2033-06-21T18:00', end: '2033-06-21T23:30' }, { start: '2033-06-22T18:00', end: '2033-06-22T23:30' }] },
  });
  // Montbéliard, in another EPCI; its title would be a formula in a spreadsheet.
  await create(key, {
    title: { fr: '=HYPERLINK("http://example.org") Spectacle annulé' },
    shortDescription: { fr: '+33 3 81 00 00 00' },
    categories: ['show'],
    isFree: true,
    status: 'CANCELLED',
    place: { communeInsee: '25388' },
    schedule: { allDay: false, dates: [{ start: '2033-06-21T20:00', end: '2033-06-21T22:00' }] },
  });
  // Three days, all day long.
  expo = await create(key, {
    title: { fr: 'Exposition d’été', de: 'Sommerausstellung' },
    categories: ['exhibition'],
    isFree: true,
    place: { communeInsee: '90010' },
    schedule: { allDay: true, dates: [{ start: '2033-07-01', end: '2033-07-03' }] },
  });
  // Never public: a draft, an event waiting for the Pôle's review, a deleted one.
  const hidden = (title: string) => ({ title: { fr: title }, categories: ['concert'], isFree: true, place: { communeInsee: '90010' }, schedule: { allDay: false, dates: [{ start: '2033-06-21T19:00' }] } });
  expect((await create(key, { ...hidden(SECRET), draft: true })).moderation).toBe('DRAFT');
  const reviewed = await createOrganisation(env.db.dataSource, { epciSiren: BELFORT_EPCI });
  await env.db.dataSource.query(`UPDATE organisation SET agenda_requires_review = true WHERE id = $1`, [reviewed.id]);
  expect((await create((await issueApiKey(env.db.dataSource, reviewed.id)).key, hidden(`${SECRET} en attente`))).moderation).toBe('PENDING');
  const deleted = await create(key, hidden(`${SECRET} supprimé`));
  expect((await env.api.graphql(`mutation($id: ID!) { deleteEvent(id: $id) { id } }`, { id: deleted.id }, { token: key })).errors).toBeUndefined();
  // 200 daily dates in 2034: more than a page of any format.
  await create(key, {
    title: { fr: 'Marché quotidien' },
    categories: ['market'],
    isFree: true,
    place: { communeInsee: '90010' },
    schedule: { allDay: false, recurrence: { start: '2034-01-01T08:00', durationMinutes: 240, rule: 'FREQ=DAILY;COUNT=200' } },
  });
});

async function get(path: string) {
  const response = await fetch(`${env.api.url}${path}`);
  return { response, body: Buffer.from(await response.arrayBuffer()) };
}

/** The expanded node of an IRI, with its values by property. */
function nodes(expanded: any[]): Map<string, any> {
  return new Map(expanded.map((node) => [node['@id'], node]));
}

test('the DATAtourisme feed expands as JSON-LD into the ontology’s classes and properties', async () => {
  const { response, body } = await get(`/feeds/datatourisme.jsonld?epci=${BELFORT_EPCI}&${WINDOW}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
  expect(response.headers.get('cache-control')).toBe('public, max-age=300');
  expect(response.headers.get('x-total-count')).toBe('3');
  expect(response.headers.get('x-window')).toBe('2033-01-01T00:00:00.000Z/2034-01-01T00:00:00.000Z');
  const expanded = (await jsonld.flatten(JSON.parse(body.toString('utf8')))) as any;
  const graph = nodes(expanded['@graph'] ?? expanded);
  const event = [...graph.values()].find((node) => node['@type']?.includes(`${DT}Concert`));
  expect(event['@type']).toEqual(expect.arrayContaining([`${DT}EntertainmentAndEvent`, `${DT}CulturalEvent`, `${DT}Concert`, `${SCHEMA}MusicEvent`]));
  expect(event['http://www.w3.org/2000/01/rdf-schema#label']).toEqual(expect.arrayContaining([{ '@value': 'Bierfest an der Großen Straße', '@language': 'de' }]));
  const at = (ref: { '@id': string }) => graph.get(ref['@id']);
  const periods = event[`${DT}takesPlaceAt`].map(at);
  expect(periods.map((p: any) => [p[`${DT}startDate`][0]['@value'], p[`${DT}startTime`][0]['@value'], p[`${DT}endTime`][0]['@value']])).toEqual([
    ['2033-06-21', '18:00:00', '23:30:00'],
    ['2033-06-22', '18:00:00', '23:30:00'],
  ]);
  expect(periods[0]['@type']).toEqual([`${DT}Period`]);
  const place = at(event[`${DT}isLocatedAt`][0]);
  const address = at(place[`${SCHEMA}address`][0]);
  expect(address[`${SCHEMA}postalCode`][0]['@value']).toBe('90000');
  const city = at(address[`${DT}hasAddressCity`][0]);
  expect(city['@type']).toEqual([`${DT}City`]);
  expect(city[`${DT}insee`][0]['@value']).toBe('90010');
  const geo = at(place[`${SCHEMA}geo`][0]);
  expect(Number(geo[`${SCHEMA}latitude`][0]['@value'])).toBeCloseTo(47.6378);
  const description = at(event[`${DT}hasDescription`][0]);
  expect(description[`${DT}shortDescription`].map((v: any) => v['@language']).sort()).toEqual(['de', 'en', 'fr']);
  expect(description['http://purl.org/dc/elements/1.1/description']).toEqual([{ '@value': 'Un grand moment.', '@language': 'fr' }]);
  const publisher = at(event[`${DT}hasBeenPublishedBy`][0]);
  expect(publisher[`${SCHEMA}legalName`][0]['@value']).toBe('Office de tourisme du Grand Belfort');
  expect(event[`${DT}hasBeenCreatedBy`]).toBeDefined();
  expect(event[`${DT}hasContact`].map((c: any) => { const link = at(c)['http://xmlns.com/foaf/0.1/homepage'][0]; return link['@id'] ?? link['@value']; })).toEqual(['https://billets.example.org/fete']);
  const representation = at(event[`${DT}hasMainRepresentation`][0]);
  const resource = at(representation['http://www.ebu.ch/metadata/ontologies/ebucore/ebucore#hasRelatedResource'][0]);
  expect(resource['http://www.ebu.ch/metadata/ontologies/ebucore/ebucore#locator'][0]['@value']).toMatch(/^https?:\/\/[^/]+\/media\/[0-9a-f]{64}\.jpg$/);
  const annotation = at(representation['http://www.ebu.ch/metadata/ontologies/ebucore/ebucore#hasAnnotation'][0]);
  expect(annotation[`${DT}credits`]).toEqual([{ '@value': 'Photo Zoé Müller', '@language': 'fr' }]);
  expect(event[`${DT}lastUpdate`][0]['@type']).toBe('http://www.w3.org/2001/XMLSchema#date');
  const price = at(at(event[`${SCHEMA}offers`][0])[`${SCHEMA}priceSpecification`][0]);
  expect([price[`${SCHEMA}minPrice`][0]['@value'], price[`${SCHEMA}maxPrice`][0]['@value'], price[`${SCHEMA}priceCurrency`][0]['@value']]).toEqual([12, 18, 'EUR']);
  expect(event['http://purl.org/dc/terms/license']).toEqual([{ '@id': 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' }]);
  // All day: periods with dates and no times.
  const exhibition = [...graph.values()].find((node) => node['@type']?.includes(`${DT}Exhibition`));
  const period = at(exhibition[`${DT}takesPlaceAt`][0]);
  expect([period[`${DT}startDate`][0]['@value'], period[`${DT}endDate`][0]['@value'], period[`${DT}startTime`]]).toEqual(['2033-07-01', '2033-07-03', undefined]);
  const dataset = [...graph.values()].find((node) => node['@type']?.includes('http://www.w3.org/ns/dcat#Dataset'));
  expect(dataset['http://purl.org/dc/terms/license']).toEqual([{ '@id': 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' }]);
  expect(body.toString('utf8')).not.toContain(SECRET);
});

test('the OpenAgenda export has the v2 event shape, statuses as numbers, cancelled events kept', async () => {
  const { response, body } = await get(`/feeds/openagenda.json?${WINDOW}`);
  expect(response.status).toBe(200);
  const feed = JSON.parse(body.toString('utf8'));
  expect(feed).toMatchObject({ total: 4, after: null, licence: { url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' }, window: { from: '2033-01-01T00:00:00.000Z', to: '2034-01-01T00:00:00.000Z' } });
  const event = feed.events.find((e: any) => e.uid === beer.id);
  expect(event).toMatchObject({
    slug: beer.slug,
    title: { fr: 'Fête de la bière « Große Straße »', en: 'Beer festival', de: 'Bierfest an der Großen Straße' },
    description: { fr: 'Dégustation, "chansons" et bretzels à l’été' },
    longDescription: { fr: 'Un grand moment.' },
    keywords: { fr: ['Concert'], de: ['Konzert'] },
    nextTiming: { begin: '2033-06-21T18:00:00.000+02:00', end: '2033-06-21T23:30:00.000+02:00' },
    timings: [
      { begin: '2033-06-21T18:00:00.000+02:00', end: '2033-06-21T23:30:00.000+02:00' },
      { begin: '2033-06-22T18:00:00.000+02:00', end: '2033-06-22T23:30:00.000+02:00' },
    ],
    location: { name: 'Place d’Armes', city: 'Belfort', postalCode: '90000', insee: '90010', latitude: 47.6378, longitude: 6.8628 },
    status: 1,
    attendanceMode: 1,
    accessibility: { hi: false, vi: false, mi: false, pi: false, ii: false },
    imageCredits: 'Photo Zoé Müller',
    registration: [{ type: 'link', value: 'https://billets.example.org/fete' }],
  });
  expect(event.image.base + event.image.filename).toMatch(/\.jpg$/);
  expect(Date.parse(event.updatedAt)).not.toBeNaN();
  expect(feed.events.find((e: any) => e.title.fr.includes('Spectacle annulé')).status).toBe(6);
  expect(body.toString('utf8')).not.toContain(SECRET);

  // The EPCI filter applies: Montbéliard's show is not Grand Belfort's.
  const belfort = JSON.parse((await get(`/feeds/openagenda.json?epci=${BELFORT_EPCI}&${WINDOW}`)).body.toString('utf8'));
  expect(belfort.events.map((e: any) => e.uid)).toEqual([beer.id, expo.id]);
});

test('a window larger than a page is paged: X-Total-Count, Link rel=next, and the rest on the next page', async () => {
  const first = await get('/feeds/openagenda.json?from=2034-01-01T00:00:00Z&to=2035-01-01T00:00:00Z');
  expect(first.response.headers.get('x-total-count')).toBe('200');
  expect(first.response.headers.get('x-result-count')).toBe('100');
  const next = /<([^>]+)>; rel="next"/.exec(first.response.headers.get('link') ?? '')?.[1];
  expect(next).toBeDefined();
  expect(JSON.parse(first.body.toString('utf8')).events[0].timings).toHaveLength(100);
  // The link is on the API's public address; the test server listens elsewhere.
  const url = new URL(next!);
  expect(url.pathname).toBe('/feeds/openagenda.json');
  const second = await fetch(`${env.api.url}${url.pathname}${url.search}`);
  const page = (await second.json()) as any;
  expect(page.events[0].timings).toHaveLength(100);
  expect(page.events[0].timings[0].begin).toBe('2034-04-11T08:00:00.000+02:00');
  expect(second.headers.get('link')).not.toContain('rel="next"');
});

test('the CSV is RFC 4180 with a BOM, labelled in the language asked, one row per date, formulas neutralised', async () => {
  const { response, body } = await get(`/feeds/agenda.csv?lang=de&${WINDOW}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
  expect(response.headers.get('content-disposition')).toBe('attachment; filename="agenda-nord-franche-comte.csv"');
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(body.toString('utf8')).toContain('\r\n');
  const rows: string[][] = parse(body, { bom: true });
  expect(rows[0]!.slice(0, 6)).toEqual(['Datum', 'Beginn', 'Enddatum', 'Ende', 'Titel', 'Status']);
  const data = rows.slice(1);
  expect(data).toHaveLength(4);
  // All day: no times, and the last day.
  expect(data.find((row) => row[rows[0]!.indexOf('Titel')] === 'Sommerausstellung')!.slice(0, 4)).toEqual(['2033-07-01', '', '2033-07-03', '']);
  const title = rows[0]!.indexOf('Titel');
  const description = rows[0]!.indexOf('Kurzbeschreibung');
  const beerRows = data.filter((row) => row[title] === 'Bierfest an der Großen Straße');
  expect(beerRows.map((row) => row.slice(0, 4))).toEqual([
    ['2033-06-21', '18:00', '2033-06-21', '23:30'],
    ['2033-06-22', '18:00', '2033-06-22', '23:30'],
  ]);
  expect(beerRows[0]![description]).toBe('Verkostung und Lieder, Maß für Maß');
  expect(beerRows[0]![rows[0]!.indexOf('Preis')]).toMatch(/^12,00\s€ – 18,00\s€$/);
  const show = data.find((row) => row[title]!.includes('Spectacle'))!;
  expect(show[title]).toBe(`'=HYPERLINK("http://example.org") Spectacle annulé`);
  expect(show[description]).toBe(`'+33 3 81 00 00 00`);
  expect(show[rows[0]!.indexOf('Status')]).toBe('Abgesagt');
  expect(body.toString('utf8')).not.toContain(SECRET);

  const french: string[][] = parse((await get(`/feeds/agenda.csv?${WINDOW}`)).body, { bom: true });
  expect(french[0]!.slice(0, 5)).toEqual(['Date', 'Début', 'Date de fin', 'Fin', 'Titre']);
  expect(french.some((row) => row.includes('Dégustation, "chansons" et bretzels à l’été'))).toBe(true);
});

test('the XLSX reads back in exceljs: labelled columns, texts as texts, the licence and window on a second sheet', async () => {
  const { response, body } = await get(`/feeds/agenda.xlsx?lang=en&${WINDOW}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as any);
  const sheet = workbook.worksheets[0]!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  expect(header.slice(0, 5)).toEqual(['Date', 'Start', 'End date', 'End', 'Title']);
  const titles: unknown[] = [];
  sheet.eachRow((row, number) => number > 1 && titles.push(row.getCell(5).value));
  expect(titles).toEqual(expect.arrayContaining(['Beer festival', `'=HYPERLINK("http://example.org") Spectacle annulé`]));
  expect(titles).toHaveLength(4);
  // A text, never a formula.
  sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  const about = workbook.worksheets[1]!;
  const info = new Map<string, unknown>();
  about.eachRow((row) => info.set(String(row.getCell(1).value), row.getCell(2).value));
  expect(info.get('Licence')).toContain('Licence Ouverte');
  expect(info.get('From')).toBe('2033-01-01T00:00:00.000Z');
  expect(info.get('Dates in this window')).toBe('4');
  expect(body.includes(Buffer.from(SECRET))).toBe(false);
});

test('the printed programme lists the dates by day with accents, ß and the cancelled mark, and says when it is cut', async () => {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const text = async (path: string) => {
    const { response, body } = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(body)), { mergePages: true });
    return text.replace(/\s+/g, ' ');
  };
  const german = await text(`/feeds/programme.pdf?lang=de&${WINDOW}`);
  expect(german).toContain('Veranstaltungsprogramm');
  expect(german).toContain('Bierfest an der Großen Straße');
  expect(german).toContain('Verkostung und Lieder, Maß für Maß');
  expect(german).toContain('[ABGESAGT]');
  expect(german).toContain('Dienstag, 21. Juni 2033');
  expect(german).toContain('Ganztägig → So., 3. Juli Sommerausstellung');
  expect(german).not.toContain(SECRET);
  const french = await text(`/feeds/programme.pdf?epci=${BELFORT_EPCI}&${WINDOW}`);
  expect(french).toContain('Programme des événements — CA Grand Belfort');
  expect(french).toContain('Fête de la bière « Große Straße »');
  expect(french).toContain('Place d’Armes, Belfort');
  expect(french).toContain('Licence Ouverte');
  expect(french).not.toContain('Spectacle annulé');
  const cut = await text('/feeds/programme.pdf?from=2034-01-01T00:00:00Z&to=2035-01-01T00:00:00Z');
  expect(cut).toContain('Programme limité aux 150 premières dates sur 200');
});

test.each(['/feeds/datatourisme.jsonld', '/feeds/openagenda.json', '/feeds/agenda.csv'])('%s never publishes the organiser’s or the registration contact (for editors only)', async (path) => {
  const { response, body } = await get(`${path}?${WINDOW}`);
  expect(response.status).toBe(200);
  const text = body.toString('utf8');
  expect(text).toContain('Große Straße');
  expect(text).not.toContain('jean.dupont@example.org');
  expect(text).not.toContain('06 12 34 56 78');
});

test.each([
  ['epci not a SIREN', 'epci=12', 'epci'],
  ['commune not an INSEE code', 'commune=abc', 'commune'],
  ['from not a date', 'from=demain', 'from'],
  ['an unknown language', 'lang=it', 'lang'],
  ['a forged cursor', 'after=not-a-cursor', 'after'],
  ['to before from', 'from=2033-02-01T00:00:00Z&to=2033-01-01T00:00:00Z', 'filter.to'],
])('%s is a 400 with a stable code, in every format', async (_case, query, field) => {
  for (const path of ['/feeds/datatourisme.jsonld', '/feeds/openagenda.json', '/feeds/agenda.csv', '/feeds/agenda.xlsx', '/feeds/programme.pdf']) {
    const { response, body } = await get(`${path}?${query}`);
    expect([path, response.status]).toEqual([path, 400]);
    const error = JSON.parse(body.toString('utf8')).errors[0];
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    if (error.extensions.fields) expect(error.extensions.fields.map((f: { field: string }) => f.field)).toContain(field);
  }
});

test.each(['/feeds/datatourisme.jsonld', '/feeds/openagenda.json', '/feeds/agenda.csv'])('%s ignores parameters it does not read: not in its links, not in its cache key', async (path) => {
  const { response, body } = await get(`${path}?${WINDOW}&epci=${BELFORT_EPCI}&junk=%3Cscript%3Eplanted`);
  expect(response.status).toBe(200);
  expect(body.toString('utf8')).not.toContain('planted');
  expect(response.headers.get('link') ?? '').not.toContain('junk');
  const request = (query: Record<string, string>) => ({ query }) as unknown as import('express').Request;
  expect(feedCacheKey(path, request({ junk: String(Math.random()), epci: BELFORT_EPCI }))).toBe(feedCacheKey(path, request({ epci: BELFORT_EPCI })));
  expect(feedCacheKey(path, request({ epci: BELFORT_EPCI, lang: 'de' }))).not.toBe(feedCacheKey(path, request({ epci: BELFORT_EPCI })));
});
