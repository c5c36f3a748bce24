import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { useTestApi } from '../../test/api';
import { createOrganisation, createUser } from '../../test/factories';
import { seedDevelopment } from '../organisations/seed-development';
import { FEW_MATCHES } from './event.reader';
import { seedDemoAgenda } from './seed-demo-agenda';

/**
 * The text search picks its plan from a probe of the search index: a word few events hold
 * reads those events' occurrences, a word many hold walks the date index. Whatever the path,
 * the pages must be exactly what a plain scan gives, computed here from the texts themselves
 * (not from the stored vector), so a stale vector would show too.
 */
const env = useTestApi();
const FROM = '2030-01-01T00:00:00Z';
const PAGE = `query($f: EventFilter, $after: String) { events(filter: $f, first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`;

beforeAll(async () => {
  await seedDevelopment(env.db.dataSource, mkdtempSync(join(tmpdir(), 'nfc-search-')));
  // 3,000 events: "Franche-Comté" is in every one (past the probe), "marché" in about one in seven.
  await seedDemoAgenda(env.db.dataSource, { events: 3000, seed: 11, anchor: DateTime.fromISO('2030-01-01', { zone: 'Europe/Paris' }) });
}, 60_000);

async function byScan(text: string, limit: number): Promise<{ ids: string[]; total: number }> {
  const where = `e.moderation = 'PUBLISHED' AND e.deleted_at IS NULL AND o.ends_at >= $1
    AND nfc_event_search(e.title, e.short_description, e.long_description) @@ websearch_to_tsquery('french'::regconfig, public.unaccent('public.unaccent'::regdictionary, $2))`;
  const rows = await env.db.dataSource.query(`SELECT o.id FROM event_occurrence o JOIN event e ON e.id = o.event_id WHERE ${where} ORDER BY o.starts_at, o.id LIMIT ${limit}`, [FROM, text]);
  const [{ n }] = await env.db.dataSource.query(`SELECT count(*)::int AS n FROM event_occurrence o JOIN event e ON e.id = o.event_id WHERE ${where}`, [FROM, text]);
  return { ids: rows.map((r: { id: string }) => String(r.id)), total: n };
}

async function byApi(text: string, pages: number): Promise<{ ids: string[]; total: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  let total = 0;
  for (let page = 0; page < pages; page += 1) {
    const { data, errors }: any = await env.api.graphql(PAGE, { f: { text, from: FROM }, after });
    expect(errors).toBeUndefined();
    total = data.events.totalCount;
    ids.push(...data.events.nodes.map((n: { id: string }) => n.id));
    if (!data.events.pageInfo.hasNextPage) break;
    after = data.events.pageInfo.endCursor;
  }
  return { ids, total };
}

test.each([
  ['a word every event holds (walks the date index)', 'franche-comté', 3],
  ['a word some events hold (reads their occurrences)', 'marché', 3],
  ['a commune name', 'Giromagny', 10],
  ['two words, accents left out', 'marche producteurs', 3],
  ['a word no event holds', 'xylophone', 1],
])('%s: the same pages as a plain scan', async (_case, text, pages) => {
  const api = await byApi(text, pages);
  const scan = await byScan(text, pages * 100);
  expect(api.total).toBe(scan.total);
  expect(api.ids).toEqual(scan.ids);
});

test('the probe tells the paths apart at this scale', async () => {
  const holders = async (text: string) =>
    (await env.db.dataSource.query(`SELECT count(*)::int AS n FROM event e WHERE e.search_vector @@ websearch_to_tsquery('french'::regconfig, public.unaccent('public.unaccent'::regdictionary, $1))`, [text]))[0].n;
  // Otherwise the cases above would not cover both paths.
  expect(await holders('franche-comté')).toBeGreaterThanOrEqual(FEW_MATCHES);
  expect(await holders('marché')).toBeGreaterThan(0);
  expect(await holders('marché')).toBeLessThan(FEW_MATCHES);
});

/**
 * Each language searches the texts its pages show, stemmed by its own dictionary: a text in
 * the language where there is one, the French text where there is not. The events below belong
 * to an office of their own, so the demo events (which hold some of these words) stay out.
 */
