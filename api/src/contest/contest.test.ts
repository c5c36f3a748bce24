import { readdir } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { startTestApi, type TestApi } from '../../test/api';
import { createOrganisation, createUser } from '../../test/factories';
import { photoJpeg as cameraPhoto } from '../../test/fixtures';
import { startTestSmtp, type TestSmtp } from '../../test/smtp';
import { LocalStorage } from '../media/storage/local-storage';
import { signAccessToken } from '../auth/tokens';
import { applyRetention } from './retention';

/**
 * A whole contest over real HTTP, a real PostgreSQL and a real SMTP server: registration,
 * codes read from the received mail, uploads, every refusal of the issue, moderation, the
 * jury, the public vote, results, erasure and retention. Tests run in order and share state.
 */
const DAY = 24 * 3600 * 1000;

/** 2.2 MP scenes: over the contest's floor, and quick to process. */
const photoJpeg = (options: Parameters<typeof cameraPhoto>[0] = {}) => cameraPhoto({ width: 1800, height: 1200, shapes: true, ...options });
const BELFORT = '90010';
const MONTBELIARD = '25388';
const PARIS = { lat: 48.8566, lon: 2.3522 };

let db: TestDatabase;
let api: TestApi;
let smtp: TestSmtp;
let mediaDir: string;
let adminToken: string;
let contestId: string;
let categories: Array<{ id: string; slug: string }>;

const CONTEST = `query($slug: String!) { contest(slug: $slug) { id phase rules { version } categories { id slug label } } }`;
const REGISTER = `mutation($input: RegisterEntrantInput!) { registerEntrant(contest: "test", input: $input) { sentTo expiresAt } }`;
const VERIFY = `mutation($email: String!, $code: String!) { verifyEntrant(contest: "test", email: $email, code: $code) { token } }`;
const SUBMIT = `mutation($uploadId: ID!, $input: EntryInput!) { submitEntry(uploadId: $uploadId, input: $input) { id state } }`;
const GALLERY = `query { contestGallery(contest: "test") { entries { id title creditLine licence votes commune { name } images { url format width } } } }`;
const QUEUE = `query($id: ID!) { moderationQueue(contestId: $id, states: [PENDING_MODERATION, SUBMITTED]) { id state flags gpsCommune { inseeCode } nearDuplicateOf { id } history { toState actor } creditLine } }`;
const MODERATE = `mutation($id: ID!, $decision: ModerationDecision!, $reason: String) { moderateEntry(id: $id, decision: $decision, reason: $reason) { id state history { fromState toState actor reason } } }`;

function windows(phase: 'SUBMISSION' | 'JUDGING' | 'VOTE' | 'CLOSED') {
  const now = Date.now();
  const at = (days: number) => new Date(now + days * DAY).toISOString();
  if (phase === 'SUBMISSION') return { submissionOpensAt: at(-1), submissionClosesAt: at(10), moderationClosesAt: at(12), juryOpensAt: at(10), juryClosesAt: at(20), voteOpensAt: at(11), voteClosesAt: at(18), resultsAt: at(21) };
  if (phase === 'JUDGING') return { submissionOpensAt: at(-10), submissionClosesAt: at(-1), moderationClosesAt: at(1), juryOpensAt: at(-1), juryClosesAt: at(5), voteOpensAt: at(1), voteClosesAt: at(3), resultsAt: at(6) };
  if (phase === 'VOTE') return { submissionOpensAt: at(-10), submissionClosesAt: at(-2), moderationClosesAt: at(-1), juryOpensAt: at(-2), juryClosesAt: at(5), voteOpensAt: at(-1), voteClosesAt: at(3), resultsAt: at(6) };
  return { submissionOpensAt: at(-20), submissionClosesAt: at(-12), moderationClosesAt: at(-11), juryOpensAt: at(-12), juryClosesAt: at(-2), voteOpensAt: at(-11), voteClosesAt: at(-3), resultsAt: at(-1) };
}

async function setPhase(phase: 'SUBMISSION' | 'JUDGING' | 'VOTE' | 'CLOSED') {
  const result = await api.graphql(`mutation($id: ID!, $w: ContestWindowsInput!) { updateContestWindows(id: $id, windows: $w) { phase } }`, { id: contestId, w: windows(phase) }, { token: adminToken });
  expect(result.errors).toBeUndefined();
}

function entrantInput(email: string, overrides: Record<string, unknown> = {}) {
  return { email, fullName: 'Camille Martin', communeInsee: BELFORT, ageBand: 'ADULT', acceptedRulesVersion: 1, acceptLicence: true, creditLine: 'Camille M.', language: 'fr', ...overrides };
}

/** Registers, reads the code from the mailbox, verifies: an entrant session. */
async function entrantSession(email: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const registered = await api.graphql(REGISTER, { input: entrantInput(email, overrides) });
  expect(registered.errors).toBeUndefined();
  const code = await smtp.code(email, /confirmation/i);
  const verified = await api.graphql(VERIFY, { email, code });
  expect(verified.errors).toBeUndefined();
  return verified.data!.verifyEntrant.token;
}

async function upload(token: string, bytes: Buffer): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'IMG_0001.jpg');
  const response = await fetch(`${api.url}/uploads?purpose=PHOTO`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: response.status, body: await response.json() };
}

function entryInput(overrides: Record<string, unknown> = {}) {
  return { categoryId: categories[0]!.id, title: 'La tour de la Miotte', altText: 'Une tour de pierre sur une colline boisée', communeInsee: BELFORT, peoplePresent: false, ...overrides };
}

