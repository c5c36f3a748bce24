import { startTestApi, type TestApi } from '../../test/api';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { createOrganisation, issueApiKey } from '../../test/factories';

/**
 * Two API processes on one database, each with its cache of public reads on (a minute): a write
 * through one is seen through the other within the stated delay (a quarter second, plus the
 * notification's round trip), not after the cache's minute.
 */
let db: TestDatabase;
let writer: TestApi;
let reader: TestApi;
let key: string;
beforeAll(async () => {
  db = await createTestDatabase();
  const config = { publicQueryCacheMs: 60_000 };
  writer = await startTestApi({ dataSource: db.dataSource, config });
  reader = await startTestApi({ dataSource: db.dataSource, config });
  key = (await issueApiKey(db.dataSource, (await createOrganisation(db.dataSource, { epciSiren: '200065647' })).id)).key;
}, 60_000);
afterAll(async () => {
  await writer?.close();
  await reader?.close();
  await db?.drop();
});

const LIST = `{ events(first: 50) { nodes { event { slug title } } } }`;
const titles = async (api: TestApi) => ((await api.graphql(LIST)).data!.events.nodes as Array<{ event: { title: string } }>).map((node) => node.event.title);
const feedTitles = async (api: TestApi) => [...(await (await fetch(`${api.url}/feeds/agenda.rss`)).text()).matchAll(/<item>\s*<title>([^<]*?)(?: — [^<]*)?<\/title>/g)].map((m) => m[1]!);

/** Polls until `check` passes or `ms` have gone by; returns how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`not seen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const event = (title: string) => ({
  title: { fr: title },
  categories: ['market'],
  isFree: true,
  place: { name: 'Place Saint-Martin', communeInsee: '25388', lat: 47.5098, lon: 6.7985 },
  schedule: { allDay: false, dates: [{ start: '2027-06-12T08:00', end: '2027-06-12T12:00' }] },
});

test('a write through one process empties the other’s caches (GraphQL and feeds) within the stated delay', async () => {
  const created = await writer.graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id } }`, { i: event('Marché de printemps') }, { token: key });
  expect(created.errors).toBeUndefined();
  await within(2000, async () => (await titles(reader)).includes('Marché de printemps'));
  expect(await feedTitles(reader)).toContain('Marché de printemps');

  // The control: a change that notifies nobody (triggers off for this session) stays unseen, so the
  // reader really answers from its cache and only the notification empties it. (First, the work the
  // write queued, which writes too, is let finish, and its notification heard.)
  await writer.jobs.drain(undefined, 30_000);
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(await titles(reader)).toEqual(['Marché de printemps']);
  expect(await feedTitles(reader)).toEqual(['Marché de printemps']);
  const id = created.data!.createEvent.id as string;
  const runner = db.dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SET session_replication_role = replica`);
    await runner.query(`UPDATE event SET title = jsonb_build_object('fr', 'Changé en cachette') WHERE id = $1`, [id]);
  } finally {
    await runner.query(`SET session_replication_role = origin`);
    await runner.release();
  }
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(await titles(reader)).toEqual(['Marché de printemps']);
  expect(await feedTitles(reader)).toEqual(['Marché de printemps']);

  // A real write (the office renames it): seen through the other process too.
  const updated = await writer.graphql(`mutation($id: ID!, $i: EventInput!) { updateEvent(id: $id, input: $i) { id } }`, { id, i: event('Marché des fleurs') }, { token: key });
  expect(updated.errors).toBeUndefined();
  const delay = await within(2000, async () => (await titles(reader)).includes('Marché des fleurs'));
  expect(delay).toBeLessThan(2000);
  expect(await feedTitles(reader)).toEqual(['Marché des fleurs']);
});

test('a write that is rolled back notifies nobody: the caches keep their answers', async () => {
  const before = await titles(reader);
  const runner = db.dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await runner.query(`UPDATE event SET title = jsonb_build_object('fr', 'Jamais publié')`);
    await runner.rollbackTransaction();
    // Then a change that notifies nobody: if the rollback had emptied the cache, this would show.
    await runner.query(`SET session_replication_role = replica`);
    await runner.query(`UPDATE event SET title = jsonb_build_object('fr', 'En cache seulement')`);
    await runner.query(`SET session_replication_role = origin`);
  } finally {
    await runner.release();
  }
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(await titles(reader)).toEqual(before);
});
