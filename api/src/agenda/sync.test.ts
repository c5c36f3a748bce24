import { useTestApi } from '../../test/api';
import { createOrganisation, issueApiKey } from '../../test/factories';
import { photoJpeg } from '../../test/fixtures';

const env = useTestApi();
let key: string;
beforeAll(async () => {
  key = (await issueApiKey(env.db.dataSource, (await createOrganisation(env.db.dataSource, { epciSiren: '200069052' })).id)).key;
});

const input = (title: string, overrides: Record<string, unknown> = {}) => ({
  title: { fr: title },
  shortDescription: { fr: 'Au pied du Lion.' },
  categories: ['concert'],
  isFree: false,
  priceMin: 12,
  priceMax: 25,
  currency: 'EUR',
  bookingUrl: 'https://billetterie.example/fimu',
  organiserName: 'Ville de Belfort',
  place: { name: 'Citadelle', streetAddress: 'Rue de la Citadelle', postalCode: '90000', communeInsee: '90010', lat: 47.6368, lon: 6.8645 },
  schedule: { allDay: false, dates: [{ start: '2030-01-15T20:30', end: '2030-01-15T23:00' }] },
  ...overrides,
});

test('eventChanges returns changes and deletions since an instant, for systems that sync', async () => {
  const since = new Date(Date.now() - 1000).toISOString();
  const a = (await env.api.graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id } }`, { i: input('Concert A') }, { token: key })).data!.createEvent.id;
  const b = (await env.api.graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id } }`, { i: input('Concert B') }, { token: key })).data!.createEvent.id;
  await env.api.graphql(`mutation($id: ID!) { deleteEvent(id: $id) { id } }`, { id: b }, { token: key });
  const query = `query($s: DateTimeISO!) { eventChanges(since: $s) { nextSince hasMore changes { id deleted event { title } } } }`;
  const { data, errors } = await env.api.graphql(query, { s: since });
  expect(errors).toBeUndefined();
  const changes = data!.eventChanges.changes;
  expect(changes).toEqual(expect.arrayContaining([{ id: a, deleted: false, event: { title: 'Concert A' } }, { id: b, deleted: true, event: null }]));
  const later = await env.api.graphql(query, { s: data!.eventChanges.nextSince });
  expect(later.data!.eventChanges.changes).toEqual([]);
});

test('the JSON-LD is a schema.org Event with Paris offsets, status, place, offers and organiser', async () => {
  const created = (await env.api.graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id } }`, { i: input('FIMU : concert de clôture', { status: 'RESCHEDULED' }) }, { token: key })).data!.createEvent;
  await env.api.graphql(`mutation($id: ID!, $i: EventInput!) { updateEvent(id: $id, input: $i) { id } }`, { id: created.id, i: input('FIMU : concert de clôture', { status: 'RESCHEDULED', schedule: { allDay: false, dates: [{ start: '2030-06-02T20:30', end: '2030-06-02T23:00' }] } }) }, { token: key });
  const { data } = await env.api.graphql(`query($id: ID!) { event(id: $id) { jsonLd } }`, { id: created.id });
  const ld = data!.event.jsonLd;
  expect(ld).toMatchObject({
    '@context': 'https://schema.org',
    '@type': 'MusicEvent',
    name: 'FIMU : concert de clôture',
    startDate: '2030-06-02T20:30:00+02:00',
    endDate: '2030-06-02T23:00:00+02:00',
    previousStartDate: '2030-01-15T20:30:00+01:00',
    eventStatus: 'https://schema.org/EventRescheduled',
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    location: { '@type': 'Place', name: 'Citadelle', address: { '@type': 'PostalAddress', addressLocality: 'Belfort', postalCode: '90000', addressCountry: 'FR' }, geo: { '@type': 'GeoCoordinates', latitude: 47.6368 } },
    offers: { '@type': 'AggregateOffer', lowPrice: 12, highPrice: 25, priceCurrency: 'EUR', url: 'https://billetterie.example/fimu' },
    organizer: { '@type': 'Organization', name: 'Ville de Belfort' },
    isAccessibleForFree: false,
  });
});

test('an event image goes through the media pipeline and is served once the event is published', async () => {
  const photo = await photoJpeg({ width: 1200, height: 800 });
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'affiche.jpg');
  const upload = (await (await fetch(`${env.api.url}/uploads?purpose=EVENT_IMAGE`, { method: 'POST', body: form, headers: { authorization: `Bearer ${key}` } })).json()) as { id: string };
  const created = await env.api.graphql(
    `mutation($i: EventInput!) { createEvent(input: $i) { image(lang: en) { credit alt variants { format width url } } } }`,
    { i: input('Concert illustré', { imageUploadId: upload.id, imageCredit: '© OT Belfort', imageAlt: { fr: 'La scène illuminée', en: 'The lit stage' } }) },
    { token: key },
  );
  const image = created.data!.createEvent.image;
  expect(image).toMatchObject({ credit: '© OT Belfort', alt: 'The lit stage' });
  expect(image.variants.map((v: any) => `${v.width}.${v.format}`)).toEqual(expect.arrayContaining(['480.jpeg', '960.webp']));
  const served = await fetch(image.variants[0].url.replace(/^http:\/\/localhost:\d+/, env.api.url));
  expect(served.status).toBe(200);
  const other = await createOrganisation(env.db.dataSource, { epciSiren: '200065647' });
  const otherKey = (await issueApiKey(env.db.dataSource, other.id)).key;
  const stolen = await env.api.graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id } }`, { i: input('Vol d’image', { imageUploadId: upload.id }) }, { token: otherKey });
  expect(stolen.errors?.[0]?.extensions?.fields.map((f: any) => f.field)).toContain('imageUploadId');
});
