import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { signAccessToken } from '../auth/tokens';
import { useTestApi } from '../../test/api';
import { createOrganisation, createUser } from '../../test/factories';
import { ImportSource } from './import.entities';
import { BUILDERS, externalIdOf, type FixtureEvent } from './source-fixtures';
import { importJobs, IMPORT_SCHEDULE_JOB } from './import.jobs';
import type { JobContext } from '../jobs/job-definition';
import { createLogger } from '../logger';
import { OPERATOR } from '../auth/viewer';
import { ImportService } from './import.service';
import { MediaService } from '../media/media.service';
import { LocalStorage } from '../media/storage/local-storage';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = useTestApi({ config: { outboundAllowPrivate: true } });

/** A real HTTP server for the feeds and the images, counting what it was asked. */
let server: Server;
let base: string;
const files = new Map<string, { type: string; body: Buffer | string }>();
/** Paths whose answer waits for a promise (a slow feed, to catch a run while it runs). */
const held = new Map<string, Promise<void>>();
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    await held.get(path);
    const file = files.get(path.startsWith('/poster') ? '/poster.png' : path);
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  files.set('/poster.png', { type: 'image/png', body: await sharp({ create: { width: 640, height: 400, channels: 3, background: { r: 200, g: 40, b: 90 } } }).png().toBuffer() });
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

async function office(name: string, epciSiren = '200069052') {
  const organisation = await createOrganisation(env.db.dataSource, { name, epciSiren });
  const { user } = await createUser(env.db.dataSource, { organisationId: organisation.id, role: 'ADMIN' });
  return { organisation, token: signAccessToken(user.id, env.api.config.jwtSecret, 3600).token };
}

async function gql<T = any>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await env.api.graphql(query, variables, { token });
  if (response.errors) throw Object.assign(new Error(response.errors[0]!.message), { code: response.errors[0]!.extensions?.code, errors: response.errors });
  return response.data as T;
}

const BELFORT = { lat: 47.6379, lon: 6.8628 };
const MONTBELIARD = { lat: 47.5097, lon: 6.7986 };
const PARIS = { lat: 48.8566, lon: 2.3522 };

function fixture(format: string, overrides: Partial<Record<'A' | 'B' | 'C' | 'D', Partial<FixtureEvent>>> = {}): Record<'A' | 'B' | 'C' | 'D', FixtureEvent> {
  return {
    // The INSEE code (ICS has none: its point), a mapped category, an image from the local server.
    A: { id: `${format}-101`, title: 'Concert au Lion', day: '2027-03-14', time: '21:00', end: '23:00', insee: '90010', point: BELFORT, postal: '90000', city: 'Belfort', category: 'Musique', image: `${base}/poster-${format}.png`, ...(format === 'ics' ? { weekly: { count: 4, except: '2027-03-21' } } : {}), ...overrides.A },
    // Only a point: the commune comes from it; an unmapped category: the default.
    B: { id: `${format}-102`, title: 'Balade aux étangs', day: '2027-04-02', time: '14:00', end: '17:00', point: MONTBELIARD, category: 'Autre', ...overrides.B },
    // Outside the territory: refused with its reason, the others land.
    C: { id: `${format}-103`, title: 'Salon à Paris', day: '2027-04-10', time: '10:00', end: '18:00', insee: '75056', point: PARIS, postal: '75001', city: 'Paris', category: 'Autre', ...overrides.C },
    // In the past: gone from the source, it becomes a tombstone.
    D: { id: `${format}-104`, title: 'Marché d’été', day: '2026-07-01', time: '08:00', end: '12:00', insee: '90010', point: BELFORT, category: 'Autre', ...overrides.D },
  };
}

