import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { startTestApi, type TestApi } from '../../test/api';
import { createOrganisation, createUser } from '../../test/factories';
import { minimalPdf, photoJpeg as cameraPhoto } from '../../test/fixtures';
import { startTestSmtp, type TestSmtp } from '../../test/smtp';
import { LocalStorage } from '../media/storage/local-storage';
import { signAccessToken } from '../auth/tokens';
import { applyRetention } from './retention';

/**
 * The signed release of the people recognisable in a photo: uploaded by the entrant through
 * the one intake (purpose PEOPLE_RELEASE), attached to the entry, read by the Pôle's
 * moderators only, replaced on a correction, and deleted with the entry. Real HTTP, a real
 * PostgreSQL and a real SMTP server; tests run in order and share state.
 */
const DAY = 24 * 3600 * 1000;
const BELFORT = '90010';
const photoJpeg = (seed: number) => cameraPhoto({ width: 1800, height: 1200, shapes: true, seed });

let db: TestDatabase;
let api: TestApi;
let smtp: TestSmtp;
let mediaDir: string;
let moderator: string;
let office: string;
let categoryId: string;
let camille: string;
let dominique: string;

const SUBMIT = `mutation($uploadId: ID!, $input: EntryInput!) { submitEntry(uploadId: $uploadId, input: $input) { id hasRelease } }`;
const RELEASE = `query($id: ID!) { contestEntryRelease(entryId: $id) { filename mimeType base64 } }`;

async function session(email: string): Promise<string> {
  const registered = await api.graphql(`mutation($input: RegisterEntrantInput!) { registerEntrant(contest: "release", input: $input) { sentTo } }`, {
    input: { email, fullName: 'Amélie Gérard', communeInsee: BELFORT, ageBand: 'ADULT', acceptedRulesVersion: 1, acceptLicence: true, creditLine: 'Amélie G.', language: 'fr' },
  });
  expect(registered.errors).toBeUndefined();
  const code = await smtp.code(email, /confirmation/i);
  const verified = await api.graphql(`mutation($email: String!, $code: String!) { verifyEntrant(contest: "release", email: $email, code: $code) { token } }`, { email, code });
  expect(verified.errors).toBeUndefined();
  return verified.data!.verifyEntrant.token;
}

