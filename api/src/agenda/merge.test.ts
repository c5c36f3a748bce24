import { useTestApi } from '../../test/api';
import { createOrganisation, createUser, issueApiKey } from '../../test/factories';
import type { AgendaEvent } from './event.entities';
import { planMerge, type MergeChoice } from './merge';

/** Merges as the Pôle and both offices live them: field by field, nothing lost, later writes answered. */
const env = useTestApi();
let belfort: { id: string };
let montbeliard: { id: string };
let belfortKey: string;
let montbeliardKey: string;
let pole: string;

beforeAll(async () => {
  belfort = await createOrganisation(env.db.dataSource, { epciSiren: '200069052' });
  montbeliard = await createOrganisation(env.db.dataSource, { epciSiren: '200065647' });
  belfortKey = (await issueApiKey(env.db.dataSource, belfort.id)).key;
  montbeliardKey = (await issueApiKey(env.db.dataSource, montbeliard.id)).key;
  const { user, password } = await createUser(env.db.dataSource, { organisationId: (await createOrganisation(env.db.dataSource, { kind: 'POLE' })).id, role: 'ADMIN' });
  pole = (await env.api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: password })).data!.login.token;
});

const UPSERT = `mutation($s: String!, $e: [UpsertEventInput!]!) { upsertEvents(system: $s, events: $e) { ok created eventId code outcome errors { field } } }`;
const MERGE = `mutation($k: ID!, $m: ID!, $c: [MergeChoiceInput!]) { mergeEvents(keepId: $k, mergeId: $m, choices: $c) { id sequence } }`;

const upsert = async (token: string, system: string, externalId: string, event: Record<string, unknown>) =>
  (await env.api.graphql(UPSERT, { s: system, e: [{ externalId, event }] }, { token })).data!.upsertEvents[0];
const stored = async (id: string) =>
  (await env.db.dataSource.query(
    `SELECT title, short_description, long_description, translation_origin, is_free, price_min, price_max, currency, organiser_name, organiser_contact, organiser_contact_public,
       min_age, accessibility, commune_insee, schedule, sequence, deleted_at, merged_into_id FROM event WHERE id = $1`,
    [id],
  ))[0];
const occurrences = async (id: string) => (await env.db.dataSource.query(`SELECT starts_at FROM event_occurrence WHERE event_id = $1 ORDER BY starts_at`, [id])).map((row: { starts_at: Date }) => row.starts_at.toISOString());

const belfortNight = {
  title: { fr: 'Nuit des musées' },
  shortDescription: { fr: 'Les musées de Belfort ouverts la nuit.' },
  categories: ['heritage-visit'],
  place: { communeInsee: '90010' },
  schedule: { allDay: false, dates: [{ start: '2031-05-17T19:00', end: '2031-05-17T23:00' }] },
};
const montbeliardNight = {
  title: { fr: 'La Nuit des musées', de: 'Museumsnacht', en: 'Museum night' },
  machineTranslated: ['en'],
  shortDescription: { fr: 'Autre résumé.', de: 'Die Museen nachts geöffnet.' },
  longDescription: { fr: 'Le programme complet, salle par salle.' },
  categories: ['exhibition'],
  priceMin: 5,
  priceMax: 10,
  currency: 'EUR',
  organiserName: 'Musées de Belfort',
  organiserContact: 'musees@example.org',
  organiserContactPublic: true,
  minAge: 6,
  accessibility: ['MOTOR'],
  place: { communeInsee: '90008' },
  schedule: { allDay: false, dates: [{ start: '2031-05-17T20:00', end: '2031-05-18T00:00' }, { start: '2031-05-18T20:00', end: '2031-05-18T23:00' }] },
};

