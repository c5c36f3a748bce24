import { useTestApi } from '../../test/api';
import { createOrganisation, createUser } from '../../test/factories';

const env = useTestApi();
let belfort: { id: string };
let montbeliard: { id: string };
let belfortEditor: string;
let montbeliardEditor: string;
let pole: string;

async function login(organisationId: string, role: 'ADMIN' | 'EDITOR') {
  const { user, password } = await createUser(env.db.dataSource, { organisationId, role });
  return (await env.api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: password })).data!.login.token as string;
}

const event = (title: string, overrides: Record<string, unknown> = {}) => ({
  title: { fr: title, en: `${title} (en)` },
  shortDescription: { fr: 'Court', de: 'Kurz' },
  categories: ['concert'],
  isFree: true,
  place: { communeInsee: '90010', name: 'Kiosque' },
  schedule: { allDay: false, dates: [{ start: '2031-06-21T20:00', end: '2031-06-21T23:00' }] },
  ...overrides,
});
const CREATE = `mutation($i: EventInput!) { createEvent(input: $i) { id } }`;
const MY_EVENTS = `query($f: MyEventsFilter, $first: Int, $after: String) {
  myEvents(filter: $f, first: $first, after: $after) {
    totalCount nodes { id moderation status } pageInfo { hasNextPage endCursor }
    countsByState { moderation count } countsByStatus { status count }
  }
}`;
const my = async (token: string, filter: Record<string, unknown> = {}, first = 50, after?: string) => {
  const response = await env.api.graphql(MY_EVENTS, { f: filter, first, after }, { token });
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!.myEvents;
};

const ids: Record<string, string> = {};
beforeAll(async () => {
  belfort = await createOrganisation(env.db.dataSource, { epciSiren: '200069052' });
  montbeliard = await createOrganisation(env.db.dataSource, { epciSiren: '200065647' });
  belfortEditor = await login(belfort.id, 'EDITOR');
  montbeliardEditor = await login(montbeliard.id, 'EDITOR');
  pole = await login((await createOrganisation(env.db.dataSource, { kind: 'POLE' })).id, 'ADMIN');
  const create = async (token: string, title: string, overrides: Record<string, unknown> = {}) => {
    const response = await env.api.graphql(CREATE, { i: event(title, overrides) }, { token });
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data!.createEvent.id as string;
  };
  ids.draft = await create(belfortEditor, 'Brouillon de fanfare', { draft: true });
  ids.published = await create(belfortEditor, 'Fanfare publiée');
  ids.cancelled = await create(belfortEditor, 'Fanfare annulée');
  await env.api.graphql(`mutation($id: ID!) { cancelEvent(id: $id) { id } }`, { id: ids.cancelled }, { token: belfortEditor });
  ids.pending = await create(belfortEditor, 'Fanfare en attente');
  ids.rejected = await create(belfortEditor, 'Fanfare refusée');
  ids.archived = await create(belfortEditor, 'Fanfare archivée');
  ids.deleted = await create(belfortEditor, 'Fanfare supprimée', { draft: true });
  // States the office cannot reach alone here (review and archiving belong to the Pôle).
  await env.db.dataSource.query(`UPDATE event SET moderation = 'PENDING' WHERE id = $1`, [ids.pending]);
  await env.db.dataSource.query(`UPDATE event SET moderation = 'REJECTED' WHERE id = $1`, [ids.rejected]);
  await env.db.dataSource.query(`UPDATE event SET moderation = 'ARCHIVED' WHERE id = $1`, [ids.archived]);
  await env.api.graphql(`mutation($id: ID!) { deleteEvent(id: $id) { id } }`, { id: ids.deleted }, { token: belfortEditor });
  ids.other = await create(montbeliardEditor, 'Fanfare de Montbéliard', { draft: true, place: { communeInsee: '25388' } });
});

test("an office reads every one of its events whatever their state, never deleted ones nor another office's, with counts per state", async () => {
  const page = await my(belfortEditor);
  const listed = page.nodes.map((n: { id: string }) => n.id);
  expect(new Set(listed)).toEqual(new Set([ids.draft, ids.published, ids.cancelled, ids.pending, ids.rejected, ids.archived]));
  expect(page.totalCount).toBe(6);
  expect(page.countsByState).toEqual([
    { moderation: 'DRAFT', count: 1 },
    { moderation: 'PENDING', count: 1 },
    { moderation: 'PUBLISHED', count: 2 },
    { moderation: 'REJECTED', count: 1 },
    { moderation: 'ARCHIVED', count: 1 },
  ]);
  expect(page.countsByStatus.find((c: { status: string }) => c.status === 'CANCELLED').count).toBe(1);
  // Montbéliard sees only its own, even when it names Belfort.
  expect((await my(montbeliardEditor)).nodes.map((n: { id: string }) => n.id)).toEqual([ids.other]);
  expect((await my(montbeliardEditor, { organisationId: belfort.id })).totalCount).toBe(0);
});

