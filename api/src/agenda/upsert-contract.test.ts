import { useTestApi } from '../../test/api';
import { createOrganisation, issueApiKey } from '../../test/factories';

/**
 * The contract integrators rely on when their systems push events: every malformed value is
 * refused on its own item with a field error (never INTERNAL), in the call and in its dry run;
 * the same item sent again changes nothing; ids belong to their office.
 */
const env = useTestApi();
let key: string;
let officeId: string;
beforeAll(async () => {
  officeId = (await createOrganisation(env.db.dataSource, { epciSiren: '200069052', name: 'Office de Belfort' })).id;
  key = (await issueApiKey(env.db.dataSource, officeId)).key;
});

const event = (overrides: Record<string, unknown> = {}) => ({
  title: { fr: 'Visite de la Citadelle' },
  categories: ['heritage-visit'],
  place: { name: 'Citadelle', communeInsee: '90010', lat: 47.6368, lon: 6.8645 },
  schedule: { allDay: false, dates: [{ start: '2030-05-04T14:00', end: '2030-05-04T16:00' }] },
  ...overrides,
});
const weekly = (recurrence: Record<string, unknown>) => event({ schedule: { allDay: false, recurrence: { start: '2030-01-05T10:00', durationMinutes: 90, rule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=4', ...recurrence } } });

const UPSERT = `mutation($s: String!, $e: [UpsertEventInput!]!, $d: Boolean!) { upsertEvents(system: $s, events: $e, dryRun: $d) { externalId ok outcome code eventId errors { field message } } }`;

async function upsert(items: Array<{ externalId: string; event: Record<string, unknown> }>, options: { dryRun?: boolean; token?: string; system?: string } = {}) {
  const answer = await env.api.graphql(UPSERT, { s: options.system ?? 'decibelles', e: items, d: Boolean(options.dryRun) }, { token: options.token ?? key });
  expect(answer.errors).toBeUndefined();
  return answer.data!.upsertEvents as Array<{ externalId: string; ok: boolean; outcome: string; code: string | null; eventId: string | null; errors: Array<{ field: string; message: string }> }>;
}

const MALFORMED: Array<[string, Record<string, unknown>, string]> = [
  ['an unknown weekday in the rule', weekly({ rule: 'FREQ=WEEKLY;BYDAY=XX;COUNT=3' }), 'schedule.recurrence.rule'],
  ['an unknown frequency', weekly({ rule: 'FREQ=FOO;COUNT=3' }), 'schedule.recurrence.rule'],
  ['a COUNT that is not a number', weekly({ rule: 'FREQ=WEEKLY;COUNT=abc' }), 'schedule.recurrence.rule'],
  ['an UNTIL that is no date', weekly({ rule: 'FREQ=WEEKLY;UNTIL=20301340' }), 'schedule.recurrence.rule'],
  ['a negative INTERVAL (rrule loops for ever on it)', weekly({ rule: 'FREQ=WEEKLY;INTERVAL=-1;COUNT=3' }), 'schedule.recurrence.rule'],
  ['a zero INTERVAL', weekly({ rule: 'FREQ=WEEKLY;INTERVAL=0;COUNT=3' }), 'schedule.recurrence.rule'],
  ['a rule without FREQ', weekly({ rule: 'COUNT=3' }), 'schedule.recurrence.rule'],
  ['a rule without an end', weekly({ rule: 'FREQ=WEEKLY' }), 'schedule.recurrence.rule'],
  ['COUNT and UNTIL together', weekly({ rule: 'FREQ=WEEKLY;COUNT=3;UNTIL=20301231' }), 'schedule.recurrence.rule'],
  ['a part given twice', weekly({ rule: 'FREQ=WEEKLY;FREQ=DAILY;COUNT=3' }), 'schedule.recurrence.rule'],
  ['an unknown part', weekly({ rule: 'FREQ=WEEKLY;X-NAME=1;COUNT=3' }), 'schedule.recurrence.rule'],
  ['a minutely rule', weekly({ rule: 'FREQ=MINUTELY;COUNT=3' }), 'schedule.recurrence.rule'],
  ['parts that never meet (14 s of CPU in rrule without a horizon)', weekly({ rule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31;COUNT=2' }), 'schedule.recurrence.rule'],
  ['a DTSTART inside the rule', weekly({ rule: 'DTSTART=20300105T100000;FREQ=WEEKLY;COUNT=3' }), 'schedule.recurrence.rule'],
  ['an empty rule', weekly({ rule: '' }), 'schedule.recurrence.rule'],
  ['an exception date that matches no occurrence', weekly({ exceptions: ['2030-01-06T10:00'] }), 'schedule.recurrence.exceptions.0'],
  ['an exception at another time of the right day', weekly({ exceptions: ['2030-01-12T11:00'] }), 'schedule.recurrence.exceptions.0'],
  ['exceptions that remove every date', weekly({ rule: 'FREQ=WEEKLY;COUNT=1' , exceptions: ['2030-01-05T10:00'] }), 'schedule.recurrence.exceptions'],
  ['a 30 February', event({ schedule: { allDay: false, dates: [{ start: '2030-02-30T10:00' }] } }), 'schedule.dates.0.start'],
  ['an hour 25', event({ schedule: { allDay: false, dates: [{ start: '2030-05-04T25:00' }] } }), 'schedule.dates.0.start'],
  ['24:00', event({ schedule: { allDay: false, dates: [{ start: '2030-05-04T24:00' }] } }), 'schedule.dates.0.start'],
  ['a date with an offset', event({ schedule: { allDay: false, dates: [{ start: '2030-05-04T14:00+02:00' }] } }), 'schedule.dates.0.start'],
  ['an end before the start', event({ schedule: { allDay: false, dates: [{ start: '2030-05-04T14:00', end: '2030-05-04T13:00' }] } }), 'schedule.dates.0.end'],
  ['a negative duration', weekly({ durationMinutes: -5 }), 'schedule.recurrence.durationMinutes'],
  ['moved online without an online link', event({ status: 'MOVED_ONLINE' }), 'onlineUrl'],
  ['an online event without its link', event({ attendanceMode: 'ONLINE' }), 'onlineUrl'],
  ['coordinates in Montbéliard for a Belfort event', event({ place: { communeInsee: '90010', lat: 47.5102, lon: 6.7980 } }), 'place.lat'],
  ['coordinates in the sea', event({ place: { communeInsee: '90010', lat: 0, lon: 0 } }), 'place.lat'],
  ['an image upload id that is no UUID', event({ imageUploadId: 'photo.jpg' }), 'imageUploadId'],
  ['a postal code for an INSEE code', event({ place: { communeInsee: '90000' } }), 'place.communeInsee'],
];

describe('each malformed value is refused on its own item, the others are stored', () => {
  test.each(MALFORMED)('%s', async (_name, bad, field) => {
    const tag = Math.random().toString(36).slice(2, 8);
    const results = await upsert([
      { externalId: `good-a-${tag}`, event: event() },
      { externalId: `bad-${tag}`, event: bad },
      { externalId: `good-b-${tag}`, event: event() },
    ]);
    expect(results.map((r) => [r.ok, r.outcome])).toEqual([[true, 'CREATED'], [false, 'REFUSED'], [true, 'CREATED']]);
    expect(results[1]).toMatchObject({ code: 'BAD_USER_INPUT', eventId: null });
    expect(results[1]!.errors.map((e) => e.field)).toContain(field);
    const [{ count }] = await env.db.dataSource.query(`SELECT count(*)::int AS count FROM event_external_id WHERE external_id = $1`, [`bad-${tag}`]);
    expect(count).toBe(0);
  });

  test.each(MALFORMED)('and the dry run says the same: %s', async (_name, bad, field) => {
    const results = await upsert([{ externalId: 'dry-bad', event: bad }], { dryRun: true });
    expect(results[0]).toMatchObject({ ok: false, outcome: 'REFUSED', code: 'BAD_USER_INPUT' });
    expect(results[0]!.errors.map((e) => e.field)).toContain(field);
    const validation = await env.api.graphql(`mutation($i: EventInput!) { validateEvent(input: $i) { valid errors { field } } }`, { i: bad }, { token: key });
    expect(validation.errors).toBeUndefined();
    expect(validation.data!.validateEvent.valid).toBe(false);
    expect(validation.data!.validateEvent.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});

test('a dry run reports every item and stores nothing', async () => {
  const results = await upsert([{ externalId: 'dry-1', event: event() }, { externalId: 'dry-2', event: weekly({ rule: 'FREQ=WEEKLY;BYDAY=XX;COUNT=3' }) }], { dryRun: true });
  expect(results.map((r) => r.outcome)).toEqual(['CREATED', 'REFUSED']);
  const [{ count }] = await env.db.dataSource.query(`SELECT count(*)::int AS count FROM event_external_id WHERE external_id LIKE 'dry-%'`);
  expect(count).toBe(0);
});

test('an external id given twice in a batch is refused the second time', async () => {
  const results = await upsert([{ externalId: 'twice', event: event() }, { externalId: 'twice', event: event({ title: { fr: 'Autre' } }) }, { externalId: ' padded ', event: event() }]);
  expect(results.map((r) => [r.outcome, r.code])).toEqual([['CREATED', null], ['REFUSED', 'CONFLICT'], ['REFUSED', 'BAD_USER_INPUT']]);
});

describe('times the clock changes make missing or double (RFC 5545 §3.3.5)', () => {
  const CASES: Array<[string, Record<string, unknown>, string[]]> = [
    ['02:30 on the spring-forward Sunday is 03:30 summer time', event({ schedule: { allDay: false, dates: [{ start: '2030-03-31T02:30', end: '2030-03-31T04:00' }] } }), ['2030-03-31T01:30:00.000Z']],
    ['02:30 on the autumn Sunday is the first of the two, still summer time', event({ schedule: { allDay: false, dates: [{ start: '2030-10-27T02:30', end: '2030-10-27T04:00' }] } }), ['2030-10-27T00:30:00.000Z']],
    [
      'a weekly 02:30 keeps 02:30 on other Sundays and moves only in the gap',
      event({ schedule: { allDay: false, recurrence: { start: '2030-03-24T02:30', durationMinutes: 60, rule: 'FREQ=WEEKLY;COUNT=3' } } }),
      ['2030-03-24T01:30:00.000Z', '2030-03-31T01:30:00.000Z', '2030-04-07T00:30:00.000Z'],
    ],
    [
      'an exception in the gap removes the moved date',
      event({ schedule: { allDay: false, recurrence: { start: '2030-03-24T02:30', durationMinutes: 60, rule: 'FREQ=WEEKLY;COUNT=3', exceptions: ['2030-03-31T02:30'] } } }),
      ['2030-03-24T01:30:00.000Z', '2030-04-07T00:30:00.000Z'],
    ],
  ];
  test.each(CASES)('%s', async (_name, input, starts) => {
    const answer = await env.api.graphql(`mutation($i: EventInput!) { validateEvent(input: $i) { valid errors { field message } occurrences { startsAt } } }`, { i: input }, { token: key });
    expect(answer.data!.validateEvent.errors).toEqual([]);
    expect(answer.data!.validateEvent.occurrences.map((o: { startsAt: string }) => new Date(o.startsAt).toISOString())).toEqual(starts);
  });
});

test('a date without an end, or a duration of 0, is accepted: its end is not known', async () => {
  const results = await upsert([
    { externalId: 'no-end', event: event({ schedule: { allDay: false, dates: [{ start: '2030-06-01T20:00' }] } }) },
    { externalId: 'zero-length', event: weekly({ durationMinutes: 0 }) },
  ]);
  expect(results.map((r) => r.outcome)).toEqual(['CREATED', 'CREATED']);
  const rows: Array<{ same: boolean }> = await env.db.dataSource.query(`SELECT o.starts_at = o.ends_at AS same FROM event_occurrence o WHERE o.event_id = ANY($1::uuid[])`, [results.map((r) => r.eventId)]);
  expect(rows.length).toBe(5);
  expect(rows.every((row) => row.same)).toBe(true);
});

describe('the same item sent again changes nothing', () => {
  const ITEMS: Array<[string, Record<string, unknown>]> = [
    ['explicit dates, prices and texts in three languages', event({ title: { fr: 'Concert', en: 'Concert', de: 'Konzert' }, shortDescription: { fr: 'Un soir.', de: 'Ein Abend.' }, isFree: false, priceMin: 8, priceMax: 12.5, currency: 'EUR', accessibility: ['MOTOR', 'HEARING'], minAge: 6, machineTranslated: ['de'] })],
    ['a recurrence with exceptions and additions', weekly({ exceptions: ['2030-01-12T10:00'], additions: ['2030-02-10T15:00'] })],
    ['an all-day event without coordinates', event({ place: { communeInsee: '90010' }, schedule: { allDay: true, dates: [{ start: '2030-07-01', end: '2030-07-03' }] } })],
  ];
  test.each(ITEMS)('%s', async (name, input) => {
    const externalId = `same-${name.length}`;
    await env.db.dataSource.query(
      `INSERT INTO webhook_subscription (organisation_id, url, event_types, secret_sealed) VALUES ($1, 'https://hooks.example.org/agenda', '{event.created,event.updated,event.cancelled,event.deleted}', 'x')`,
      [officeId],
    );
    const [first] = await upsert([{ externalId, event: input }]);
    expect(first).toMatchObject({ ok: true, outcome: 'CREATED' });
    const before = (await env.db.dataSource.query(`SELECT sequence, updated_at FROM event WHERE id = $1`, [first!.eventId]))[0];
    const deliveries = async () => (await env.db.dataSource.query(`SELECT count(*)::int AS n FROM webhook_delivery WHERE event_id = $1`, [first!.eventId]))[0].n as number;
    const deliveredBefore = await deliveries();
    const since = new Date().toISOString();

    const [again] = await upsert([{ externalId, event: input }]);
    expect(again).toMatchObject({ ok: true, outcome: 'UNCHANGED', eventId: first!.eventId });
    const after = (await env.db.dataSource.query(`SELECT sequence, updated_at FROM event WHERE id = $1`, [first!.eventId]))[0];
    expect(after).toEqual(before);
    expect(await deliveries()).toBe(deliveredBefore);
    const changes = await env.api.graphql(`query($s: DateTimeISO!) { eventChanges(since: $s) { changes { id } } }`, { s: since });
    expect(changes.data!.eventChanges.changes.map((c: { id: string }) => c.id)).not.toContain(first!.eventId);

    // A real change still goes through, with a new sequence.
    const [changed] = await upsert([{ externalId, event: { ...input, title: { fr: 'Titre changé' } } }]);
    expect(changed).toMatchObject({ outcome: 'UPDATED' });
    expect((await env.db.dataSource.query(`SELECT sequence FROM event WHERE id = $1`, [first!.eventId]))[0].sequence).toBe(before.sequence + 1);
    await env.db.dataSource.query(`DELETE FROM webhook_subscription WHERE organisation_id = $1`, [officeId]);
  });
});

test('two offices may use the same system and the same ids without meeting', async () => {
  const other = await createOrganisation(env.db.dataSource, { epciSiren: '200065647', name: 'Office de Montbéliard' });
  const otherKey = (await issueApiKey(env.db.dataSource, other.id)).key;
  const mine = await upsert([{ externalId: 'apidae-42', event: event({ title: { fr: 'Chez nous' } }) }], { system: 'apidae' });
  const theirs = await upsert([{ externalId: 'apidae-42', event: event({ title: { fr: 'Chez eux' }, place: { communeInsee: '25388' } }) }], { system: 'apidae', token: otherKey });
  expect([mine[0]!.outcome, theirs[0]!.outcome]).toEqual(['CREATED', 'CREATED']);
  expect(theirs[0]!.eventId).not.toBe(mine[0]!.eventId);
  // Each office's later write goes to its own event only.
  await upsert([{ externalId: 'apidae-42', event: event({ title: { fr: 'Chez eux, changé' }, place: { communeInsee: '25388' } }) }], { system: 'apidae', token: otherKey });
  const titles = await env.db.dataSource.query(`SELECT id, title->>'fr' AS title FROM event WHERE id = ANY($1::uuid[]) ORDER BY title`, [[mine[0]!.eventId, theirs[0]!.eventId]]);
  expect(titles.map((row: { title: string }) => row.title)).toEqual(['Chez eux, changé', 'Chez nous']);
});

test('an office reads back everything it wrote; the public sees only the contacts it made public, and the age', async () => {
  const [created] = await upsert([
    { externalId: 'contacts', event: event({ minAge: 8, maxAge: 14, registrationContact: '03 84 00 00 00', organiserContact: 'asso@example.org', organiserContactPublic: true, organiserName: 'Les Amis du Lion' }) },
  ]);
  const FIELDS = `minAge maxAge registrationContact organiserContact editing { registrationContact registrationContactPublic organiserContact organiserContactPublic }`;
  const own = (await env.api.graphql(`query($id: ID!) { event(id: $id) { ${FIELDS} } }`, { id: created!.eventId }, { token: key })).data!.event;
  expect(own).toEqual({
    minAge: 8,
    maxAge: 14,
    registrationContact: null,
    organiserContact: 'asso@example.org',
    editing: { registrationContact: '03 84 00 00 00', registrationContactPublic: false, organiserContact: 'asso@example.org', organiserContactPublic: true },
  });
  const visitor = (await env.api.graphql(`query($id: ID!) { event(id: $id) { minAge maxAge registrationContact organiserContact editing { registrationContact } } }`, { id: created!.eventId })).data!.event;
  expect(visitor).toEqual({ minAge: 8, maxAge: 14, registrationContact: null, organiserContact: 'asso@example.org', editing: null });
  // A contact marked public without a value publishes nothing, and reads back as not public.
  const [empty] = await upsert([{ externalId: 'contacts-empty', event: event({ registrationContactPublic: true }) }]);
  const emptyRead = (await env.api.graphql(`query($id: ID!) { event(id: $id) { editing { registrationContactPublic } } }`, { id: empty!.eventId }, { token: key })).data!.event;
  expect(emptyRead.editing.registrationContactPublic).toBe(false);
});
