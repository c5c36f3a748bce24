import { useTestApi } from '../../test/api';
import { createOrganisation, createUser, issueApiKey } from '../../test/factories';

const env = useTestApi();
let belfortKey: string;
let montbeliardKey: string;
let editorToken: string;

beforeAll(async () => {
  const belfort = await createOrganisation(env.db.dataSource, { epciSiren: '200069052' });
  const montbeliard = await createOrganisation(env.db.dataSource, { epciSiren: '200065647' });
  belfortKey = (await issueApiKey(env.db.dataSource, belfort.id)).key;
  montbeliardKey = (await issueApiKey(env.db.dataSource, montbeliard.id)).key;
  const { user, password } = await createUser(env.db.dataSource, { organisationId: belfort.id });
  editorToken = (await env.api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: password })).data!.login.token;
});

function event(overrides: Record<string, unknown> = {}) {
  return {
    title: { fr: 'Marché de Noël du Lion', de: 'Weihnachtsmarkt am Löwen' },
    shortDescription: { fr: 'Chalets et vin chaud au pied du Lion de Bartholdi.' },
    categories: ['market'],
    isFree: true,
    place: { name: 'Place d’Armes', communeInsee: '90010' },
    schedule: { allDay: false, dates: [{ start: '2030-12-05T17:00', end: '2030-12-05T21:00' }] },
    ...overrides,
  };
}

const CREATE = `mutation($i: EventInput!) { createEvent(input: $i) { id slug title(lang: de) status isFree place { approximate commune { name epci { name } } } occurrences { startsAt } } }`;
const UPSERT = `mutation($s: String!, $e: [UpsertEventInput!]!) { upsertEvents(system: $s, events: $e) { externalId ok created eventId code errors { field } } }`;
const PAGE = `query($f: EventFilter, $first: Int!, $after: String) { events(filter: $f, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  nodes { startsAt event { id title categories { id label schemaOrgType } place { commune { name epci { siren } } } } } } }`;

test('an office creates an event in Paris time, located at the commune centre when it gives no coordinates', async () => {
  const { data, errors } = await env.api.graphql(CREATE, { i: event() }, { token: belfortKey });
  expect(errors).toBeUndefined();
  expect(data!.createEvent).toMatchObject({ title: 'Weihnachtsmarkt am Löwen', status: 'SCHEDULED', isFree: true, place: { approximate: true, commune: { name: 'Belfort', epci: { name: 'CA Grand Belfort' } } } });
  expect(data!.createEvent.occurrences).toEqual([{ startsAt: '2030-12-05T16:00:00.000Z' }]);
  const page = await env.api.graphql(PAGE, { f: { commune: '90010' }, first: 10 });
  expect(page.data!.events.nodes.map((n: any) => n.event.id)).toContain(data!.createEvent.id);
});

describe('bad input gives BAD_USER_INPUT with the field named', () => {
  test.each([
    ['an end before the start', { schedule: { allDay: false, dates: [{ start: '2030-07-14T21:00', end: '2030-07-14T20:00' }] } }, 'schedule.dates.0.end'],
    ['an unknown commune', { place: { communeInsee: '99999' } }, 'place.communeInsee'],
    ['a commune outside the territory (Paris)', { place: { communeInsee: '75056' } }, 'place.communeInsee'],
    ['a rule with more than 800 occurrences', { schedule: { allDay: false, recurrence: { start: '2030-01-01T10:00', durationMinutes: 60, rule: 'FREQ=DAILY;COUNT=900' } } }, 'schedule.recurrence.rule'],
    ['a rule with no end', { schedule: { allDay: false, recurrence: { start: '2030-01-01T10:00', durationMinutes: 60, rule: 'FREQ=WEEKLY' } } }, 'schedule.recurrence.rule'],
    ['a title over 140 characters', { title: { fr: 'x'.repeat(141) } }, 'title.fr'],
    ['HTML in a description', { longDescription: { fr: 'Venez <script>alert(1)</script> nombreux' } }, 'longDescription.fr'],
    ['a price without currency', { isFree: false, priceMin: 5 }, 'currency'],
  ])('%s', async (_case, overrides, field) => {
    const before = (await env.db.dataSource.query(`SELECT count(*)::int AS n FROM event`))[0].n;
    const { errors } = await env.api.graphql(CREATE, { i: event(overrides) }, { token: belfortKey });
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.extensions?.fields.map((f: any) => f.field)).toContain(field);
    expect((await env.db.dataSource.query(`SELECT count(*)::int AS n FROM event`))[0].n).toBe(before);
  });

  test('the dry run reports every problem at once and stores nothing', async () => {
    const { data } = await env.api.graphql(
      `mutation($i: EventInput!) { validateEvent(input: $i) { valid errors { field } } }`,
      { i: event({ title: { fr: 'x'.repeat(141) }, isFree: false, priceMin: 5, place: { communeInsee: '75056' } }) },
      { token: belfortKey },
    );
    expect(data!.validateEvent.valid).toBe(false);
    expect(data!.validateEvent.errors.map((e: any) => e.field).sort()).toEqual(['currency', 'place.communeInsee', 'title.fr']);
  });
});