test('a merge takes each field from the side chosen, fills what the canonical event lacks, keeps both ids, and answers later writes with MERGED_INTO', async () => {
  const kept = await upsert(belfortKey, 'decibelles', 'NDM-1', belfortNight);
  const duplicate = await upsert(montbeliardKey, 'apidae', 'APX-NDM', montbeliardNight);
  const before = await stored(kept.eventId);

  const answer = await env.api.graphql(MERGE, { k: kept.eventId, m: duplicate.eventId, c: [{ field: 'DATES', from: 'MERGED' }, { field: 'PLACE', from: 'KEPT' }, { field: 'CATEGORIES', from: 'MERGED' }] }, { token: pole });
  expect(answer.errors).toBeUndefined();
  expect(answer.data!.mergeEvents).toEqual({ id: kept.eventId, sequence: before.sequence + 1 });

  const after = await stored(kept.eventId);
  // Chosen: the duplicate's dates and categories; the canonical event's place.
  expect(after.schedule).toEqual(expect.objectContaining({ dates: [{ start: '2031-05-17T20:00', end: '2031-05-18T00:00' }, { start: '2031-05-18T20:00', end: '2031-05-18T23:00' }] }));
  expect(await occurrences(kept.eventId)).toEqual(['2031-05-17T18:00:00.000Z', '2031-05-18T18:00:00.000Z']);
  expect(after.commune_insee).toBe('90010');
  // Not chosen: the canonical event's, with the languages it lacked from the duplicate, and their origin.
  expect(after.title).toEqual({ fr: 'Nuit des musées', de: 'Museumsnacht', en: 'Museum night' });
  expect(after.translation_origin).toEqual({ en: 'MACHINE' });
  expect(after.short_description).toEqual({ fr: 'Les musées de Belfort ouverts la nuit.', de: 'Die Museen nachts geöffnet.' });
  // Details the canonical event had none of come from the duplicate.
  expect(after).toMatchObject({
    long_description: { fr: 'Le programme complet, salle par salle.' },
    is_free: false,
    price_min: '5.00',
    price_max: '10.00',
    currency: 'EUR',
    organiser_name: 'Musées de Belfort',
    organiser_contact: 'musees@example.org',
    organiser_contact_public: true,
    min_age: 6,
    accessibility: ['MOTOR'],
  });
  const tombstone = await stored(duplicate.eventId);
  expect(tombstone.merged_into_id).toBe(kept.eventId);
  expect(await occurrences(duplicate.eventId)).toEqual([]);
  // Both offices' external ids lead to the canonical event; the public reads the merged details.
  expect(await env.db.dataSource.query(`SELECT organisation_id, system, external_id FROM event_external_id WHERE event_id = $1 ORDER BY system`, [kept.eventId])).toEqual([
    { organisation_id: montbeliard.id, system: 'apidae', external_id: 'APX-NDM' },
    { organisation_id: belfort.id, system: 'decibelles', external_id: 'NDM-1' },
  ]);
  const shown = (await env.api.graphql(`query($id: ID!) { event(id: $id) { title(lang: de) organiserContact categories { id } } }`, { id: kept.eventId })).data!.event;
  expect(shown).toEqual({ title: 'Museumsnacht', organiserContact: 'musees@example.org', categories: [{ id: 'exhibition' }] });

  // The canonical office's system resends its own item, as every night: what the merge brought stays, nothing is written.
  expect(await upsert(belfortKey, 'decibelles', 'NDM-1', belfortNight)).toMatchObject({ ok: true, outcome: 'UNCHANGED' });
  expect(await stored(kept.eventId)).toEqual(after);
  expect(await occurrences(kept.eventId)).toEqual(['2031-05-17T18:00:00.000Z', '2031-05-18T18:00:00.000Z']);

  // The merged office's system sends its item again: told where it went, nothing written.
  const resent = await upsert(montbeliardKey, 'apidae', 'APX-NDM', { ...montbeliardNight, title: { fr: 'La Nuit des musées, modifiée' } });
  expect(resent).toMatchObject({ ok: false, created: false, eventId: kept.eventId, code: 'MERGED_INTO', outcome: 'REFUSED', errors: [{ field: 'externalId' }] });
  expect((await stored(kept.eventId)).sequence).toBe(after.sequence);
  // The canonical office's system goes on updating it.
  // The canonical office's system goes on updating it: a new title keeps the languages the merge added…
  const retitled = { ...belfortNight, title: { fr: 'Nuit des musées 2031' } };
  expect(await upsert(belfortKey, 'decibelles', 'NDM-1', retitled)).toMatchObject({ ok: true, eventId: kept.eventId, outcome: 'UPDATED' });
  expect(await stored(kept.eventId)).toMatchObject({ title: { fr: 'Nuit des musées 2031', de: 'Museumsnacht', en: 'Museum night' }, translation_origin: { en: 'MACHINE' }, price_min: '5.00', commune_insee: '90010' });
  expect(await upsert(belfortKey, 'decibelles', 'NDM-1', retitled)).toMatchObject({ outcome: 'UNCHANGED' });
  // …and a value of its own replaces what the merge brought.
  expect(await upsert(belfortKey, 'decibelles', 'NDM-1', { ...retitled, isFree: true, schedule: { allDay: false, dates: [{ start: '2031-05-24T19:00', end: '2031-05-24T23:00' }] } })).toMatchObject({ outcome: 'UPDATED' });
  expect(await stored(kept.eventId)).toMatchObject({ is_free: true, price_min: null, currency: null, organiser_name: 'Musées de Belfort' });
  expect(await occurrences(kept.eventId)).toEqual(['2031-05-24T17:00:00.000Z']);
});