async function submitPhoto(token: string, bytes: Buffer, overrides: Record<string, unknown> = {}) {
  const uploaded = await upload(token, bytes);
  expect(uploaded.status).toBe(201);
  return { uploadId: uploaded.body.id as string, result: await api.graphql(SUBMIT, { uploadId: uploaded.body.id, input: entryInput(overrides) }, { token }) };
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.dataSource.query(sql, params);
  return Number(Object.values(row)[0]);
}

async function filesOnDisk(): Promise<number> {
  const walk = async (dir: string): Promise<number> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    let n = 0;
    for (const entry of entries) n += entry.isDirectory() ? await walk(join(dir, entry.name)) : 1;
    return n;
  };
  return walk(mediaDir);
}

beforeAll(async () => {
  smtp = await startTestSmtp();
  db = await createTestDatabase();
  mediaDir = mkdtempSync(join(tmpdir(), 'nfc-contest-media-'));
  api = await startTestApi({ dataSource: db.dataSource, storage: new LocalStorage(mediaDir), config: { smtpUrl: smtp.url, rateLimit: { votesPerMinute: 8, uploadsPerMinute: 1000, loginPerMinute: 1000 } } });
  const pole = await createOrganisation(db.dataSource, { kind: 'POLE', name: 'Pôle' });
  const { user } = await createUser(db.dataSource, { organisationId: pole.id, role: 'ADMIN' });
  adminToken = signAccessToken(user.id, api.config.jwtSecret, 3600).token;
  const created = await api.graphql(
    `mutation($input: CreateContestInput!) { createContest(input: $input) { id } }`,
    {
      input: {
        slug: 'test',
        title: { fr: 'Concours test', en: 'Test contest', de: 'Testwettbewerb' },
        summary: { fr: 'Résumé' },
        rules: { fr: 'Règlement v1' },
        maxEntriesTotal: 3,
        licenceUses: ['WEBSITE', 'PRINT'],
        licenceYears: 5,
        ...windows('SUBMISSION'),
      },
    },
    { token: adminToken },
  );
  expect(created.errors).toBeUndefined();
  contestId = created.data!.createContest.id;
  const contest = await api.graphql(CONTEST, { slug: 'test' });
  categories = contest.data!.contest.categories;
}, 60_000);

afterAll(async () => {
  await api?.close();
  await db?.drop();
  await smtp?.close();
});

describe('registration', () => {
  test('the contest lists its six marker categories and its current rules', async () => {
    const contest = await api.graphql(CONTEST, { slug: 'test' });
    expect(contest.data!.contest).toMatchObject({ phase: 'SUBMISSION', rules: { version: 1 } });
    expect(categories.map((c) => c.slug)).toEqual(['patrimoine-industriel', 'nature', 'eau', 'patrimoine-bati', 'mobilites', 'equipements-partages']);
  });

  test.each([
    ['a non-resident commune', { communeInsee: '75056' }, 'NOT_A_RESIDENT', 'BAD_USER_INPUT'],
    ['a minor without a guardian', { ageBand: 'UNDER_15' }, 'GUARDIAN_REQUIRED', 'BAD_USER_INPUT'],
    ['an outdated rules version', { acceptedRulesVersion: 0 }, 'CONSENT_REQUIRED', 'BAD_USER_INPUT'],
    ['no licence', { acceptLicence: false }, 'CONSENT_REQUIRED', 'BAD_USER_INPUT'],
  ])('refuses %s, and writes nothing', async (_label, overrides, reason, code) => {
    const before = await count(`SELECT count(*) FROM contest_entrant`);
    const result = await api.graphql(REGISTER, { input: entrantInput('refused@example.org', overrides) });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code, reason });
    expect(await count(`SELECT count(*) FROM contest_entrant`)).toBe(before);
  });

  test('an unverified address gets no session: a wrong code is refused, and nothing can be submitted', async () => {
    await api.graphql(REGISTER, { input: entrantInput('unverified@example.org') });
    const code = await smtp.code('unverified@example.org');
    const wrong = await api.graphql(VERIFY, { email: 'unverified@example.org', code: code === '000000' ? '111111' : '000000' });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CODE' });
    const submit = await api.graphql(SUBMIT, { uploadId: '00000000-0000-4000-8000-000000000000', input: entryInput() });
    expect(submit.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const anonymousUpload = await fetch(`${api.url}/uploads?purpose=PHOTO`, { method: 'POST' });
    expect(anonymousUpload.status).toBe(401);
  });

  test('the code is single use', async () => {
    await api.graphql(REGISTER, { input: entrantInput('once@example.org') });
    const code = await smtp.code('once@example.org');
    expect((await api.graphql(VERIFY, { email: 'once@example.org', code })).errors).toBeUndefined();
    expect((await api.graphql(VERIFY, { email: 'once@example.org', code })).errors?.[0]?.extensions?.reason).toBe('INVALID_CODE');
  });

  test('emails come in the entrant’s language, as text and HTML', async () => {
    await api.graphql(REGISTER, { input: entrantInput('deutsch@example.org', { language: 'de' }) });
    const mail = await smtp.next('deutsch@example.org');
    expect(mail.subject).toMatch(/Bestätigungscode/);
    expect(mail.html).toContain('lang="de"');
    expect(mail.text).toMatch(/\d{6}/);
  });
});