async function eventOf(organisationId: string, format: string, id: string) {
  const [row] = await env.db.dataSource.query(
    `SELECT e.id, e.title, e.status, e.categories, e.commune_insee, e.image_media_id, e.sequence, e.updated_at, e.deleted_at, e.moderation,
       (SELECT count(*)::int FROM event_occurrence o WHERE o.event_id = e.id) AS occurrences
     FROM event e JOIN event_external_id x ON x.event_id = e.id WHERE x.organisation_id = $1 AND x.system = $2 AND x.external_id = $3`,
    [organisationId, format, externalIdOf(format as keyof typeof BUILDERS, id)],
  );
  return row;
}

const SOURCE = `mutation($input: ImportSourceInput!) { createImportSource(input: $input) { id name format url schedule defaultCategory categoryMapping { source category } } }`;
const DRY_RUN = `mutation($id: ID!) { dryRunImportSource(id: $id) { created updated unchanged cancelled deleted refused items { externalId title outcome code errors { field message } eventId } } }`;
const RUN = `mutation($id: ID!) { runImportSource(id: $id) }`;
const RUN_LOG = `query($id: ID!) { importRun(id: $id) { id state trigger created updated unchanged cancelled deleted refused error problems { externalId outcome code errors { field message } } } }`;

async function runAndWait(token: string, sourceId: string) {
  const { runImportSource: runId } = await gql(token, RUN, { id: sourceId });
  await env.api.jobs.drain();
  return (await gql(token, RUN_LOG, { id: runId })).importRun;
}