const WRITES: Array<[string, string, (id: string) => Record<string, unknown>]> = [
  ['updateEvent', `mutation($id: ID!, $i: EventInput!) { updateEvent(id: $id, input: $i) { id } }`, (id) => ({ id, i: montbeliardNight })],
  ['cancelEvent', `mutation($id: ID!) { cancelEvent(id: $id) { id } }`, (id) => ({ id })],
  ['deleteEvent', `mutation($id: ID!) { deleteEvent(id: $id) { id } }`, (id) => ({ id })],
  ['submitEvent', `mutation($id: ID!) { submitEvent(id: $id) { id } }`, (id) => ({ id })],
];

describe('writes to a merged event by its old id', () => {
  let keptId: string;
  let mergedId: string;
  beforeAll(async () => {
    keptId = (await upsert(belfortKey, 'decibelles', 'OLD-ID-KEPT', { ...belfortNight, title: { fr: 'Festival des lanternes' } })).eventId;
    mergedId = (await upsert(montbeliardKey, 'apidae', 'OLD-ID-MERGED', { ...montbeliardNight, title: { fr: 'Le Festival des lanternes' } })).eventId;
    expect((await env.api.graphql(MERGE, { k: keptId, m: mergedId }, { token: pole })).errors).toBeUndefined();
  });

  test.each(WRITES)('%s by the merged office answers MERGED_INTO with the canonical id, and changes nothing', async (_name, mutation, variables) => {
    const sequence = (await stored(keptId)).sequence;
    const answer = await env.api.graphql(mutation, variables(mergedId), { token: montbeliardKey });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'MERGED_INTO', canonicalEventId: keptId });
    expect(await stored(keptId)).toMatchObject({ sequence, deleted_at: null });
  });

  test.each(WRITES)('%s by any other office finds the merged id missing', async (_name, mutation, variables) => {
    const answer = await env.api.graphql(mutation, variables(mergedId), { token: belfortKey });
    expect(answer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(answer.errors?.[0]?.extensions?.canonicalEventId).toBeUndefined();
  });

  test('a merge of the canonical event into a third one points the first tombstone to the last', async () => {
    const third = (await upsert(belfortKey, 'decibelles', 'OLD-ID-THIRD', { ...belfortNight, title: { fr: 'Festival des lanternes, édition commune' } })).eventId;
    expect((await env.api.graphql(MERGE, { k: third, m: keptId }, { token: pole })).errors).toBeUndefined();
    const answer = await env.api.graphql(WRITES[0]![1], WRITES[0]![2](mergedId), { token: montbeliardKey });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'MERGED_INTO', canonicalEventId: third });
    expect(await upsert(montbeliardKey, 'apidae', 'OLD-ID-MERGED', montbeliardNight)).toMatchObject({ code: 'MERGED_INTO', eventId: third });
    // The same office's own duplicate ids land on the canonical event: its own event, which it edits.
    expect(await upsert(belfortKey, 'decibelles', 'OLD-ID-KEPT', { ...belfortNight, title: { fr: 'Festival des lanternes' } })).toMatchObject({ ok: true, eventId: third, outcome: 'UPDATED' });
  });
});

test.each([
  ['a field chosen twice', [{ field: 'TITLE', from: 'KEPT' }, { field: 'TITLE', from: 'MERGED' }], 'BAD_USER_INPUT', 'choices.1.field'],
  ['an unknown field', [{ field: 'SLUG', from: 'KEPT' }], 'BAD_USER_INPUT', null],
])('a merge with %s is refused and merges nothing', async (_case, choices, code, field) => {
  const a = (await upsert(belfortKey, 'decibelles', `BAD-${_case}-A`, { ...belfortNight, title: { fr: `Concert ${_case}` } })).eventId;
  const b = (await upsert(montbeliardKey, 'apidae', `BAD-${_case}-B`, { ...montbeliardNight, title: { fr: `Concert ${_case} bis` } })).eventId;
  const answer = await env.api.graphql(MERGE, { k: a, m: b, c: choices }, { token: pole });
  expect(answer.errors?.[0]?.extensions?.code).toBe(code);
  if (field) expect(answer.errors?.[0]?.extensions?.fields).toEqual([expect.objectContaining({ field })]);
  expect(await stored(b)).toMatchObject({ deleted_at: null, merged_into_id: null });
});

