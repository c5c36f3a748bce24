import { useTestApi } from '../../test/api';
import { createOrganisation, createUser, issueApiKey } from '../../test/factories';

const env = useTestApi();
let belfort: { id: string };
let montbeliard: { id: string };
let belfortKey: string;
let montbeliardKey: string;
let belfortAdmin: string;
let pole: string;

async function login(organisationId: string, role: 'ADMIN' | 'EDITOR') {
  const { user, password } = await createUser(env.db.dataSource, { organisationId, role });
  return (await env.api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: password })).data!.login.token as string;
}

beforeAll(async () => {
  belfort = await createOrganisation(env.db.dataSource, { epciSiren: '200069052' });
  montbeliard = await createOrganisation(env.db.dataSource, { epciSiren: '200065647' });
  belfortKey = (await issueApiKey(env.db.dataSource, belfort.id)).key;
  montbeliardKey = (await issueApiKey(env.db.dataSource, montbeliard.id)).key;
  belfortAdmin = await login(belfort.id, 'ADMIN');
  pole = await login((await createOrganisation(env.db.dataSource, { kind: 'POLE' })).id, 'ADMIN');
});

const event = (title: string, overrides: Record<string, unknown> = {}) => ({
  title: { fr: title },
  categories: ['concert'],
  isFree: true,
  place: { communeInsee: '90010' },
  schedule: { allDay: false, dates: [{ start: '2031-06-21T20:00', end: '2031-06-21T23:00' }] },
  ...overrides,
});
const CREATE = `mutation($i: EventInput!) { createEvent(input: $i) { id moderation status } }`;
const ids = async (filter: Record<string, unknown>) =>
  (await env.api.graphql(`query($f: EventFilter) { events(filter: $f, first: 100) { nodes { event { id } } } }`, { f: { from: '2031-01-01T00:00:00Z', ...filter } })).data!.events.nodes.map((n: any) => n.event.id);