describe('submission', () => {
  let token: string;
  let firstEntryId: string;
  let firstPhoto: Buffer;

  beforeAll(async () => {
    token = await entrantSession('camille@example.org');
  });

  test('a resident enters a photo: EXIF GPS places it in the declared commune, and it waits for moderation', async () => {
    firstPhoto = await photoJpeg({ seed: 42 }); // a fixed scene: its re-encoding below stays a near-duplicate
    const { result } = await submitPhoto(token, firstPhoto);
    expect(result.errors).toBeUndefined();
    expect(result.data!.submitEntry.state).toBe('PENDING_MODERATION');
    firstEntryId = result.data!.submitEntry.id;
    const [entry] = await db.dataSource.query(`SELECT gps_commune_insee, flags FROM contest_entry WHERE id = $1`, [firstEntryId]);
    expect(entry).toEqual({ gps_commune_insee: BELFORT, flags: [] });
    const history = await db.dataSource.query(`SELECT from_state, to_state, actor FROM contest_entry_transition WHERE entry_id = $1 ORDER BY id`, [firstEntryId]);
    expect(history).toEqual([
      { from_state: null, to_state: 'SUBMITTED', actor: 'ENTRANT' },
      { from_state: 'SUBMITTED', to_state: 'PENDING_MODERATION', actor: 'SYSTEM' },
    ]);
  });

  test('nothing that is not approved can be read publicly: gallery, entry, map, or the variant files', async () => {
    const gallery = await api.graphql(GALLERY);
    expect(gallery.data!.contestGallery.entries).toEqual([]);
    const entry = await api.graphql(`query($id: ID!) { contestEntry(id: $id) { id } }`, { id: firstEntryId });
    expect(entry.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const map = await api.graphql(`query { contestMap(contest: "test") { inseeCode entries } }`);
    expect(map.data!.contestMap.find((c: { inseeCode: string }) => c.inseeCode === BELFORT).entries).toBe(0);
    const [variant] = await db.dataSource.query(`SELECT v.sha256 FROM media_variant v JOIN contest_entry e ON e.media_id = v.media_id WHERE e.id = $1 AND v.format = 'jpeg' LIMIT 1`, [firstEntryId]);
    expect((await fetch(`${api.url}/media/${variant.sha256}.jpg`)).status).toBe(404);
  });

  test.each([
    ['the same photo twice', async () => firstPhoto, {}, 'DUPLICATE_PHOTO', 'CONFLICT'],
    ['a photo under 2 MP', () => photoJpeg({ width: 1200, height: 1000 }), {}, 'RESOLUTION_TOO_LOW', 'BAD_USER_INPUT'],
    ['a photo taken outside the territory', () => photoJpeg({ gpsAt: PARIS }), {}, 'OUTSIDE_TERRITORY', 'BAD_USER_INPUT'],
  ])('refuses %s and deletes the upload with its files', async (_label, makePhoto, overrides, reason, code) => {
    const [rowsBefore, filesBefore] = [await count(`SELECT count(*) FROM media_item`), await filesOnDisk()];
    const { result } = await submitPhoto(token, await makePhoto(), overrides);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code, reason });
    expect(await count(`SELECT count(*) FROM media_item`)).toBe(rowsBefore);
    expect(await filesOnDisk()).toBe(filesBefore);
  });

  test('a hostile file is refused at upload', async () => {
    const polyglot = Buffer.concat([Buffer.from('<?php echo 1; ?>'), Buffer.alloc(64)]);
    const uploaded = await upload(token, polyglot);
    expect(uploaded.status).toBe(400);
    expect(uploaded.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNSUPPORTED_TYPE' });
  });

  test('people who can be recognised need the entrant’s confirmation of consent', async () => {
    const { result } = await submitPhoto(token, await photoJpeg(), { peoplePresent: true, peopleConsent: false });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CONSENT_REQUIRED' });
  });

  test('a GPS position in another commune than the one declared is flagged for moderation', async () => {
    const { result } = await submitPhoto(token, await photoJpeg(), { communeInsee: MONTBELIARD, categoryId: categories[1]!.id, title: 'Le Doubs' });
    expect(result.errors).toBeUndefined();
    const queue = await api.graphql(QUEUE, { id: contestId }, { token: adminToken });
    const flagged = queue.data!.moderationQueue.find((e: { id: string }) => e.id === result.data!.submitEntry.id);
    expect(flagged).toMatchObject({ flags: ['GPS_COMMUNE_MISMATCH'], gpsCommune: { inseeCode: BELFORT }, creditLine: 'Camille M.' });
  });

  test('a near-duplicate (the same picture re-encoded) is flagged with the other entry shown', async () => {
    const reencoded = await sharp(firstPhoto).jpeg({ quality: 60 }).withMetadata().toBuffer();
    const { result } = await submitPhoto(token, reencoded, { title: 'La Miotte encore' });
    expect(result.errors).toBeUndefined();
    const queue = await api.graphql(QUEUE, { id: contestId }, { token: adminToken });
    const flagged = queue.data!.moderationQueue.find((e: { id: string }) => e.id === result.data!.submitEntry.id);
    expect(flagged.flags).toContain('NEAR_DUPLICATE');
    expect(flagged.nearDuplicateOf).toEqual({ id: firstEntryId });
  });

  test('an upload already in an entry is refused when submitted again, even twice at once, and is never deleted', async () => {
    const other = await entrantSession('dominique@example.org');
    const uploaded = await upload(other, await photoJpeg());
    expect(uploaded.status).toBe(201);
    const uploadId = uploaded.body.id as string;
    const attempts = await Promise.all([0, 1].map(() => api.graphql(SUBMIT, { uploadId, input: entryInput() }, { token: other })));
    expect(attempts.filter((attempt) => !attempt.errors).length).toBe(1);
    const filesAfterFirst = await filesOnDisk();
    const again = await api.graphql(SUBMIT, { uploadId, input: entryInput({ title: 'Encore' }) }, { token: other });
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const attempt of [...attempts.filter((a) => a.errors), again]) expect(attempt.errors![0]!.extensions!.code).not.toBe('INTERNAL');
    // The entry that holds the upload still has it, rows and files.
    expect(await count(`SELECT count(*) FROM contest_entry e JOIN media_item m ON m.id = e.media_id WHERE m.id = $1 AND m.attached_at IS NOT NULL`, [uploadId])).toBe(1);
    expect(await count(`SELECT count(*) FROM media_variant WHERE media_id = $1`, [uploadId])).toBeGreaterThan(0);
    expect(await filesOnDisk()).toBe(filesAfterFirst);
  });

  test('a resident cannot enter another resident’s upload, and the upload stays theirs', async () => {
    const owner = await entrantSession('eloise@example.org');
    const thief = await entrantSession('fabien@example.org');
    const uploaded = await upload(owner, await photoJpeg());
    const stolen = await api.graphql(SUBMIT, { uploadId: uploaded.body.id, input: entryInput() }, { token: thief });
    expect(stolen.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await count(`SELECT count(*) FROM media_item WHERE id = $1 AND attached_at IS NULL`, [uploaded.body.id])).toBe(1);
    const own = await api.graphql(SUBMIT, { uploadId: uploaded.body.id, input: entryInput() }, { token: owner });
    expect(own.errors).toBeUndefined();
  });

  test('over the entry limit (3 in all), a fourth photo is refused and leaves nothing', async () => {
    const [rowsBefore, filesBefore] = [await count(`SELECT count(*) FROM media_item`), await filesOnDisk()];
    const { result } = await submitPhoto(token, await photoJpeg());
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ENTRY_LIMIT_REACHED' });
    expect(await count(`SELECT count(*) FROM media_item`)).toBe(rowsBefore);
    expect(await filesOnDisk()).toBe(filesBefore);
  });

});