test.each([
  ['a state', { moderation: ['DRAFT'] }, ['draft']],
  ['two states', { moderation: ['PENDING', 'REJECTED'] }, ['pending', 'rejected']],
  ['a status', { status: ['CANCELLED'] }, ['cancelled']],
  ['a state and a status', { moderation: ['PUBLISHED'], status: ['SCHEDULED'] }, ['published']],
  ['a search, accents ignored', { search: 'annulee' }, ['cancelled']],
])('filters by %s; the counts stay those of every state', async (_name, filter, expected) => {
  const page = await my(belfortEditor, filter);
  expect(new Set(page.nodes.map((n: { id: string }) => n.id))).toEqual(new Set(expected.map((key) => ids[key])));
  expect(page.totalCount).toBe(expected.length);
  const total = page.countsByState.reduce((sum: number, c: { count: number }) => sum + c.count, 0);
  expect(total).toBe('search' in filter ? 1 : 6);
});

test('pages follow one another without gap nor repeat', async () => {
  const seen: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await my(belfortEditor, {}, 2, after);
    seen.push(...page.nodes.map((n: { id: string }) => n.id));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(seen.length).toBe(6);
  expect(new Set(seen).size).toBe(6);
});

test('the Pôle reads every office, or one office; an office editor may not pass a bad cursor', async () => {
  const all = await my(pole, {}, 100);
  expect(all.nodes.map((n: { id: string }) => n.id)).toEqual(expect.arrayContaining([ids.draft, ids.other]));
  expect(all.nodes.map((n: { id: string }) => n.id)).not.toContain(ids.deleted);
  const montbeliardOnly = await my(pole, { organisationId: montbeliard.id });
  expect(montbeliardOnly.nodes.map((n: { id: string }) => n.id)).toEqual([ids.other]);
  const bad = await env.api.graphql(MY_EVENTS, { after: 'nope' }, { token: belfortEditor });
  expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});

test('the editor reads back what was entered, only when it may edit the event', async () => {
  const EDITING = `query($id: ID!) { event(id: $id) { editing { title { fr en de } shortDescription { fr en de } schedule { allDay dates { start end } recurrence { rule } } locationApproximate } } }`;
  const mine = (await env.api.graphql(EDITING, { id: ids.published }, { token: belfortEditor })).data!.event.editing;
  expect(mine).toEqual({
    title: { fr: 'Fanfare publiée', en: 'Fanfare publiée (en)', de: null },
    shortDescription: { fr: 'Court', en: null, de: 'Kurz' },
    schedule: { allDay: false, dates: [{ start: '2031-06-21T20:00', end: '2031-06-21T23:00' }], recurrence: null },
    locationApproximate: true,
  });
  expect((await env.api.graphql(EDITING, { id: ids.published }, { token: montbeliardEditor })).data!.event.editing).toBeNull();
  expect((await env.api.graphql(EDITING, { id: ids.published })).data!.event.editing).toBeNull();
});

const VALIDATE = `mutation($i: EventInput!) { validateEvent(input: $i) { valid errors { field } occurrences { startsAt endsAt } occurrenceCount } }`;

test('the dry run gives the dates of a recurrence in UTC, across the October clock change, even when another field is wrong', async () => {
  const input = event('', { schedule: { allDay: false, recurrence: { start: '2031-10-18T10:00', durationMinutes: 90, rule: 'FREQ=WEEKLY;BYDAY=SA;UNTIL=20311101', exceptions: ['2031-10-25T10:00'] } } });
  const result = (await env.api.graphql(VALIDATE, { i: input }, { token: belfortEditor })).data!.validateEvent;
  expect(result.valid).toBe(false);
  expect(result.errors.map((e: { field: string }) => e.field)).toEqual(['title.fr']);
  // 10:00 in Paris is 08:00 UTC in summer time, 09:00 UTC after 26 October.
  expect(result.occurrences).toEqual([
    { startsAt: '2031-10-18T08:00:00.000Z', endsAt: '2031-10-18T09:30:00.000Z' },
    { startsAt: '2031-11-01T09:00:00.000Z', endsAt: '2031-11-01T10:30:00.000Z' },
  ]);
  expect(result.occurrenceCount).toBe(2);
});

