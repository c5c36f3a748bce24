import { useTestApi } from '../../test/api';
import { createOrganisation, issueApiKey } from '../../test/factories';

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
    offers: { '@type': 'Offer', lowPrice: '12.00', highPrice: '25.00', priceCurrency: 'EUR', url: 'https://billetterie.example/fimu' },
    organizer: { '@type': 'Organization', name: 'Ville de Belfort' },
    isAccessibleForFree: false,
  });
});