describe('a guardian who can always consent, and sees what they allow', () => {
  const OPEN = `mutation($p: ID!, $code: String!, $language: Language) { openGuardianConsent(participant: $p, code: $code, language: $language) { entrantName guardianName creditLine licence licenceYears rulesVersion rules consentedAt photos { id title state images { url } } } }`;
  const DECIDE = `mutation($p: ID!, $code: String!, $decision: GuardianDecision!, $ids: [ID!]) { decideGuardianConsent(participant: $p, code: $code, decision: $decision, entryIds: $ids) }`;
  const MINE = `query { myContestEntries { guardianConsentPending guardianEmailMasked entries { id state } } }`;
  const mailsTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address)).length;
  const stateOf = async (id: string) => (await db.dataSource.query(`SELECT state FROM contest_entry WHERE id = $1`, [id]))[0].state;
  let minor: string;
  let participant: string;
  let photos: string[];

  beforeAll(async () => {
    minor = await entrantSession('lea@example.org', { ageBand: 'UNDER_15', guardianName: 'Paul Durand', guardianEmail: 'paul@example.org', creditLine: 'Léa D.' });
  });

  test('no guardian mail before there is a photo; the first photo asks once for the photos that follow it', async () => {
    expect(mailsTo('paul@example.org')).toBe(0);
    const first = await submitPhoto(minor, await photoJpeg(), { categoryId: categories[2]!.id, title: 'Le lac du Malsaucy' });
    expect(first.result.data!.submitEntry.state).toBe('SUBMITTED');
    const mail = await smtp.next('paul@example.org', /parentale/);
    expect(mail.text).toMatch(/Une photo attend votre décision/);
    participant = /participant=([0-9a-f-]{36})/.exec(mail.text)![1]!;
    const second = await submitPhoto(minor, await photoJpeg({ seed: 7 }), { categoryId: categories[1]!.id, title: 'La Savoureuse' });
    expect(second.result.data!.submitEntry.state).toBe('SUBMITTED');
    photos = [first.result.data!.submitEntry.id, second.result.data!.submitEntry.id];
    expect(mailsTo('paul@example.org')).toBe(1);
    const mine = await api.graphql(MINE, {}, { token: minor });
    expect(mine.data!.myContestEntries).toMatchObject({ guardianConsentPending: true, guardianEmailMasked: 'p***@example.org' });
  });

  test('a forwarded link without the code shows nothing', async () => {
    for (const code of ['000000', 'abcdef', '']) {
      const opened = await api.graphql(OPEN, { p: participant, code });
      expect(opened.data?.openGuardianConsent).toBeUndefined();
      expect(opened.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CODE' });
    }
  });

  test('after the code expired, the guardian asks for a new one and sees the photos, the credit, the licence and the rules', async () => {
    await db.dataSource.query(`UPDATE contest_code SET expires_at = now() - interval '1 minute' WHERE subject_id = $1`, [participant]);
    const stale = /\b(\d{6})\b/.exec(smtp.messages.find((m) => m.to.includes('paul@example.org'))!.text)![1]!;
    expect((await api.graphql(OPEN, { p: participant, code: stale })).errors?.[0]?.extensions?.reason).toBe('INVALID_CODE');
    const renewed = await api.graphql(`mutation($p: ID!) { requestGuardianCode(participant: $p) }`, { p: participant });
    expect(renewed.data!.requestGuardianCode).toBe(true);
    const code = await smtp.code('paul@example.org', /parentale/);
    const review = (await api.graphql(OPEN, { p: participant, code, language: 'en' })).data!.openGuardianConsent;
    expect(review).toMatchObject({ entrantName: 'Camille Martin', guardianName: 'Paul Durand', creditLine: 'Léa D.', licenceYears: 5, rulesVersion: 1, consentedAt: null });
    expect(review.licence).toMatch(/website.*5 years/i);
    expect(review.rules).toBe('Règlement v1');
    expect(review.photos.map((p: { id: string }) => p.id)).toEqual(photos);
    // The photos are shown through signed private links, which work.
    const signed = new URL(review.photos[0].images[0].url);
    const image = await fetch(`${api.url}${signed.pathname}${signed.search}`);
    expect(image.status).toBe(200);
    expect((await sharp(Buffer.from(await image.arrayBuffer())).metadata()).width).toBeGreaterThan(0);
    // Looking does not spend the code: the guardian consents to the first photo only.
    expect((await api.graphql(DECIDE, { p: participant, code, decision: 'CONSENT', ids: [photos[0]] })).data!.decideGuardianConsent).toBe(1);
    expect([await stateOf(photos[0]!), await stateOf(photos[1]!)]).toEqual(['PENDING_MODERATION', 'SUBMITTED']);
    // Spent: the same code decides nothing more.
    expect((await api.graphql(DECIDE, { p: participant, code, decision: 'CONSENT' })).errors?.[0]?.extensions?.reason).toBe('INVALID_CODE');
  });

  test('the entrant asks for their guardian again; the guardian refuses the remaining photo, which is withdrawn', async () => {
    const reminded = await api.graphql(`mutation { remindMyGuardian { sentTo } }`, {}, { token: minor });
    expect(reminded.data!.remindMyGuardian.sentTo).toBe('p***@example.org');
    const code = await smtp.code('paul@example.org', /parentale/);
    const review = (await api.graphql(OPEN, { p: participant, code })).data!.openGuardianConsent;
    expect(review.photos.map((p: { id: string }) => p.id)).toEqual([photos[1]]);
    expect(review.consentedAt).not.toBeNull();
    expect((await api.graphql(DECIDE, { p: participant, code, decision: 'REFUSE', ids: [photos[1]] })).data!.decideGuardianConsent).toBe(1);
    expect(await stateOf(photos[1]!)).toBe('WITHDRAWN');
    const [transition] = await db.dataSource.query(`SELECT actor, reason FROM contest_entry_transition WHERE entry_id = $1 AND to_state = 'WITHDRAWN'`, [photos[1]]);
    expect(transition).toEqual({ actor: 'GUARDIAN', reason: 'The guardian refused consent.' });
    expect((await api.graphql(MINE, {}, { token: minor })).data!.myContestEntries.guardianConsentPending).toBe(false);
  });

  test('an adult has no guardian to remind, and an unknown participant gets the same answer as a known one', async () => {
    const adult = await entrantSession('noah@example.org');
    expect((await api.graphql(`mutation { remindMyGuardian { sentTo } }`, {}, { token: adult })).errors?.[0]?.extensions?.reason).toBe('GUARDIAN_REQUIRED');
    const before = smtp.messages.length;
    const unknown = await api.graphql(`mutation($p: ID!) { requestGuardianCode(participant: $p) }`, { p: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.data!.requestGuardianCode).toBe(true);
    expect((await api.graphql(`mutation($p: ID!) { requestGuardianCode(participant: $p) }`, { p: 'not-an-id' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(smtp.messages.length).toBe(before);
  });
});

describe('moderation, jury, vote, results and erasure', () => {
  let pending: Array<{ id: string; flags: string[] }>;
  let camille: string;
  let approvedIds: string[];

  beforeAll(async () => {
    // A returning entrant signs in again with a fresh code.
    await api.graphql(`mutation { requestEntrantCode(contest: "test", email: "camille@example.org") { sentTo } }`);
    const code = await smtp.code('camille@example.org');
    camille = (await api.graphql(VERIFY, { email: 'camille@example.org', code })).data!.verifyEntrant.token;
    pending = (await api.graphql(QUEUE, { id: contestId }, { token: adminToken })).data!.moderationQueue;
  });

  test('moderation needs the Pôle’s moderation scope', async () => {
    const office = await createOrganisation(db.dataSource);
    const { user } = await createUser(db.dataSource, { organisationId: office.id, role: 'ADMIN' });
    const token = signAccessToken(user.id, api.config.jwtSecret, 3600).token;
    const result = await api.graphql(MODERATE, { id: pending[0]!.id, decision: 'APPROVED' }, { token });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('changes requested: only the entrant corrects the entry, once, and it returns to moderation', async () => {
    const UPDATE = `mutation($id: ID!, $input: EntryInput!) { updateEntry(id: $id, input: $input) { state title peopleConsent } }`;
    const [{ id: firstEntryId }] = await db.dataSource.query(
      `SELECT e.id FROM contest_entry e JOIN contest_entrant n ON n.id = e.entrant_id WHERE n.email = 'camille@example.org' AND e.state = 'PENDING_MODERATION' AND e.flags = '{}' ORDER BY e.submitted_at LIMIT 1`,
    );
    const asked = await api.graphql(MODERATE, { id: firstEntryId, decision: 'CHANGES_REQUESTED', reason: 'Un titre plus précis, s’il vous plaît.' }, { token: adminToken });
    expect(asked.data!.moderateEntry.state).toBe('CHANGES_REQUESTED');
    expect((await smtp.next('camille@example.org', /La tour de la Miotte/)).text).toContain('Un titre plus précis');
    const stranger = await entrantSession('dominique@example.org', { creditLine: 'Dominique R.' });
    const byAnother = await api.graphql(UPDATE, { id: firstEntryId, input: entryInput({ title: 'Pas la mienne' }) }, { token: stranger });
    expect(byAnother.errors?.[0]?.extensions?.code).toMatch(/NOT_FOUND|FORBIDDEN/);
    const corrected = await api.graphql(UPDATE, { id: firstEntryId, input: entryInput({ title: 'La tour de la Miotte au lever du jour' }) }, { token: camille });
    expect(corrected.data!.updateEntry).toEqual({ state: 'PENDING_MODERATION', title: 'La tour de la Miotte au lever du jour', peopleConsent: false });
    const again = await api.graphql(UPDATE, { id: firstEntryId, input: entryInput() }, { token: camille });
    expect(again.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const history = await db.dataSource.query(`SELECT to_state, actor FROM contest_entry_transition WHERE entry_id = $1 ORDER BY id`, [firstEntryId]);
    expect(history.slice(-2)).toEqual([{ to_state: 'CHANGES_REQUESTED', actor: 'MODERATOR' }, { to_state: 'PENDING_MODERATION', actor: 'ENTRANT' }]);
  });

  test('a refusal needs a reason; decisions are logged with who and why, and the entrant is told', async () => {
    const nearDuplicate = pending.find((e) => e.flags.includes('NEAR_DUPLICATE'))!;
    const noReason = await api.graphql(MODERATE, { id: nearDuplicate.id, decision: 'REJECTED' }, { token: adminToken });
    expect(noReason.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const rejected = await api.graphql(MODERATE, { id: nearDuplicate.id, decision: 'REJECTED', reason: 'Même photo que votre première.' }, { token: adminToken });
    expect(rejected.data!.moderateEntry.history.at(-1)).toEqual({ fromState: 'PENDING_MODERATION', toState: 'REJECTED', actor: 'MODERATOR', reason: 'Même photo que votre première.' });
    const mail = await smtp.next('camille@example.org', /La Miotte encore/);
    expect(mail.text).toContain('Même photo que votre première.');
    approvedIds = [];
    for (const entry of pending.filter((e) => e.id !== nearDuplicate.id)) {
      const approved = await api.graphql(MODERATE, { id: entry.id, decision: 'APPROVED' }, { token: adminToken });
      expect(approved.data!.moderateEntry.state).toBe('APPROVED');
      approvedIds.push(entry.id);
    }
  });

  test('approved photos are in the gallery with their licence, no credit while the jury judges blind, and no served variant carries EXIF or GPS', async () => {
    const gallery = (await api.graphql(GALLERY)).data!.contestGallery.entries;
    expect(gallery.map((e: { id: string }) => e.id).sort()).toEqual([...approvedIds].sort());
    // A juror looking up a photo they judge (by its title, its picture or its id) finds no name.
    for (const entry of gallery) expect(entry).toMatchObject({ creditLine: null, licence: expect.stringContaining('non exclusive'), votes: null });
    expect((await api.graphql(`query($id: ID!) { contestEntry(id: $id) { creditLine } }`, { id: approvedIds[0] })).data!.contestEntry.creditLine).toBeNull();
    const exifr = (await import('exifr')).default;
    const urls: string[] = gallery.flatMap((e: { images: Array<{ url: string }> }) => e.images.map((i) => i.url));
    expect(urls.length).toBeGreaterThanOrEqual(9);
    for (const url of urls) {
      expect(url).toMatch(/\/media\/[0-9a-f]{64}\.(avif|webp|jpg)$/);
      const response = await fetch(url.replace(api.config.publicApiUrl, api.url));
      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(await exifr.parse(bytes, { gps: true, tiff: true, exif: true }).catch(() => undefined)).toBeUndefined();
    }
    const map = (await api.graphql(`query { contestMap(contest: "test") { inseeCode entries } }`)).data!.contestMap;
    expect(map).toHaveLength(197);
    expect(map.find((c: { inseeCode: string }) => c.inseeCode === BELFORT).entries).toBeGreaterThan(0);
    expect(map.filter((c: { entries: number }) => c.entries === 0).length).toBeGreaterThan(190);
  });

  test('the jury judges blind, evenly, with a quorum; a declared conflict is never assigned and cannot score', async () => {
    const emails = ['j1@example.org', 'j2@example.org', 'j3@example.org'];
    for (const email of emails) {
      const invited = await api.graphql(`mutation($c: ID!, $e: String!) { inviteJuror(contestId: $c, email: $e, fullName: "Juré") { id } }`, { c: contestId, e: email }, { token: adminToken });
      expect(invited.errors).toBeUndefined();
      expect((await smtp.next(email, /jury/i)).text).toContain('/concours/test/jury');
    }
    const sessions: string[] = [];
    for (const email of emails) {
      await api.graphql(`mutation($e: String!) { requestJurorCode(contest: "test", email: $e) { sentTo } }`, { e: email });
      const code = await smtp.code(email, /connexion/);
      sessions.push((await api.graphql(`mutation($e: String!, $c: String!) { verifyJuror(contest: "test", email: $e, code: $c) { token } }`, { e: email, c: code })).data!.verifyJuror.token);
    }
    // Not while photos can still be sent: they would miss the jury.
    const early = await api.graphql(`mutation($c: ID!) { openJuryRound(contestId: $c, scale: STARS, quorum: 2, isFinal: true) { id } }`, { c: contestId }, { token: adminToken });
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_WINDOW' });
    await setPhase('JUDGING');
    const round = await api.graphql(`mutation($c: ID!) { openJuryRound(contestId: $c, scale: STARS, quorum: 2, isFinal: true) { id assignments shortfalls { entryId } } }`, { c: contestId }, { token: adminToken });
    expect(round.errors).toBeUndefined();
    expect(round.data!.openJuryRound.assignments).toBe(approvedIds.length * 2);
    expect(round.data!.openJuryRound.shortfalls).toEqual([]);
    const roundId = round.data!.openJuryRound.id;
    const ASSIGNMENTS = `query { juryAssignments { roundId score entry { id title images { url } } } }`;
    const loads = await Promise.all(sessions.map(async (token) => (await api.graphql(ASSIGNMENTS, {}, { token })).data!.juryAssignments));
    const sizes = loads.map((l) => l.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    // Blind: the juror's view has no credit, name or file name anywhere.
    const raw = JSON.stringify(loads);
    expect(raw).not.toMatch(/Camille|Léa|IMG_0001|credit/i);
    expect(raw).toMatch(/\/media\/private\/[0-9a-f]{64}\.\w+\?expires=\d+&signature=/);

    // Juror 1 declares a link with one of their entries: it goes to juror 3 (or 2), and scoring it is refused.
    const conflicted = loads[0]![0]!.entry.id;
    expect((await api.graphql(`mutation($e: ID!) { declareConflict(entryId: $e) }`, { e: conflicted }, { token: sessions[0] })).errors).toBeUndefined();
    const after = (await api.graphql(ASSIGNMENTS, {}, { token: sessions[0] })).data!.juryAssignments;
    expect(after.map((a: { entry: { id: string } }) => a.entry.id)).not.toContain(conflicted);
    expect(await count(`SELECT count(*) FROM contest_jury_assignment WHERE entry_id = $1 AND round_id = $2`, [conflicted, roundId])).toBe(2);
    const refused = await api.graphql(`mutation($r: ID!, $e: ID!) { scoreEntry(roundId: $r, entryId: $e, score: 5) }`, { r: roundId, e: conflicted }, { token: sessions[0] });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'CONFLICT_OF_INTEREST' });

    for (const [index, token] of sessions.entries()) {
      for (const a of (await api.graphql(ASSIGNMENTS, {}, { token })).data!.juryAssignments) {
        const score = a.entry.id === approvedIds[0] ? 5 : 2 + index;
        expect((await api.graphql(`mutation($r: ID!, $e: ID!, $s: Int!) { scoreEntry(roundId: $r, entryId: $e, score: $s) }`, { r: a.roundId, e: a.entry.id, s: score }, { token })).errors).toBeUndefined();
      }
    }
    const outOfScale = await api.graphql(`mutation($r: ID!, $e: ID!) { scoreEntry(roundId: $r, entryId: $e, score: 9) }`, { r: roundId, e: approvedIds[0] }, { token: sessions[1] });
    expect(outOfScale.errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|FORBIDDEN/);
    const preview = (await api.graphql(`query($r: ID!) { juryRoundPreview(roundId: $r, threshold: 4.5) { entryId meanScore votes quorumMet advances entry { id title images { url } } } }`, { r: roundId }, { token: adminToken })).data!.juryRoundPreview;
    expect(preview.every((o: { quorumMet: boolean }) => o.quorumMet)).toBe(true);
    // The admin sees each photo (signed private previews), to decide on a threshold with the pictures in view.
    expect(preview.every((o: { entryId: string; entry: { id: string; images: Array<{ url: string }> } }) => o.entry.id === o.entryId && o.entry.images.length > 0 && o.entry.images.every((i) => i.url.includes('/media/private/')))).toBe(true);
    expect(preview.filter((o: { advances: boolean }) => o.advances).map((o: { entryId: string }) => o.entryId)).toEqual([approvedIds[0]]);
    const closed = await api.graphql(`mutation($r: ID!) { closeJuryRound(roundId: $r, threshold: 4.5) { closedAt threshold } }`, { r: roundId }, { token: adminToken });
    expect(closed.data!.closeJuryRound.threshold).toBe(4.5);
  });

  test('the vote opens only in its window, after submissions close; submissions are then refused', async () => {
    const early = await api.graphql(`mutation { requestVoterCode(contest: "test", email: "early@example.org") { sentTo } }`);
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_WINDOW' });
    await setPhase('VOTE');
    const late = await upload(camille, await photoJpeg());
    const submit = await api.graphql(SUBMIT, { uploadId: late.body.id, input: entryInput() }, { token: camille });
    expect(submit.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_WINDOW' });
  });

  const voter = async (email: string) => {
    const asked = await api.graphql(`mutation($e: String!) { requestVoterCode(contest: "test", email: $e) { sentTo } }`, { e: email });
    expect(asked.errors).toBeUndefined();
    const code = await smtp.code(email.replace(/\+[^@]*/, ''), /voter/i).catch(() => smtp.code(email, /voter/i));
    return (await api.graphql(`mutation($e: String!, $c: String!) { verifyVoter(contest: "test", email: $e, code: $c) { token } }`, { e: email, c: code })).data!.verifyVoter.token as string;
  };
  const CAST = `mutation($e: ID!) { castVote(entryId: $e) }`;

  test('one vote per verified address per category: disposable domains refused, plus-addressing is the same voter, concurrent duplicates count once', async () => {
    const disposable = await api.graphql(`mutation { requestVoterCode(contest: "test", email: "someone@mailinator.com") { sentTo } }`);
    expect(disposable.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DISPOSABLE_EMAIL' });

    const alice = await voter('alice@example.org');
    const ballot = (await api.graphql(`query($c: ID!) { ballot(category: $c) { entries { id votes } votedEntryId } }`, { c: categories[0]!.id }, { token: alice })).data!.ballot;
    expect(ballot.entries.length).toBeGreaterThan(0);
    expect(ballot.entries.every((e: { votes: number | null }) => e.votes === null)).toBe(true);
    const target = approvedIds[0]!;
    const results = await Promise.all(Array.from({ length: 5 }, () => api.graphql(CAST, { e: target }, { token: alice })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.reason === 'ALREADY_VOTED')).toHaveLength(4);

    const aliceAgain = await voter('Alice+second@Example.org');
    const again = await api.graphql(CAST, { e: target }, { token: aliceAgain });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_VOTED' });
    expect(await count(`SELECT count(*) FROM contest_vote WHERE entry_id = $1`, [target])).toBe(1);

    const gallery = (await api.graphql(GALLERY)).data!.contestGallery.entries;
    expect(gallery.every((e: { votes: number | null }) => e.votes === null)).toBe(true);
  });

  test('a burst of votes from one address is refused', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const token = await voter(`burst${i}@example.org`);
      const result = await api.graphql(CAST, { e: approvedIds[0] }, { token });
      codes.push(result.errors?.[0]?.extensions?.code ?? 'OK');
    }
    expect(codes).toContain('RATE_LIMITED');
  });

  test('results: jury and public prizes per category, with void votes counted by reason', async () => {
    const early = await api.graphql(`mutation($c: ID!) { publishContestResults(contestId: $c) { phase } }`, { c: contestId }, { token: adminToken });
    expect(early.errors?.[0]?.extensions?.reason).toBe('OUTSIDE_WINDOW');
    await setPhase('CLOSED');
    const published = await api.graphql(`mutation($c: ID!) { publishContestResults(contestId: $c) { phase } }`, { c: contestId }, { token: adminToken });
    expect(published.data!.publishContestResults.phase).toBe('RESULTS');
    await smtp.next('camille@example.org', /résultats/i);
    const RESULTS = `query { contestResults(contest: "test") { votesCounted votesVoided { reason count } awards { kind rank withdrawn category { slug } entry { id title votes } } } }`;
    const results = (await api.graphql(RESULTS)).data!.contestResults;
    expect(results.votesCounted).toBeGreaterThanOrEqual(1);
    const voided = Object.fromEntries(results.votesVoided.map((v: { reason: string; count: number }) => [v.reason, v.count]));
    expect(voided).toMatchObject({ ALREADY_VOTED: expect.any(Number), DISPOSABLE_EMAIL: 1, RATE_LIMITED: expect.any(Number) });
    const juryPrize = results.awards.find((a: { kind: string; rank: number; category: { slug: string } }) => a.kind === 'JURY' && a.rank === 1 && a.category.slug === 'patrimoine-industriel');
    expect(juryPrize.entry.id).toBe(approvedIds[0]);
    expect(juryPrize.entry.votes).toBeGreaterThanOrEqual(1);
    // The results are out: every credit shows again, in the gallery and on the entry's page.
    const credited = (await api.graphql(GALLERY)).data!.contestGallery.entries;
    expect(credited.length).toBeGreaterThan(0);
    for (const entry of credited) expect(entry.creditLine).toEqual(expect.any(String));
    expect((await api.graphql(`query($id: ID!) { contestEntry(id: $id) { creditLine } }`, { id: approvedIds[0] })).data!.contestEntry.creditLine).toBe('Camille M.');

    // After the results, an entry can no longer be withdrawn (erasure remains).
    const withdraw = await api.graphql(`mutation($e: ID!) { withdrawEntry(id: $e) { state } }`, { e: approvedIds[0] }, { token: camille });
    expect(withdraw.errors?.[0]?.extensions?.reason).toBe('OUTSIDE_WINDOW');
  });

  test('the entrant exports their data, then erases it: files and personal data go, the prize shows "entry withdrawn"', async () => {
    const exported = (await api.graphql(`query { myContestData }`, {}, { token: camille })).data!.myContestData;
    expect(exported.entrant).toMatchObject({ email: 'camille@example.org', creditLine: 'Camille M.' });
    expect(exported.entries.length).toBe(3);
    expect(exported.entries[0].history.length).toBeGreaterThanOrEqual(2);

    const filesBefore = await filesOnDisk();
    expect((await api.graphql(`mutation { eraseMyContestData }`, {}, { token: camille })).errors).toBeUndefined();
    expect(await count(`SELECT count(*) FROM contest_entrant WHERE email = 'camille@example.org'`)).toBe(0);
    expect(await count(`SELECT count(*) FROM contest_entry WHERE state = 'ERASED' AND (title IS NOT NULL OR media_id IS NOT NULL OR credit_line IS NOT NULL)`)).toBe(0);
    expect(await filesOnDisk()).toBeLessThan(filesBefore);
    const results = (await api.graphql(`query { contestResults(contest: "test") { votesCounted awards { kind rank withdrawn entry { id } } } }`)).data!.contestResults;
    const juryPrize = results.awards.find((a: { kind: string; rank: number }) => a.kind === 'JURY' && a.rank === 1);
    expect(juryPrize).toMatchObject({ withdrawn: true, entry: null });
    expect(results.votesCounted).toBeGreaterThanOrEqual(1);
    const gone = await api.graphql(`query($id: ID!) { contestEntry(id: $id) { id } }`, { id: approvedIds[0] });
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // The session of an erased entrant reaches nothing.
    expect((await api.graphql(`query { myContestEntries { fullName } }`, {}, { token: camille })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  test('retention erases unverified entrants and rejected entries after their period, and anonymises voters', async () => {
    await db.dataSource.query(`UPDATE contest_entrant SET created_at = now() - interval '8 days' WHERE email_verified_at IS NULL`);
    await db.dataSource.query(`UPDATE contest SET results_published_at = now() - interval '31 days'`);
    const report = await applyRetention(api.contest, { unverifiedDays: 7, rejectedDays: 0, voterDays: 30 });
    expect(report.unverifiedEntrants).toBeGreaterThanOrEqual(1);
    expect(await count(`SELECT count(*) FROM contest_entrant WHERE email_verified_at IS NULL`)).toBe(0);
    expect(await count(`SELECT count(*) FROM contest_voter WHERE email_normalised IS NOT NULL`)).toBe(0);
    expect(await count(`SELECT count(*) FROM contest_vote`)).toBeGreaterThan(0);
  });
});