describe('search in each language', () => {
  const ids: Record<string, string> = {};
  let office: string;
  let editor: string;
  const CREATE = `mutation($i: EventInput!) { createEvent(input: $i) { id } }`;

  beforeAll(async () => {
    office = (await createOrganisation(env.db.dataSource, { epciSiren: '200069052' })).id;
    const { user, password } = await createUser(env.db.dataSource, { organisationId: office, role: 'EDITOR' });
    editor = (await env.api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: password })).data!.login.token;
    const create = async (name: string, texts: Record<string, unknown>, start: string) => {
      const response = await env.api.graphql(
        CREATE,
        { i: { categories: ['heritage-visit'], isFree: true, place: { communeInsee: '90010', name: 'Citadelle' }, schedule: { allDay: false, dates: [{ start, end: start.replace('T10', 'T12') }] }, ...texts } },
        { token: editor },
      );
      if (response.errors) throw new Error(JSON.stringify(response.errors));
      ids[name] = response.data!.createEvent.id;
    };
    await create(
      'tour',
      {
        title: { fr: 'Visite guidée de la citadelle', en: 'Guided tour of the citadel', de: 'Führung durch die Zitadelle' },
        shortDescription: { fr: 'Deux promenades sur les remparts', en: 'Two walks along the ramparts', de: 'Zwei Spaziergänge auf den Wällen' },
      },
      '2031-06-21T10:00',
    );
    await create('organ', { title: { fr: 'Concerts d’orgue à l’église Saint-Christophe' }, shortDescription: { fr: 'Récital' } }, '2031-06-20T10:00');
    // Its title is translated, its short description is not.
    await create('fair', { title: { fr: 'Foire aux vins', de: 'Weinmesse mit Verkostungen' }, shortDescription: { fr: 'Dégustations des vignerons' } }, '2031-06-19T10:00');
    // "Zitadelle" in its German short description only (weight B), and earlier than the tour (title, weight A).
    await create('history', { title: { fr: 'Histoire de la place forte' }, shortDescription: { fr: 'L’histoire de la citadelle', de: 'Die Geschichte der Zitadelle' } }, '2031-06-18T10:00');
  });

  const found = async (text: string, language?: string, orderBy?: string) => {
    const { data, errors }: any = await env.api.graphql(`query($f: EventFilter, $o: EventOrder) { events(filter: $f, first: 20, orderBy: $o) { nodes { event { id } } } }`, {
      f: { text, from: FROM, publisher: office, ...(language ? { language } : {}) },
      o: orderBy ?? 'DATE',
    });
    expect(errors).toBeUndefined();
    const byId = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
    return data.events.nodes.map((n: { event: { id: string } }) => byId[n.event.id]);
  };

  test.each<[string | undefined, string, string[], string]>([
    // German: German stemming of the German texts ("Führungen" is "fuhrungen" to the French stemmer).
    ['de', 'Führungen', ['tour'], 'a plural finds the singular by German stemming'],
    ['de', 'Spaziergang', ['tour'], 'a short description in German, umlaut and plural folded'],
    ['de', 'fuhrung', ['tour'], 'accents folded'],
    ['de', 'Verkostung', ['fair'], 'a translated title'],
    ['de', 'citadelle', [], 'a translated text replaces the French one'],
    ['de', 'vins', [], 'the French title of an event whose title is translated'],
    ['de', 'Dégustations', ['fair'], 'an untranslated short description, shown in French, is searched in French words'],
    ['de', 'orgue', ['organ'], 'an event with no German text, by its French title'],
    ['de', 'walking', [], 'German does not read English texts'],
    // English: English stemming of the English texts ("walking" stays "walking" to the French stemmer).
    ['en', 'guided tours', ['tour'], 'two words, plural'],
    ['en', 'walking', ['tour'], 'a gerund finds "walks" by English stemming'],
    ['en', 'Führung', [], 'English does not read German texts'],
    ['en', 'Saint-Christophe', ['organ'], 'an event with no English text, by its French title'],
    // French: the default, unchanged.
    [undefined, 'visites guidées', ['tour'], 'French stemming, no language given'],
    ['fr', 'vin', ['fair'], 'French stemming of the French title'],
    ['fr', 'Führungen', [], 'French does not read German texts'],
    [undefined, 'walking', [], 'nor English ones'],
  ])('%s "%s" finds %j (%s)', async (language, text, expected) => {
    expect(await found(text, language)).toEqual(expected);
  });

  test('relevance reads the same language: a word in the German title outranks one in the German description, whatever the dates', async () => {
    expect(await found('Zitadelle', 'de', 'DATE')).toEqual(['history', 'tour']);
    expect(await found('Zitadelle', 'de', 'RELEVANCE')).toEqual(['tour', 'history']);
    // French: "citadelle" is in the tour's French title and the other's French description.
    expect(await found('citadelle', 'fr', 'RELEVANCE')).toEqual(['tour', 'history']);
  });

  test('the trigger keeps every vector current when a text changes', async () => {
    await env.db.dataSource.query(`UPDATE event SET short_description = short_description || '{"de": "Ein Picknick im Weinberg"}'::jsonb WHERE id = $1`, [ids.fair]);
    expect(await found('Picknicks', 'de')).toEqual(['fair']);
    expect(await found('Dégustations', 'de')).toEqual([]);
    expect(await found('Dégustations', 'fr')).toEqual(['fair']);
    const [{ stale }] = await env.db.dataSource.query(
      `SELECT count(*)::int AS stale FROM event WHERE search_vector_en <> nfc_event_search_in('english', 'en', title, short_description, long_description)
         OR search_vector_de <> nfc_event_search_in('german', 'de', title, short_description, long_description)`,
    );
    expect(stale).toBe(0);
  });

  test("an office's own search takes the language too", async () => {
    const mine = async (search: string, language?: string) => {
      const { data, errors }: any = await env.api.graphql(`query($f: MyEventsFilter) { myEvents(filter: $f, first: 20) { nodes { id } } }`, { f: { search, ...(language ? { language } : {}) } }, { token: editor });
      expect(errors).toBeUndefined();
      return data.myEvents.nodes.map((n: { id: string }) => n.id);
    };
    expect(await mine('Führungen', 'de')).toEqual([ids.tour]);
    expect(await mine('Führungen')).toEqual([]);
  });

  test('the calendar feed searches in its language', async () => {
    const ics = async (query: string) => (await (await fetch(`${env.api.url}/feeds/agenda.ics?from=${FROM}&${query}`)).text()).split('BEGIN:VEVENT').length - 1;
    expect(await ics(`lang=de&text=${encodeURIComponent('Führungen')}`)).toBeGreaterThanOrEqual(1);
    expect(await ics(`text=${encodeURIComponent('Führungen')}`)).toBe(0);
  });
});