describe.each(Object.keys(BUILDERS) as Array<keyof typeof BUILDERS>)('%s, end to end', (format) => {
  let owner: Awaited<ReturnType<typeof office>>;
  let sourceId: string;
  const feed = `/feeds/${format}`;
  const publish = (events: FixtureEvent[]) => files.set(feed, { type: format === 'ics' ? 'text/calendar' : 'application/json', body: BUILDERS[format](events) });

  beforeAll(async () => {
    owner = await office(`OT ${format}`);
    const f = fixture(format);
    publish([f.A, f.B, f.C, f.D]);
    const created = await gql(owner.token, SOURCE, {
      input: { name: `Flux ${format}`, format, url: `${base}${feed}`, schedule: 'HOURLY', defaultCategory: 'show', categoryMapping: [{ source: 'musique', category: 'concert' }] },
    });
    sourceId = created.createImportSource.id;
    expect(created.createImportSource).toMatchObject({ format, schedule: 'HOURLY', categoryMapping: [{ source: 'musique', category: 'concert' }] });
  });

  test('the dry run reports each item and writes nothing', async () => {
    const report = (await gql(owner.token, DRY_RUN, { id: sourceId })).dryRunImportSource;
    expect(report).toMatchObject({ created: 3, updated: 0, unchanged: 0, refused: 1 });
    const byId = Object.fromEntries(report.items.map((item: { externalId: string }) => [item.externalId, item]));
    const f = fixture(format);
    expect(byId[externalIdOf(format, f.A.id)]).toMatchObject({ outcome: 'CREATED', eventId: null, title: 'Concert au Lion' });
    expect(byId[externalIdOf(format, f.C.id)]).toMatchObject({ outcome: 'REFUSED', code: 'BAD_USER_INPUT', errors: [expect.objectContaining({ field: 'place.communeInsee' })] });
    const [{ count }] = await env.db.dataSource.query(`SELECT count(*)::int AS count FROM event WHERE publisher_id = $1`, [owner.organisation.id]);
    expect(count).toBe(0);
    expect(hits.get(`/poster-${format}.png`) ?? 0).toBe(0);
  });

  test('a run lands the good items through the event writer, refuses the bad one with its reason, and logs it', async () => {
    const imagesBefore = hits.get(`/poster-${format}.png`) ?? 0;
    const run = await runAndWait(owner.token, sourceId);
    expect(run).toMatchObject({ state: 'SUCCEEDED', trigger: 'MANUAL', created: 3, updated: 0, unchanged: 0, refused: 1, error: null });
    expect(run.problems).toEqual([expect.objectContaining({ externalId: externalIdOf(format, fixture(format).C.id), outcome: 'REFUSED', code: 'BAD_USER_INPUT' })]);
    const f = fixture(format);
    const a = await eventOf(owner.organisation.id, format, f.A.id);
    const b = await eventOf(owner.organisation.id, format, f.B.id);
    expect(a).toMatchObject({ status: 'SCHEDULED', moderation: 'PUBLISHED', categories: ['concert'], commune_insee: '90010' });
    expect(a.title.fr).toBe('Concert au Lion');
    // Languages kept where the format has them.
    if (format === 'openagenda' || format === 'datatourisme') expect(a.title.en).toBe('Concert au Lion (en)');
    if (format === 'apidae') expect(a.title.de).toBe('Concert au Lion (de)');
    // ICS keeps its weekly rule and its exception: 4 Sundays less one.
    expect(a.occurrences).toBe(format === 'ics' ? 3 : 1);
    // 21:00 in Paris in March is 20:00 UTC, whatever the format wrote (a TZID, an offset, a local time).
    const [first] = await env.db.dataSource.query(`SELECT min(starts_at) AS starts_at FROM event_occurrence WHERE event_id = $1`, [a.id]);
    expect(first.starts_at.toISOString()).toBe('2027-03-14T20:00:00.000Z');
    expect(b).toMatchObject({ categories: ['show'], commune_insee: '25388' });
    // The image came from the local server, through the outbound guard and the media intake.
    expect(a.image_media_id).toBeTruthy();
    const [media] = await env.db.dataSource.query(`SELECT purpose, organisation_id, visibility FROM media_item WHERE id = $1`, [a.image_media_id]);
    expect(media).toEqual({ purpose: 'EVENT_IMAGE', organisation_id: owner.organisation.id, visibility: 'PUBLIC' });
    expect((hits.get(`/poster-${format}.png`) ?? 0) - imagesBefore).toBe(1);
    expect(await eventOf(owner.organisation.id, format, f.C.id)).toBeUndefined();
  });

  test('running it again changes nothing: no new sequence, no new updatedAt, no image fetched', async () => {
    const f = fixture(format);
    const before = await eventOf(owner.organisation.id, format, f.A.id);
    const images = hits.get(`/poster-${format}.png`);
    const run = await runAndWait(owner.token, sourceId);
    expect(run).toMatchObject({ state: 'SUCCEEDED', created: 0, updated: 0, unchanged: 3, refused: 1 });
    const after = await eventOf(owner.organisation.id, format, f.A.id);
    expect(after.sequence).toBe(before.sequence);
    expect(after.updated_at.getTime()).toBe(before.updated_at.getTime());
    expect(hits.get(`/poster-${format}.png`)).toBe(images);
  });

  test('a modified item is updated; items removed at the source are cancelled (dates to come) or tombstones', async () => {
    const f = fixture(format, { A: { title: 'Concert au Lion (complet)' } });
    publish([f.A, f.C]);
    const dry = (await gql(owner.token, DRY_RUN, { id: sourceId })).dryRunImportSource;
    expect(dry).toMatchObject({ created: 0, updated: 1, unchanged: 0, cancelled: 1, deleted: 1, refused: 1 });
    const before = await eventOf(owner.organisation.id, format, f.A.id);
    expect(before.title.fr).toBe('Concert au Lion');

    const run = await runAndWait(owner.token, sourceId);
    expect(run).toMatchObject({ state: 'SUCCEEDED', created: 0, updated: 1, unchanged: 0, cancelled: 1, deleted: 1, refused: 1 });
    const a = await eventOf(owner.organisation.id, format, f.A.id);
    expect(a.title.fr).toBe('Concert au Lion (complet)');
    expect(a.sequence).toBe(before.sequence + 1);
    expect(await eventOf(owner.organisation.id, format, f.B.id)).toMatchObject({ status: 'CANCELLED', deleted_at: null });
    expect((await eventOf(owner.organisation.id, format, f.D.id)).deleted_at).not.toBeNull();

    // Once withdrawn, a further run has nothing more to withdraw.
    expect(await runAndWait(owner.token, sourceId)).toMatchObject({ created: 0, updated: 0, unchanged: 1, cancelled: 0, deleted: 0, refused: 1 });
  });
});