test('the dry run lists the first 50 dates and counts them all; a bad rule gives no dates and its error with the others', async () => {
  const long = (await env.api.graphql(VALIDATE, { i: event('Marché', { schedule: { allDay: false, recurrence: { start: '2031-01-01T08:00', durationMinutes: 240, rule: 'FREQ=DAILY;COUNT=120' } } }) }, { token: belfortEditor })).data!.validateEvent;
  expect(long).toMatchObject({ valid: true, occurrenceCount: 120 });
  expect(long.occurrences).toHaveLength(50);
  const bad = (await env.api.graphql(VALIDATE, { i: event('Marché', { isFree: true, priceMin: 3, schedule: { allDay: false, recurrence: { start: '2031-01-01T08:00', durationMinutes: 240, rule: 'FREQ=DAILY' } } }) }, { token: belfortEditor })).data!.validateEvent;
  expect(bad.errors.map((e: { field: string }) => e.field).sort()).toEqual(['currency', 'isFree', 'schedule.recurrence.rule']);
  expect(bad).toMatchObject({ occurrences: [], occurrenceCount: 0 });
});

test('postponing keeps the date it was to start; rescheduling keeps the former date', async () => {
  const id = (await env.api.graphql(CREATE, { i: event('Concert reporté') }, { token: belfortEditor })).data!.createEvent.id;
  const UPDATE = `mutation($id: ID!, $i: EventInput!) { updateEvent(id: $id, input: $i) { status previousStartDate occurrences { startsAt } } }`;
  const postponed = (await env.api.graphql(UPDATE, { id, i: event('Concert reporté', { status: 'POSTPONED' }) }, { token: belfortEditor })).data!.updateEvent;
  expect(postponed).toMatchObject({ status: 'POSTPONED', previousStartDate: '2031-06-21T18:00:00.000Z', occurrences: [{ startsAt: '2031-06-21T18:00:00.000Z' }] });
  const moved = (
    await env.api.graphql(UPDATE, { id, i: event('Concert reporté', { status: 'RESCHEDULED', schedule: { allDay: false, dates: [{ start: '2031-09-20T20:00' }] } }) }, { token: belfortEditor })
  ).data!.updateEvent;
  expect(moved).toMatchObject({ status: 'RESCHEDULED', previousStartDate: '2031-06-21T18:00:00.000Z', occurrences: [{ startsAt: '2031-09-20T18:00:00.000Z' }] });
});

/** The page statement myEvents really sends, EXPLAINed with sequential scans off (see indexes.test.ts). */
async function myEventsPlan(token: string, filter: Record<string, unknown>): Promise<string> {
  env.db.queries.length = 0;
  await my(token, filter, 5);
  const page = env.db.queries.find((q) => q.sql.includes('ORDER BY e.updated_at DESC, e.id DESC LIMIT'));
  expect(page).toBeDefined();
  return env.db.dataSource.transaction(async (db) => {
    await db.query('SET LOCAL enable_seqscan = off');
    const [row] = await db.query(`EXPLAIN (FORMAT JSON) ${page!.sql}`, page!.parameters);
    return JSON.stringify(row['QUERY PLAN']);
  });
}

describe('every filter of myEvents is served by an index', () => {
  beforeAll(async () => {
    for (const table of ['event', 'event_occurrence']) await env.db.dataSource.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
  });

  test.each([
    ["an office's own events, last changed first", 'office', {}, 'event_publisher_idx'],
    ['every office, last changed first (the Pôle)', 'pole', {}, 'event_updated_at_idx'],
    ['a review state (the Pôle)', 'pole', { moderation: ['PENDING'] }, 'event_unpublished_updated_idx'],
    ['a status (the Pôle)', 'pole', { status: ['CANCELLED'] }, 'event_status_idx'],
    ['a text search (the Pôle)', 'pole', { search: 'fanfare' }, 'event_search_idx'],
  ])('%s (as %s)', async (_name, who, filter, index) => {
    expect(await myEventsPlan(who === 'office' ? belfortEditor : pole, filter)).toContain(index);
  });
});

test('the dry run renders the long description as the event page will, sanitised, in each language given', async () => {
  const input = event('Conte', { longDescription: { fr: 'Une **belle** soirée <script>alert(1)</script>', en: 'A *fine* evening' } });
  const result = (await env.api.graphql(`mutation($i: EventInput!) { validateEvent(input: $i) { errors { field } longDescriptionHtml { fr en de } } }`, { i: input }, { token: belfortEditor })).data!.validateEvent;
  expect(result.errors.map((e: { field: string }) => e.field)).toEqual(['longDescription.fr']);
  expect(result.longDescriptionHtml.fr).toContain('<strong>belle</strong>');
  expect(result.longDescriptionHtml.fr).not.toContain('<script');
  expect(result.longDescriptionHtml.en).toBe('<p>A <em>fine</em> evening</p>');
  expect(result.longDescriptionHtml.de).toBeNull();
});