async function upload(token: string | undefined, purpose: string, bytes: Buffer, name: string): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${api.url}/uploads?purpose=${purpose}`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {}, body: form });
  return { status: response.status, body: await response.json() };
}

const input = (overrides: Record<string, unknown> = {}) => ({ categoryId, title: 'Le marché de Belfort', altText: 'Des marchands derrière leurs étals, place de la Révolution', communeInsee: BELFORT, peoplePresent: true, peopleConsent: true, ...overrides });

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.dataSource.query(sql, params);
  return Number(Object.values(row)[0]);
}

function filesOnDisk(): number {
  return readdirSync(mediaDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
}

async function releaseOf(entryId: string): Promise<{ id: string; original_key: string } | undefined> {
  const [row] = await db.dataSource.query(`SELECT m.id, m.original_key FROM contest_entry e JOIN media_item m ON m.id = e.release_media_id WHERE e.id = $1`, [entryId]);
  return row;
}

beforeAll(async () => {
  smtp = await startTestSmtp();
  db = await createTestDatabase();
  mediaDir = mkdtempSync(join(tmpdir(), 'nfc-release-media-'));
  api = await startTestApi({ dataSource: db.dataSource, storage: new LocalStorage(mediaDir), config: { smtpUrl: smtp.url, rateLimit: { uploadsPerMinute: 1000, loginPerMinute: 1000 } } });
  const pole = await createOrganisation(db.dataSource, { kind: 'POLE', name: 'Pôle' });
  moderator = signAccessToken((await createUser(db.dataSource, { organisationId: pole.id, role: 'ADMIN' })).user.id, api.config.jwtSecret, 3600).token;
  const tourism = await createOrganisation(db.dataSource, { kind: 'TOURISM_OFFICE', name: 'Office' });
  office = signAccessToken((await createUser(db.dataSource, { organisationId: tourism.id, role: 'ADMIN' })).user.id, api.config.jwtSecret, 3600).token;
  const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();
  const created = await api.graphql(
    `mutation($input: CreateContestInput!) { createContest(input: $input) { id categories { id } } }`,
    {
      input: {
        slug: 'release', title: { fr: 'Concours des visages' }, summary: { fr: 'Résumé' }, rules: { fr: 'Règlement' }, maxEntriesTotal: 5, licenceUses: ['WEBSITE'], licenceYears: 3,
        submissionOpensAt: at(-1), submissionClosesAt: at(10), moderationClosesAt: at(12), juryOpensAt: at(10), juryClosesAt: at(20), voteOpensAt: at(11), voteClosesAt: at(18), resultsAt: at(21),
      },
    },
    { token: moderator },
  );
  expect(created.errors).toBeUndefined();
  categoryId = created.data!.createContest.categories[0].id;
  camille = await session('camille@example.org');
  dominique = await session('dominique@example.org');
}, 60_000);

afterAll(async () => {
  await api?.close();
  await db?.drop();
  await smtp?.close();
});

let entryId: string;
const pdf = minimalPdf();

test('an entrant attaches a signed release (PDF) to a photo with people: private, no variants, not in the gallery', async () => {
  const photo = await upload(camille, 'PHOTO', await photoJpeg(1), 'marche.jpg');
  const release = await upload(camille, 'PEOPLE_RELEASE', pdf, 'autorisation.pdf');
  expect([photo.status, release.status, release.body.mimeType, release.body.variants]).toEqual([201, 201, 'application/pdf', []]);
  const submitted = await api.graphql(SUBMIT, { uploadId: photo.body.id, input: input({ releaseUploadId: release.body.id }) }, { token: camille });
  expect(submitted.errors).toBeUndefined();
  expect(submitted.data!.submitEntry.hasRelease).toBe(true);
  entryId = submitted.data!.submitEntry.id;
  const [stored] = await db.dataSource.query(`SELECT purpose, visibility, entrant_id, attached_at FROM media_item WHERE id = $1`, [release.body.id]);
  expect(stored).toMatchObject({ purpose: 'PEOPLE_RELEASE', visibility: 'PRIVATE', entrant_id: expect.any(String), attached_at: expect.any(Date) });
  expect(await count(`SELECT count(*) FROM media_variant WHERE media_id = $1`, [release.body.id])).toBe(0);
  // Approved, the photo is public; its release never is.
  const approved = await api.graphql(`mutation($id: ID!) { moderateEntry(id: $id, decision: APPROVED) { state } }`, { id: entryId }, { token: moderator });
  expect(approved.errors).toBeUndefined();
  const gallery = JSON.stringify((await api.graphql(`query { contestGallery(contest: "release") { entries { id images { url } } } }`)).data);
  expect(gallery).toContain(entryId);
  expect(gallery).not.toContain(release.body.id);
  expect(await count(`SELECT count(*) FROM media_item WHERE id = $1 AND visibility = 'PUBLIC'`, [release.body.id])).toBe(0);
});

test('the moderator sees the declaration and reads the release, as uploaded', async () => {
  const queue = await api.graphql(`query($c: ID!) { moderationQueue(contestId: $c, states: [APPROVED]) { id peoplePresent peopleConsent hasRelease } }`, { c: (await db.dataSource.query(`SELECT id FROM contest WHERE slug = 'release'`))[0].id }, { token: moderator });
  expect(queue.data!.moderationQueue).toContainEqual({ id: entryId, peoplePresent: true, peopleConsent: true, hasRelease: true });
  const read = await api.graphql(RELEASE, { id: entryId }, { token: moderator });
  expect(read.errors).toBeUndefined();
  expect(read.data!.contestEntryRelease).toMatchObject({ filename: `autorisation-${entryId}.pdf`, mimeType: 'application/pdf' });
  expect(Buffer.from(read.data!.contestEntryRelease.base64, 'base64').equals(pdf)).toBe(true);
});

test.each([
  ['the public', () => undefined],
  ['another entrant', () => dominique],
  ['the entrant themself (a moderator’s evidence)', () => camille],
  ['an office outside the Pôle', () => office],
])('%s finds no release: NOT_FOUND, as for an unknown entry', async (_who, token) => {
  const answer = await api.graphql(RELEASE, { id: entryId }, token() ? { token: token() } : {});
  expect([answer.data?.contestEntryRelease, answer.errors?.[0]?.extensions?.code]).toEqual([undefined, 'NOT_FOUND']);
});

test('an entry without a release, and an unknown entry, are NOT_FOUND for the moderator too', async () => {
  const photo = await upload(dominique, 'PHOTO', await photoJpeg(2), 'sans.jpg');
  const plain = await api.graphql(SUBMIT, { uploadId: photo.body.id, input: input({ peoplePresent: false, peopleConsent: false }) }, { token: dominique });
  expect(plain.data!.submitEntry.hasRelease).toBe(false);
  for (const id of [plain.data!.submitEntry.id, '00000000-0000-4000-8000-000000000000']) {
    expect((await api.graphql(RELEASE, { id }, { token: moderator })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  }
});

describe('what is refused leaves nothing behind', () => {
  test.each([
    ['an HTML page', 'UNSUPPORTED_TYPE', Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>')],
    ['a ZIP archive', 'UNSUPPORTED_TYPE', Buffer.from([0x50, 0x4b, 0x03, 0x04, ...Buffer.alloc(40)])],
    ['an SVG drawing', 'UNSUPPORTED_TYPE', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')],
    ['a PDF cut short', 'CORRUPT_FILE', minimalPdf().subarray(0, 120)],
  ])('%s as a release: BAD_USER_INPUT (%s), nothing stored', async (_case, reason, bytes) => {
    const [rows, files] = [await count(`SELECT count(*) FROM media_item`), filesOnDisk()];
    const refused = await upload(camille, 'PEOPLE_RELEASE', bytes, 'autorisation.pdf');
    expect([refused.status, refused.body.errors?.[0]?.extensions?.code, refused.body.errors?.[0]?.extensions?.reason]).toEqual([400, 'BAD_USER_INPUT', reason]);
    expect([await count(`SELECT count(*) FROM media_item`), filesOnDisk()]).toEqual([rows, files]);
  });

  test('a release for a photo that declares no one is refused, and no entry is written', async () => {
    const photo = await upload(dominique, 'PHOTO', await photoJpeg(3), 'paysage.jpg');
    const release = await upload(dominique, 'PEOPLE_RELEASE', pdf, 'autorisation.pdf');
    const entries = await count(`SELECT count(*) FROM contest_entry`);
    const refused = await api.graphql(SUBMIT, { uploadId: photo.body.id, input: input({ peoplePresent: false, peopleConsent: false, releaseUploadId: release.body.id }) }, { token: dominique });
    expect([refused.errors?.[0]?.extensions?.code, refused.errors?.[0]?.extensions?.fields]).toEqual(['BAD_USER_INPUT', [expect.objectContaining({ field: 'releaseUploadId' })]]);
    expect(await count(`SELECT count(*) FROM contest_entry`)).toBe(entries);
    expect(await count(`SELECT count(*) FROM media_item WHERE id = $1 AND attached_at IS NOT NULL`, [release.body.id])).toBe(0);
  });

  test('a photo refused for itself (too small) takes the release sent with it: no orphan row or file', async () => {
    const photo = await upload(dominique, 'PHOTO', await cameraPhoto({ width: 600, height: 400, seed: 8 }), 'petite.jpg');
    const release = await upload(dominique, 'PEOPLE_RELEASE', pdf, 'autorisation.pdf');
    const [{ original_key: key }] = await db.dataSource.query(`SELECT original_key FROM media_item WHERE id = $1`, [release.body.id]);
    expect(existsSync(join(mediaDir, key))).toBe(true);
    const refused = await api.graphql(SUBMIT, { uploadId: photo.body.id, input: input({ releaseUploadId: release.body.id }) }, { token: dominique });
    expect(refused.errors?.[0]?.extensions?.reason).toBe('RESOLUTION_TOO_LOW');
    expect([await count(`SELECT count(*) FROM media_item WHERE id = ANY($1)`, [[photo.body.id, release.body.id]]), existsSync(join(mediaDir, key))]).toEqual([0, false]);
  });

  test('another entrant’s release cannot be attached: NOT_FOUND', async () => {
    const photo = await upload(dominique, 'PHOTO', await photoJpeg(4), 'foule.jpg');
    const theirs = await upload(camille, 'PEOPLE_RELEASE', pdf, 'autorisation.pdf');
    const refused = await api.graphql(SUBMIT, { uploadId: photo.body.id, input: input({ releaseUploadId: theirs.body.id }) }, { token: dominique });
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

test('a scanned release (JPEG) loses its GPS and camera metadata; a correction replaces it, and the old file goes', async () => {
  const photo = await upload(camille, 'PHOTO', await photoJpeg(5), 'fete.jpg');
  const scan = await upload(camille, 'PEOPLE_RELEASE', await cameraPhoto({ width: 600, height: 800, gps: true, seed: 6 }), 'scan.jpg');
  expect([scan.status, scan.body.mimeType, scan.body.variants]).toEqual([201, 'image/jpeg', []]);
  const submitted = await api.graphql(SUBMIT, { uploadId: photo.body.id, input: input({ title: 'La fête de la musique', releaseUploadId: scan.body.id }) }, { token: camille });
  const id = submitted.data!.submitEntry.id as string;
  const read = await api.graphql(RELEASE, { id }, { token: moderator });
  const bytes = Buffer.from(read.data!.contestEntryRelease.base64, 'base64');
  expect(read.data!.contestEntryRelease.mimeType).toBe('image/jpeg');
  expect((await sharp(bytes).metadata()).exif).toBeUndefined();

  const before = (await releaseOf(id))!;
  expect(existsSync(join(mediaDir, before.original_key))).toBe(true);
  await api.graphql(`mutation($id: ID!) { moderateEntry(id: $id, decision: CHANGES_REQUESTED, reason: "L’autorisation n’est pas signée.") { state } }`, { id }, { token: moderator });
  const signed = await upload(camille, 'PEOPLE_RELEASE', pdf, 'signee.pdf');
  const corrected = await api.graphql(`mutation($id: ID!, $input: EntryInput!) { updateEntry(id: $id, input: $input) { hasRelease } }`, { id, input: input({ title: 'La fête de la musique', releaseUploadId: signed.body.id }) }, { token: camille });
  expect(corrected.data!.updateEntry.hasRelease).toBe(true);
  expect((await releaseOf(id))!.id).toBe(signed.body.id);
  expect(existsSync(join(mediaDir, before.original_key))).toBe(false);
  expect(await count(`SELECT count(*) FROM media_item WHERE id = $1`, [before.id])).toBe(0);

  // Corrected again without people: the release goes too.
  await api.graphql(`mutation($id: ID!) { moderateEntry(id: $id, decision: CHANGES_REQUESTED, reason: "Personne n’est reconnaissable ?") { state } }`, { id }, { token: moderator });
  const kept = (await releaseOf(id))!;
  const without = await api.graphql(`mutation($id: ID!, $input: EntryInput!) { updateEntry(id: $id, input: $input) { hasRelease } }`, { id, input: input({ title: 'La fête de la musique', peoplePresent: false, peopleConsent: false }) }, { token: camille });
  expect(without.data!.updateEntry.hasRelease).toBe(false);
  expect([existsSync(join(mediaDir, kept.original_key)), await count(`SELECT count(*) FROM media_item WHERE id = $1`, [kept.id])]).toEqual([false, 0]);
});

test('two corrections sent at once: one lands, the other is refused, and no release is left held by nothing', async () => {
  const photo = await upload(camille, 'PHOTO', await photoJpeg(8), 'double.jpg');
  const first = await upload(camille, 'PEOPLE_RELEASE', pdf, 'premiere.pdf');
  const id = (await api.graphql(SUBMIT, { uploadId: photo.body.id, input: input({ title: 'Deux clics', releaseUploadId: first.body.id }) }, { token: camille })).data!.submitEntry.id as string;
  await api.graphql(`mutation($id: ID!) { moderateEntry(id: $id, decision: CHANGES_REQUESTED, reason: "Autorisation illisible.") { state } }`, { id }, { token: moderator });
  const [a, b] = [await upload(camille, 'PEOPLE_RELEASE', pdf, 'a.pdf'), await upload(camille, 'PEOPLE_RELEASE', pdf, 'b.pdf')];
  const UPDATE = `mutation($id: ID!, $input: EntryInput!) { updateEntry(id: $id, input: $input) { hasRelease } }`;
  const answers = await Promise.all([a, b].map((release) => api.graphql(UPDATE, { id, input: input({ title: 'Deux clics', releaseUploadId: release.body.id }) }, { token: camille })));
  expect(answers.map((answer) => answer.errors?.[0]?.extensions?.code ?? 'OK').sort()).toEqual(['FORBIDDEN', 'OK']);
  // Every release still marked attached is the one the entry holds; the first one went with its file.
  const orphans = await count(
    `SELECT count(*) FROM media_item m WHERE m.purpose = 'PEOPLE_RELEASE' AND m.attached_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contest_entry e WHERE e.release_media_id = m.id)`,
    [],
  );
  expect(orphans).toBe(0);
  expect(await count(`SELECT count(*) FROM media_item WHERE id = $1`, [first.body.id])).toBe(0);
});

test('an entry erased by retention (rejected) takes its release with it', async () => {
  const photo = await upload(dominique, 'PHOTO', await photoJpeg(7), 'rejetee.jpg');
  const release = await upload(dominique, 'PEOPLE_RELEASE', pdf, 'autorisation.pdf');
  const id = (await api.graphql(SUBMIT, { uploadId: photo.body.id, input: input({ title: 'Photo refusée', releaseUploadId: release.body.id }) }, { token: dominique })).data!.submitEntry.id as string;
  const file = (await releaseOf(id))!;
  expect(existsSync(join(mediaDir, file.original_key))).toBe(true);
  await api.graphql(`mutation($id: ID!) { moderateEntry(id: $id, decision: REJECTED, reason: "Hors sujet.") { state } }`, { id }, { token: moderator });
  await applyRetention(api.contest, { unverifiedDays: 7, rejectedDays: 0, voterDays: 30 });
  expect(await count(`SELECT count(*) FROM contest_entry WHERE id = $1 AND state = 'ERASED' AND release_media_id IS NULL`, [id])).toBe(1);
  expect([existsSync(join(mediaDir, file.original_key)), await count(`SELECT count(*) FROM media_item WHERE id = $1`, [file.id])]).toEqual([false, 0]);
});

test('an entrant who erases their data takes every release with it: no orphan row or file', async () => {
  const file = (await releaseOf(entryId))!;
  expect(existsSync(join(mediaDir, file.original_key))).toBe(true);
  expect((await api.graphql(`mutation { eraseMyContestData }`, {}, { token: camille })).errors).toBeUndefined();
  expect(existsSync(join(mediaDir, file.original_key))).toBe(false);
  expect(await count(`SELECT count(*) FROM media_item WHERE purpose = 'PEOPLE_RELEASE' AND entrant_id IS NULL`)).toBe(0);
  expect(await count(`SELECT count(*) FROM media_item WHERE id = $1`, [file.id])).toBe(0);
  // Whatever releases remain have a row and a file each.
  const keys: Array<{ original_key: string }> = await db.dataSource.query(`SELECT original_key FROM media_item WHERE purpose = 'PEOPLE_RELEASE'`);
  for (const { original_key: key } of keys) expect(existsSync(join(mediaDir, key))).toBe(true);
});