describe('sources are the office’s', () => {
  let owner: Awaited<ReturnType<typeof office>>;
  let other: Awaited<ReturnType<typeof office>>;
  let sourceId: string;
  beforeAll(async () => {
    owner = await office('OT propriétaire');
    other = await office('OT voisin', '200065647');
    files.set('/feeds/private.ics', { type: 'text/calendar', body: BUILDERS.ics([fixture('private').B]) });
    sourceId = (await gql(owner.token, SOURCE, { input: { name: 'Privé', format: 'ics', url: `${base}/feeds/private.ics`, defaultCategory: 'show' } })).createImportSource.id;
  });

  test.each([
    ['dry run', DRY_RUN],
    ['run now', RUN],
    ['update', `mutation($id: ID!) { updateImportSource(id: $id, input: { name: "Volé" }) { id } }`],
    ['delete', `mutation($id: ID!) { deleteImportSource(id: $id) }`],
  ])('another office cannot %s it: it looks missing', async (_what, query) => {
    await expect(gql(other.token, query, { id: sourceId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('another office does not list it; its own office does, with its last runs', async () => {
    expect((await gql(other.token, `{ importSources { id } }`)).importSources).toEqual([]);
    await runAndWait(owner.token, sourceId);
    const listed = (await gql(owner.token, `{ importSources { id lastRuns { state created } } }`)).importSources;
    expect(listed).toEqual([{ id: sourceId, lastRuns: [{ state: 'SUCCEEDED', created: 1 }] }]);
  });

  test.each([
    ['a bad URL', { url: 'ftp://example.org/feed.ics' }, 'url'],
    ['an unknown category', { url: 'https://example.org/feed.ics', defaultCategory: 'rodeo' }, 'defaultCategory'],
    ['a password in the URL', { url: 'https://user:secret@example.org/feed.ics' }, 'url'],
  ])('registering a source with %s is refused with the field', async (_case, change, field) => {
    const response = await env.api.graphql(SOURCE, { input: { name: 'Mauvais', format: 'ics', defaultCategory: 'show', ...change } }, { token: owner.token });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(response.errors?.[0]?.extensions)).toContain(field);
  });

  test('a file is posted to the source, then imported', async () => {
    const created = (await gql(owner.token, SOURCE, { input: { name: 'Fichier Apidae', format: 'apidae', defaultCategory: 'show' } })).createImportSource;
    const form = new FormData();
    form.append('file', new Blob([BUILDERS.apidae([fixture('file').B])], { type: 'application/json' }), 'export.json');
    const posted = await fetch(`${env.api.url}/imports/sources/${created.id}/file?name=export.json`, { method: 'POST', headers: { authorization: `Bearer ${owner.token}` }, body: form });
    expect(posted.status).toBe(200);
    const denied = await fetch(`${env.api.url}/imports/sources/${created.id}/file`, { method: 'POST', headers: { authorization: `Bearer ${other.token}` }, body: form });
    expect(denied.status).toBe(404);
    expect((await gql(owner.token, DRY_RUN, { id: created.id })).dryRunImportSource).toMatchObject({ created: 1, refused: 0 });
  });

  test('a feed that is not in its format fails the run with a reason and withdraws nothing', async () => {
    files.set('/feeds/private.ics', { type: 'text/html', body: '<html>maintenance</html>' });
    const run = await runAndWait(owner.token, sourceId);
    expect(run).toMatchObject({ state: 'FAILED', cancelled: 0, deleted: 0 });
    expect(run.error).toMatch(/ICS/);
    expect(await eventOf(owner.organisation.id, 'ics', fixture('private').B.id)).toMatchObject({ status: 'SCHEDULED', deleted_at: null });
  });
});

test('a dry run of a source that is not in its format answers BAD_USER_INPUT with its reason', async () => {
  const { token } = await office('OT flux cassé');
  files.set('/feeds/broken.json', { type: 'application/json', body: '{"events": "none"}' });
  const id = (await gql(token, SOURCE, { input: { name: 'Cassé', format: 'openagenda', url: `${base}/feeds/broken.json`, defaultCategory: 'show' } })).createImportSource.id;
  const response = await env.api.graphql(DRY_RUN, { id }, { token });
  expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SOURCE_FORMAT' });
});

describe('runs', () => {
  test('one run per source at a time: asking again while one is queued or running answers that run', async () => {
    const { token } = await office('OT lente');
    let release!: () => void;
    held.set('/feeds/slow.ics', new Promise<void>((resolve) => (release = resolve)));
    files.set('/feeds/slow.ics', { type: 'text/calendar', body: BUILDERS.ics([fixture('slow').B]) });
    const id = (await gql(token, SOURCE, { input: { name: 'Lente', format: 'ics', url: `${base}/feeds/slow.ics`, defaultCategory: 'show' } })).createImportSource.id;
    const first = (await gql(token, RUN, { id })).runImportSource;
    const second = (await gql(token, RUN, { id })).runImportSource;
    expect(second).toBe(first);
    release();
    await env.api.jobs.drain();
    expect((await gql(token, RUN_LOG, { id: first })).importRun).toMatchObject({ state: 'SUCCEEDED', created: 1 });
    const third = (await gql(token, RUN, { id })).runImportSource;
    expect(third).not.toBe(first);
    await env.api.jobs.drain();
    expect((await gql(token, RUN_LOG, { id: third })).importRun).toMatchObject({ state: 'SUCCEEDED', unchanged: 1 });
  });

  test('a run that lost its job (still running hours later) no longer holds its source', async () => {
    const { token } = await office('OT bloquée');
    files.set('/feeds/stuck.ics', { type: 'text/calendar', body: BUILDERS.ics([fixture('stuck').B]) });
    const id = (await gql(token, SOURCE, { input: { name: 'Bloquée', format: 'ics', url: `${base}/feeds/stuck.ics`, defaultCategory: 'show' } })).createImportSource.id;
    const [stuck] = await env.db.dataSource.query(`INSERT INTO import_run (source_id, state, trigger, queued_at, started_at) VALUES ($1, 'RUNNING', 'MANUAL', now() - interval '3 hours', now() - interval '3 hours') RETURNING id`, [id]);
    const next = (await gql(token, RUN, { id })).runImportSource;
    expect(next).not.toBe(stuck.id);
    await env.api.jobs.drain();
    expect((await gql(token, RUN_LOG, { id: stuck.id })).importRun).toMatchObject({ state: 'FAILED', error: expect.stringMatching(/^Abandoned/) });
    expect((await gql(token, RUN_LOG, { id: next })).importRun).toMatchObject({ state: 'SUCCEEDED', created: 1 });
  });

  test('the hourly schedule queues HOURLY sources and DAILY ones not run for 23 hours, never MANUAL ones', async () => {
    const { token } = await office('OT planifiée');
    files.set('/feeds/planned.ics', { type: 'text/calendar', body: BUILDERS.ics([fixture('planned').B]) });
    const register = async (schedule: string) =>
      (await gql(token, SOURCE, { input: { name: schedule, format: 'ics', url: `${base}/feeds/planned.ics`, schedule: schedule.replace(/-.*/, ''), defaultCategory: 'show' } })).createImportSource.id as string;
    const sources = { HOURLY: await register('HOURLY'), DAILY: await register('DAILY'), 'DAILY-recent': await register('DAILY-recent'), MANUAL: await register('MANUAL') };
    await env.db.dataSource.query(`INSERT INTO import_run (source_id, state, trigger, queued_at, finished_at) VALUES ($1, 'SUCCEEDED', 'SCHEDULED', now() - interval '2 hours', now())`, [sources['DAILY-recent']]);
    const schedule = importJobs.find((job) => job.name === IMPORT_SCHEDULE_JOB)!;
    expect(schedule.schedule?.cron).toBe('20 * * * *');
    const context = { dataSource: env.db.dataSource, jobs: env.api.jobs, config: env.api.config, logger: createLogger('silent') } as unknown as JobContext;
    await schedule.handle({}, context, { id: 'test', retryCount: 0 });
    await env.api.jobs.drain();
    const runs = async (id: string) => (await env.db.dataSource.query(`SELECT state, trigger FROM import_run WHERE source_id = $1 ORDER BY queued_at`, [id])) as Array<{ state: string; trigger: string }>;
    expect(await runs(sources.HOURLY)).toEqual([{ state: 'SUCCEEDED', trigger: 'SCHEDULED' }]);
    expect(await runs(sources.DAILY)).toEqual([{ state: 'SUCCEEDED', trigger: 'SCHEDULED' }]);
    expect(await runs(sources['DAILY-recent'])).toHaveLength(1);
    expect(await runs(sources.MANUAL)).toEqual([]);
  });
});

test('without OUTBOUND_ALLOW_PRIVATE, a feed or an image on a private address is refused by the outbound guard', async () => {
  const { organisation } = await office('OT réseau privé');
  files.set('/feeds/guarded.json', { type: 'application/json', body: BUILDERS.apidae([fixture('guarded').A]) });
  const media = new MediaService({ dataSource: env.db.dataSource, storage: new LocalStorage(mkdtempSync(join(tmpdir(), 'nfc-guarded-'))), logger: createLogger('silent') });
  const guarded = new ImportService({ dataSource: env.db.dataSource, viewer: OPERATOR, media, allowPrivate: false });
  const feed = await guarded.create({ name: 'Flux interne', format: 'apidae', url: `${base}/feeds/guarded.json`, defaultCategory: 'show' }, organisation.id);
  await expect(guarded.dryRun(feed.id)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'ADDRESS_NOT_ALLOWED' } });
  // A file naming an image on a private address: the event lands, without its image, and says why.
  const file = await guarded.create({ name: 'Fichier', format: 'apidae', fileContent: BUILDERS.apidae([fixture('guarded').A]), defaultCategory: 'show' }, organisation.id);
  const images = hits.get('/poster-guarded.png') ?? 0;
  const { outcome } = await guarded.runNow(file.id);
  expect(outcome.items).toEqual([expect.objectContaining({ outcome: 'CREATED', code: 'IMAGE_UNAVAILABLE' })]);
  expect(hits.get('/poster-guarded.png') ?? 0).toBe(images);
});

test('an item whose values have unexpected types is refused alone (UNREADABLE): the run goes on, nothing is INTERNAL', async () => {
  const { token } = await office('OT types inattendus');
  const good = { uid: 'ok-1', title: { fr: 'Bal du samedi' }, timings: [{ begin: '2033-02-05T20:00:00+01:00', end: '2033-02-05T23:00:00+01:00' }], location: { insee: '90010' } };
  // Numbers where the mapping expects texts: a keyword, a place's name and its address.
  const odd = { ...good, uid: 'odd-1', keywords: { fr: [2024] }, location: { insee: '90010', name: 12, address: 34 } };
  files.set('/feeds/types.json', { type: 'application/json', body: JSON.stringify({ events: [good, odd, { ...good, uid: 'null-1', timings: [null] }] }) });
  const id = (await gql(token, SOURCE, { input: { name: 'Types', format: 'openagenda', url: `${base}/feeds/types.json`, defaultCategory: 'show' } })).createImportSource.id;
  const response = await env.api.graphql(DRY_RUN, { id }, { token });
  expect(response.errors).toBeUndefined();
  const report = (response.data as any).dryRunImportSource;
  const outcome = Object.fromEntries(report.items.map((item: any) => [item.externalId, item.outcome === 'REFUSED' ? item.code : item.outcome]));
  expect(outcome['ok-1']).toBe('CREATED');
  expect(['CREATED', 'UNREADABLE']).toContain(outcome['odd-1']);
  expect(['UNREADABLE', 'NO_DATES']).toContain(outcome['null-1']);
});

test('two sources of one office in the same format never withdraw each other’s events', async () => {
  const { organisation, token } = await office('OT deux exports');
  const event = (uid: number) => ({ uid, title: { fr: `Fête ${uid}` }, timings: [{ begin: '2033-03-05T20:00:00+01:00', end: '2033-03-05T23:00:00+01:00' }], location: { insee: '90010' } });
  files.set('/feeds/first.json', { type: 'application/json', body: JSON.stringify({ events: [event(101), event(102)] }) });
  files.set('/feeds/second.json', { type: 'application/json', body: JSON.stringify({ events: [event(101)] }) });
  const first = (await gql(token, SOURCE, { input: { name: 'Premier', format: 'openagenda', url: `${base}/feeds/first.json`, defaultCategory: 'show' } })).createImportSource.id;
  const second = (await gql(token, SOURCE, { input: { name: 'Second', format: 'openagenda', url: `${base}/feeds/second.json`, defaultCategory: 'show' } })).createImportSource.id;
  expect(await runAndWait(token, first)).toMatchObject({ state: 'SUCCEEDED', created: 2 });
  expect(await runAndWait(token, second)).toMatchObject({ state: 'SUCCEEDED', unchanged: 1 });
  // The first export drops the shared event; the second still lists it: it stays on the agenda.
  files.set('/feeds/first.json', { type: 'application/json', body: JSON.stringify({ events: [event(102)] }) });
  expect(await runAndWait(token, first)).toMatchObject({ state: 'SUCCEEDED', cancelled: 0, deleted: 0 });
  expect(await eventOf(organisation.id, 'openagenda', '101')).toMatchObject({ status: 'SCHEDULED', deleted_at: null });
});

test('an item the Pôle merged into another office’s event is answered MERGED_INTO on each run and when dropped, and that event stays', async () => {
  const { organisation, token } = await office('OT fusionné', '200065647');
  const other = await office('OT de référence');
  const event = (uid: number, title: string) => ({ uid, title: { fr: title }, timings: [{ begin: '2033-04-05T20:00:00+02:00', end: '2033-04-05T23:00:00+02:00' }], location: { insee: '90010' } });
  files.set('/feeds/merged.json', { type: 'application/json', body: JSON.stringify({ events: [event(201, 'Bal de printemps'), event(202, 'Bal d’été')] }) });
  const sourceId = (await gql(token, SOURCE, { input: { name: 'Fusionnée', format: 'openagenda', url: `${base}/feeds/merged.json`, defaultCategory: 'show' } })).createImportSource.id;
  expect(await runAndWait(token, sourceId)).toMatchObject({ state: 'SUCCEEDED', created: 2 });
  const duplicate = await eventOf(organisation.id, 'openagenda', '201');
  const canonical = (await gql(other.token, `mutation($i: EventInput!) { createEvent(input: $i) { id sequence } }`, { i: { title: { fr: 'Le bal de printemps' }, categories: ['show'], isFree: true, place: { communeInsee: '90010' }, schedule: { allDay: false, dates: [{ start: '2033-04-05T20:00', end: '2033-04-05T23:00' }] } } })).createEvent;
  const { user: poleUser } = await createUser(env.db.dataSource, { organisationId: (await createOrganisation(env.db.dataSource, { kind: 'POLE' })).id, role: 'ADMIN' });
  await gql(signAccessToken(poleUser.id, env.api.config.jwtSecret, 3600).token, `mutation($k: ID!, $m: ID!) { mergeEvents(keepId: $k, mergeId: $m) { id } }`, { k: canonical.id, m: duplicate.id });

  // The source changes the merged item: refused with where it went; the other office's event is untouched.
  files.set('/feeds/merged.json', { type: 'application/json', body: JSON.stringify({ events: [event(201, 'Bal de printemps (nouvel horaire)'), event(202, 'Bal d’été')] }) });
  const run = await runAndWait(token, sourceId);
  expect(run).toMatchObject({ state: 'SUCCEEDED', refused: 1, unchanged: 1 });
  expect(run.problems).toEqual([expect.objectContaining({ externalId: '201', outcome: 'REFUSED', code: 'MERGED_INTO' })]);
  const dry = (await gql(token, DRY_RUN, { id: sourceId })).dryRunImportSource;
  expect(dry.items.find((item: { externalId: string }) => item.externalId === '201')).toMatchObject({ outcome: 'REFUSED', code: 'MERGED_INTO', eventId: canonical.id });
  // The source drops it: the other office's event is not withdrawn, and the report says why.
  files.set('/feeds/merged.json', { type: 'application/json', body: JSON.stringify({ events: [event(202, 'Bal d’été')] }) });
  const dropped = await runAndWait(token, sourceId);
  expect(dropped).toMatchObject({ state: 'SUCCEEDED', cancelled: 0, deleted: 0, refused: 1 });
  expect(dropped.problems).toEqual([expect.objectContaining({ externalId: '201', code: 'MERGED_INTO' })]);
  const [kept] = await env.db.dataSource.query(`SELECT title, status, deleted_at, sequence FROM event WHERE id = $1`, [canonical.id]);
  expect(kept).toMatchObject({ title: { fr: 'Le bal de printemps' }, status: 'SCHEDULED', deleted_at: null });
});

test('a key in a feed’s address is used to read it but never shown back', async () => {
  const { token } = await office('OT clé dans l’adresse');
  files.set('/feeds/keyed.json?key=SECRET-OA-123&size=100', { type: 'application/json', body: JSON.stringify({ events: [] }) });
  const created = (await gql(token, SOURCE, { input: { name: 'Avec clé', format: 'openagenda', url: `${base}/feeds/keyed.json?key=SECRET-OA-123&size=100`, defaultCategory: 'show' } })).createImportSource;
  expect(created.url).toBe(`${base}/feeds/keyed.json?key=[redacted]&size=100`);
  const listed = (await gql(token, `{ importSources { id url } }`)).importSources;
  expect(JSON.stringify(listed)).not.toContain('SECRET-OA-123');
  // The stored address still has it: the run reads the feed with its key.
  expect(await runAndWait(token, created.id)).toMatchObject({ state: 'SUCCEEDED' });
  expect(hits.get('/feeds/keyed.json?key=SECRET-OA-123&size=100')).toBe(1);
});

test('listing sources never reads their files (they may be 25 MB each): the column is read by a run only', async () => {
  expect(env.db.dataSource.getMetadata(ImportSource).findColumnWithPropertyName('fileContent')!.isSelect).toBe(false);
  const { organisation, token } = await office('OT fichier lourd');
  const created = (await gql(token, SOURCE, { input: { name: 'Lourd', format: 'apidae', defaultCategory: 'show' } })).createImportSource;
  const [loaded] = await env.db.dataSource.getRepository(ImportSource).findBy({ organisationId: organisation.id });
  expect(loaded!.fileContent).toBeUndefined();
  expect(loaded!.fileLength).toBe(0);
  expect((await gql(token, `{ importSources { id hasFile } }`)).importSources).toEqual([{ id: created.id, hasFile: false }]);
});