test('an office that asks for review: its events wait, the Pôle publishes them', async () => {
  expect((await env.api.graphql(`mutation($o: ID!) { setAgendaReview(organisationId: $o, required: true) }`, { o: belfort.id }, { token: belfortAdmin })).data!.setAgendaReview).toBe(true);
  const created = (await env.api.graphql(CREATE, { i: event('Récital sous review') }, { token: belfortKey })).data!.createEvent;
  expect(created.moderation).toBe('PENDING');
  expect(await ids({})).not.toContain(created.id);
  expect((await env.api.graphql(`{ pendingEvents { id } }`, {}, { token: belfortKey })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect((await env.api.graphql(`{ pendingEvents { id } }`, {}, { token: pole })).data!.pendingEvents.map((e: any) => e.id)).toContain(created.id);
  await env.api.graphql(`mutation($id: ID!) { publishEvent(id: $id) { moderation } }`, { id: created.id }, { token: pole });
  expect(await ids({})).toContain(created.id);
  await env.api.graphql(`mutation($o: ID!) { setAgendaReview(organisationId: $o, required: false) }`, { o: belfort.id }, { token: belfortAdmin });
});

test('a draft stays out of the agenda until submitted; cancelling keeps the event, marked', async () => {
  const draft = (await env.api.graphql(CREATE, { i: event('Brouillon de concert', { draft: true }) }, { token: belfortKey })).data!.createEvent;
  expect(draft.moderation).toBe('DRAFT');
  expect(await ids({})).not.toContain(draft.id);
  expect((await env.api.graphql(`mutation($id: ID!) { submitEvent(id: $id) { moderation } }`, { id: draft.id }, { token: belfortKey })).data!.submitEvent.moderation).toBe('PUBLISHED');
  const cancelled = (await env.api.graphql(`mutation($id: ID!) { cancelEvent(id: $id) { status sequence } }`, { id: draft.id }, { token: belfortKey })).data!.cancelEvent;
  expect(cancelled).toEqual({ status: 'CANCELLED', sequence: 1 });
  expect(await ids({})).toContain(draft.id);
  expect(await ids({ statuses: ['SCHEDULED'] })).not.toContain(draft.id);
  expect((await env.api.graphql(`mutation($id: ID!) { cancelEvent(id: $id) { status } }`, { id: draft.id }, { token: montbeliardKey })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});

test('another office features an event: it is a co-publisher, finds it under its name, and cannot edit it', async () => {
  const created = (await env.api.graphql(CREATE, { i: event('Concert partagé', { place: { communeInsee: '90010' } }) }, { token: belfortKey })).data!.createEvent;
  const featured = await env.api.graphql(`mutation($id: ID!) { featureEvent(id: $id) { coPublishers publisherId } }`, { id: created.id }, { token: montbeliardKey });
  expect(featured.data!.featureEvent).toEqual({ coPublishers: [montbeliard.id], publisherId: belfort.id });
  expect(await ids({ publisher: montbeliard.id })).toContain(created.id);
  const edit = await env.api.graphql(`mutation($id: ID!, $i: EventInput!) { updateEvent(id: $id, input: $i) { id } }`, { id: created.id, i: event('Détourné') }, { token: montbeliardKey });
  expect(edit.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});

test('the same event entered by two offices is flagged, then merged without losing anything', async () => {
  const upsert = `mutation($s: String!, $e: [UpsertEventInput!]!) { upsertEvents(system: $s, events: $e) { ok created eventId code } }`;
  const a = (await env.api.graphql(upsert, { s: 'decibelles', e: [{ externalId: 'FDM-BEL', event: event('Fête de la musique à Belfort', { categories: ['festival'] }) }] }, { token: belfortKey })).data!.upsertEvents[0].eventId;
  // Montbéliard's office enters it too, in a neighbouring commune (Bavilliers), with a slightly different title.
  const b = (await env.api.graphql(upsert, { s: 'apidae', e: [{ externalId: 'APX-FDM', event: event('Fête de la Musique - Belfort', { categories: ['festival'], place: { communeInsee: '90008' } }) }] }, { token: montbeliardKey })).data!.upsertEvents[0].eventId;
  const candidates = (await env.api.graphql(`{ duplicateCandidates { similarity event { id } other { id } } }`, {}, { token: pole })).data!.duplicateCandidates;
  const pair = candidates.find((c: any) => [c.event.id, c.other.id].sort().join() === [a, b].sort().join());
  expect(pair.similarity).toBeGreaterThan(0.45);
  // Other concerts at the same place and time ("Concert partagé"…) have unrelated titles: not flagged.
  expect(candidates.filter((c: any) => [c.event.id, c.other.id].includes(b))).toHaveLength(1);

  const merged = await env.api.graphql(`mutation($k: ID!, $m: ID!) { mergeEvents(keepId: $k, mergeId: $m) { id coPublishers } }`, { k: a, m: b }, { token: pole });
  expect(merged.data!.mergeEvents).toEqual({ id: a, coPublishers: [montbeliard.id] });
  const [tombstone] = await env.db.dataSource.query(`SELECT deleted_at, merged_into_id, title FROM event WHERE id = $1`, [b]);
  expect(tombstone).toMatchObject({ merged_into_id: a, title: { fr: 'Fête de la Musique - Belfort' } });
  expect(tombstone.deleted_at).not.toBeNull();
  const links = await env.db.dataSource.query(`SELECT system, external_id FROM event_external_id WHERE event_id = $1 ORDER BY system`, [a]);
  expect(links).toEqual([{ system: 'apidae', external_id: 'APX-FDM' }, { system: 'decibelles', external_id: 'FDM-BEL' }]);
  // Montbéliard's system keeps syncing its id: it is told where the event went, never silently dropped.
  const again = (await env.api.graphql(upsert, { s: 'apidae', e: [{ externalId: 'APX-FDM', event: event('Fête de la Musique - Belfort', { categories: ['festival'], place: { communeInsee: '90008' } }) }] }, { token: montbeliardKey })).data!.upsertEvents[0];
  expect(again).toEqual({ ok: false, created: false, eventId: a, code: 'MERGED_INTO' });
  expect((await ids({ categories: ['festival'] })).filter((id: string) => id === a || id === b)).toEqual([a]);
});

test('near me, map box, age and status filters', async () => {
  const montbeliardEvent = (await env.api.graphql(CREATE, { i: event('Concert à Montbéliard', { place: { communeInsee: '25388' }, minAge: 12 }) }, { token: montbeliardKey })).data!.createEvent.id;
  const near = await ids({ near: { lat: 47.6380, lon: 6.8628, km: 5 } });
  expect(near.length).toBeGreaterThan(0);
  expect(near).not.toContain(montbeliardEvent);
  expect(await ids({ near: { lat: 47.5100, lon: 6.7980, km: 3 } })).toContain(montbeliardEvent);
  expect(await ids({ box: { minLat: 47.45, minLon: 6.7, maxLat: 47.55, maxLon: 6.9 } })).toContain(montbeliardEvent);
  expect(await ids({ age: 8 })).not.toContain(montbeliardEvent);
  expect(await ids({ age: 14 })).toContain(montbeliardEvent);
  const upsideDown = await env.api.graphql(`query { events(filter: { box: { minLat: 48, minLon: 6, maxLat: 47, maxLon: 7 } }) { totalCount } }`);
  expect(upsideDown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});
