import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { useTestApi } from '../../test/api';
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