test('only the Pôle merges', async () => {
  const a = (await upsert(belfortKey, 'decibelles', 'ONLY-POLE-A', belfortNight)).eventId;
  const b = (await upsert(belfortKey, 'decibelles', 'ONLY-POLE-B', belfortNight)).eventId;
  expect((await env.api.graphql(MERGE, { k: a, m: b }, { token: belfortKey })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(await stored(b)).toMatchObject({ merged_into_id: null });
});

describe('planMerge', () => {
  const base = {
    title: { fr: 'Gardé' },
    shortDescription: null,
    longDescription: null,
    translationOrigin: {},
    categories: ['concert'],
    minAge: null,
    maxAge: null,
    accessibility: [],
    isFree: false,
    priceMin: null,
    priceMax: null,
    currency: null,
    bookingUrl: null,
    registrationContact: null,
    registrationContactPublic: false,
    organiserName: null,
    organiserContact: null,
    organiserContactPublic: false,
    imageMediaId: null,
    imageSourceUrl: null,
    imageCredit: null,
    imageAlt: null,
    status: 'SCHEDULED',
    previousStartDate: null,
    attendanceMode: 'OFFLINE',
    onlineUrl: null,
  } as unknown as AgendaEvent;
  const event = (overrides: Partial<AgendaEvent>) => ({ ...base, ...overrides }) as AgendaEvent;

  test.each<[string, Partial<AgendaEvent>, Partial<AgendaEvent>, MergeChoice[], Partial<AgendaEvent>]>([
    ['nothing chosen: the kept event wins where it has a value', { title: { fr: 'A' }, isFree: true }, { title: { fr: 'B' }, priceMin: '4.00', currency: 'EUR' }, [], { title: { fr: 'A' }, isFree: true, priceMin: null, currency: null }],
    ['a chosen text keeps the other side’s missing languages', { title: { fr: 'A', de: 'A-de' } }, { title: { fr: 'B', en: 'B-en' } }, [{ field: 'TITLE', from: 'MERGED' }], { title: { fr: 'B', en: 'B-en', de: 'A-de' } }],
    ['a text one side lacks comes whole from the other', { shortDescription: null }, { shortDescription: { fr: 'Résumé B' } }, [], { shortDescription: { fr: 'Résumé B' } }],
    ['an empty chosen group is filled from the other side', { organiserName: 'Office A' }, { organiserName: null }, [{ field: 'ORGANISER', from: 'MERGED' }], { organiserName: 'Office A' }],
    ['a status comes with its online link', { status: 'SCHEDULED' }, { status: 'MOVED_ONLINE', attendanceMode: 'ONLINE', onlineUrl: 'https://example.org/live' }, [{ field: 'STATUS', from: 'MERGED' }], { status: 'MOVED_ONLINE', attendanceMode: 'ONLINE', onlineUrl: 'https://example.org/live' }],
    ['a price comes with its currency, never mixed', { priceMin: '3.00', currency: 'CHF' }, { priceMin: '5.00', priceMax: '8.00', currency: 'EUR' }, [], { priceMin: '3.00', priceMax: null, currency: 'CHF' }],
    ['an image comes with its credit and its alternative text', {}, { imageMediaId: 'm-1', imageCredit: '© B', imageAlt: { fr: 'Vue B' } }, [], { imageMediaId: 'm-1', imageCredit: '© B', imageAlt: { fr: 'Vue B' } }],
    ['machine translations keep their origin, human ones theirs', { title: { fr: 'A', en: 'A-en' }, translationOrigin: {} }, { title: { fr: 'B', de: 'B-de' }, translationOrigin: { de: 'MACHINE' } }, [], { translationOrigin: { de: 'MACHINE' } }],
  ])('%s', (_case, kept, merged, choices, expected) => {
    expect(planMerge(event(kept), event(merged), choices).values).toMatchObject(expected);
  });

  test('dates from the duplicate are flagged, so that its occurrences are copied', () => {
    expect(planMerge(base, base, [{ field: 'DATES', from: 'MERGED' }]).datesFromMerged).toBe(true);
    expect(planMerge(base, base, []).datesFromMerged).toBe(false);
  });
});