describe('offices write only their own events', () => {
  let id: string;
  let slug: string;
  beforeAll(async () => {
    ({ id, slug } = (await env.api.graphql(CREATE, { i: event({ title: { fr: 'Concert au Fort Hatry' }, categories: ['concert'] }) }, { token: belfortKey })).data!.createEvent);
  });

  test('by id and by slug', async () => {
    const update = `mutation($id: ID, $slug: String, $i: EventInput!) { updateEvent(id: $id, slug: $slug, input: $i) { id } }`;
    for (const target of [{ id }, { slug }]) {
      const { errors } = await env.api.graphql(update, { ...target, i: event() }, { token: montbeliardKey });
      expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const own = await env.api.graphql(update, { slug, i: event({ title: { fr: 'Concert au Fort Hatry (complet)' }, status: 'FULL', categories: ['concert'] }) }, { token: editorToken });
    expect(own.errors).toBeUndefined();
    const deleted = await env.api.graphql(`mutation($id: ID!) { deleteEvent(id: $id) { id } }`, { id }, { token: montbeliardKey });
    expect(deleted.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('by external id in an upsert', async () => {
    const first = (await env.api.graphql(UPSERT, { s: 'decibelles', e: [{ externalId: 'DEC-1', event: event() }] }, { token: belfortKey })).data!.upsertEvents[0];
    // The same id from another office is that office's own event: Belfort's is never reached.
    const { data } = await env.api.graphql(UPSERT, { s: 'decibelles', e: [{ externalId: 'DEC-1', event: event({ title: { fr: 'Détourné' } }) }] }, { token: montbeliardKey });
    expect(data!.upsertEvents[0]).toMatchObject({ ok: true, created: true });
    expect(data!.upsertEvents[0].eventId).not.toBe(first.eventId);
    const [{ title }] = await env.db.dataSource.query(`SELECT title->>'fr' AS title FROM event WHERE id = $1`, [first.eventId]);
    expect(title).not.toBe('Détourné');
  });

  test('deletion keeps a tombstone and takes the event out of the agenda', async () => {
    const created = (await env.api.graphql(CREATE, { i: event({ title: { fr: 'Éphémère' } }) }, { token: belfortKey })).data!.createEvent;
    await env.api.graphql(`mutation($id: ID!) { deleteEvent(id: $id) { id } }`, { id: created.id }, { token: belfortKey });
    expect((await env.api.graphql(`query($id: ID!) { event(id: $id) { id } }`, { id: created.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const [row] = await env.db.dataSource.query(`SELECT deleted_at, sequence FROM event WHERE id = $1`, [created.id]);
    expect(row.deleted_at).not.toBeNull();
    expect(row.sequence).toBe(1);
  });
});

describe('machines upsert by external id', () => {
  test('a batch with one bad item stores the good ones and reports the bad one; sending it again changes nothing', async () => {
    const batch = [
      { externalId: 'APX-1', event: event({ title: { fr: 'Visite des forges de Belfort' }, categories: ['industrial-heritage'] }) },
      { externalId: 'APX-2', event: event({ title: { fr: 'Oops' }, place: { communeInsee: '75056' } }) },
      { externalId: 'APX-3', event: event({ title: { fr: 'Balade au Malsaucy' }, categories: ['nature-outing'], place: { communeInsee: '90041' } }) },
    ];
    const first = (await env.api.graphql(UPSERT, { s: 'apidae', e: batch }, { token: belfortKey })).data!.upsertEvents;
    expect(first.map((r: any) => [r.externalId, r.ok, r.created])).toEqual([['APX-1', true, true], ['APX-2', false, false], ['APX-3', true, true]]);
    expect(first[1].errors).toEqual([{ field: 'place.communeInsee' }]);
    const again = (await env.api.graphql(UPSERT, { s: 'apidae', e: batch }, { token: belfortKey })).data!.upsertEvents;
    expect(again.map((r: any) => [r.ok, r.created, r.eventId])).toEqual([[true, false, first[0].eventId], [false, false, null], [true, false, first[2].eventId]]);
  });

  test('two concurrent upserts of the same external id leave one event', async () => {
    const item = [{ externalId: 'RACE-1', event: event({ title: { fr: 'Course de côte' }, categories: ['sport'] }) }];
    const results = await Promise.all([1, 2, 3].map(() => env.api.graphql(UPSERT, { s: 'openagenda', e: item }, { token: belfortKey })));
    const ids = new Set(results.map((r) => r.data!.upsertEvents[0].eventId));
    expect(ids.size).toBe(1);
    const [{ n }] = await env.db.dataSource.query(`SELECT count(*)::int AS n FROM event_external_id WHERE system = 'openagenda' AND external_id = 'RACE-1'`);
    expect(n).toBe(1);
  });
});

describe('reading the agenda', () => {
  beforeAll(async () => {
    const items = Array.from({ length: 60 }, (_, i) => ({
      externalId: `BULK-${i}`,
      event: event({
        title: { fr: i % 2 ? `Exposition des marchés anciens n°${i}` : `Randonnée du lac n°${i}` },
        categories: [i % 2 ? 'exhibition' : 'nature-outing'],
        isFree: i % 3 === 0,
        ...(i % 3 === 0 ? {} : { isFree: false, priceMin: 4, currency: 'EUR' }),
        place: { communeInsee: i % 2 ? '25388' : '90010' },
        schedule: { allDay: false, dates: [{ start: `2031-0${1 + (i % 9)}-1${i % 10}T14:00`, end: `2031-0${1 + (i % 9)}-1${i % 10}T17:00` }] },
      }),
    }));
    const results = (await env.api.graphql(UPSERT, { s: 'bulk', e: items }, { token: belfortKey })).data!.upsertEvents;
    expect(results.every((r: any) => r.ok)).toBe(true);
  });

  test('filters by EPCI, category and price, in date order, paging without gaps', async () => {
    const filter = { epci: '200065647', categories: ['exhibition'], from: '2031-01-01T00:00:00Z' };
    const seen: string[] = [];
    let after: string | null = null;
    let total: number | undefined;
    do {
      const { data, errors }: any = await env.api.graphql(PAGE, { f: filter, first: 7, after });
      expect(errors).toBeUndefined();
      total = data.events.totalCount;
      for (const node of data.events.nodes) {
        expect(node.event.place.commune.epci.siren).toBe('200065647');
        expect(node.event.categories[0]).toMatchObject({ id: 'exhibition', schemaOrgType: 'ExhibitionEvent' });
      }
      seen.push(...data.events.nodes.map((n: any) => n.startsAt));
      after = data.events.pageInfo.hasNextPage ? data.events.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(30);
    expect(total).toBe(30);
    expect([...seen].sort()).toEqual(seen);
    const free = await env.api.graphql(PAGE, { f: { free: true, from: '2031-01-01T00:00:00Z' }, first: 100 });
    expect(free.data!.events.totalCount).toBe(20);
  });

  test('French search is stemmed and ignores accents', async () => {
    const { data } = await env.api.graphql(PAGE, { f: { text: 'marche ancien', from: '2031-01-01T00:00:00Z' }, first: 100 });
    expect(data!.events.totalCount).toBe(30);
    expect(data!.events.nodes.every((n: any) => n.event.title.startsWith('Exposition'))).toBe(true);
  });

  test('relevance order puts the best matches first and pages through them without repeats', async () => {
    await env.api.graphql(UPSERT, { s: 'rank', e: [
      { externalId: 'R1', event: event({ title: { fr: 'Grand marché de Noël' }, shortDescription: { fr: 'Le marché de Noël, avec marché artisanal.' }, schedule: { allDay: false, dates: [{ start: '2032-12-20T10:00' }] } }) },
      { externalId: 'R2', event: event({ title: { fr: 'Concert de Noël' }, shortDescription: { fr: 'Chants, puis petit marché.' }, schedule: { allDay: false, dates: [{ start: '2032-12-01T10:00' }] } }) },
    ] }, { token: belfortKey });
    const query = `query($after: String) { events(filter: { text: "marché noël", from: "2032-01-01T00:00:00Z" }, orderBy: RELEVANCE, first: 1, after: $after) { pageInfo { hasNextPage endCursor } nodes { event { title } } } }`;
    const first = (await env.api.graphql(query)).data!.events;
    expect(first.nodes[0].event.title).toBe('Grand marché de Noël');
    const second = (await env.api.graphql(query, { after: first.pageInfo.endCursor })).data!.events;
    expect(second.nodes[0].event.title).toBe('Concert de Noël');
    expect(second.pageInfo.hasNextPage).toBe(false);
    const byDate = await env.api.graphql(`{ events(filter: { text: "marché noël", from: "2032-01-01T00:00:00Z" }, first: 5) { nodes { event { title } } } }`);
    expect(byDate.data!.events.nodes.map((n: any) => n.event.title)).toEqual(['Concert de Noël', 'Grand marché de Noël']);
    const noText = await env.api.graphql(`{ events(orderBy: RELEVANCE) { totalCount } }`);
    expect(noText.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('a changed title is found by its new words and no longer by its old ones', async () => {
    const upsert = async (title: string) => expect((await env.api.graphql(UPSERT, { s: 'retitle', e: [{ externalId: 'T1', event: event({ title: { fr: title }, shortDescription: null, schedule: { allDay: false, dates: [{ start: '2034-03-03T10:00' }] } }) }] }, { token: belfortKey })).data!.upsertEvents[0].ok).toBe(true);
    const found = async (text: string) => (await env.api.graphql(PAGE, { f: { text, from: '2034-01-01T00:00:00Z' }, first: 5 })).data!.events.totalCount;
    await upsert('Bourse aux vélos anciens');
    expect(await found('vélos')).toBe(1);
    await upsert('Vide-greniers du printemps');
    expect(await found('vélos')).toBe(0);
    expect(await found('vide-greniers printemps')).toBe(1);
  });

  test("the website's heaviest agenda query fits within the query limits", async () => {
    const { errors } = await env.api.graphql(`query($f: EventFilter) { events(filter: $f, first: 50) { totalCount pageInfo { hasNextPage endCursor }
      nodes { startsAt endsAt event { id slug title status isFree priceMin categories { id label } image { credit variants { url width format } }
      place { name commune { name epci { name } } } } } } }`, { f: { from: '2031-01-01T00:00:00Z' } });
    expect(errors).toBeUndefined();
  });

  test('a page runs a fixed number of SQL statements, whatever its size', async () => {
    const count = async (first: number) => {
      env.db.statements.length = 0;
      const { errors } = await env.api.graphql(PAGE, { f: { from: '2031-01-01T00:00:00Z' }, first });
      expect(errors).toBeUndefined();
      return env.db.statements.length;
    };
    const small = await count(5);
    expect(await count(50)).toBe(small);
    // Anonymous: the page with its events' JSON written by PostgreSQL (event-json.ts), and the count.
    expect(small).toBe(2);
    // Signed in, through the resolvers: the occurrences, their events with communes and EPCI (event-rows.ts), the count.
    const signedIn = async (first: number) => {
      env.db.statements.length = 0;
      const { errors } = await env.api.graphql(PAGE, { f: { from: '2031-01-01T00:00:00Z' }, first }, { token: belfortKey });
      expect(errors).toBeUndefined();
      return env.db.statements.filter((sql) => !/api_key|rate_limit/i.test(sql)).length;
    };
    const resolved = await signedIn(5);
    expect(await signedIn(50)).toBe(resolved);
    expect(resolved).toBe(3);
  });
});
