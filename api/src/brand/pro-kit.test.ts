import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { presetsForKind, siretFromParts } from '@nfc/shared';
import sharp from 'sharp';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { startTestApi, type TestApi } from '../../test/api';
import { createOrganisation, createUser } from '../../test/factories';
import { startTestSmtp, type TestSmtp } from '../../test/smtp';
import { LocalStorage } from '../media/storage/local-storage';
import { seedDemoBrand } from './seed-demo-brand';

/** The Pôle's side of the kit (espace pro, issue 13 point 7): preview before publishing, partner decisions with a reason, the charter's standing. */
let db: TestDatabase;
let api: TestApi;
let smtp: TestSmtp;
let storage: LocalStorage;
let adminToken: string;
let editorToken: string;

const PREVIEW = `query($s: String!, $u: ID!) { previewBrandAssetVersion(slug: $s, uploadId: $u) { assetSlug uploadId nextVersion mimeType byteSize width height renditions { preset format width square background byteSize url } } }`;
const PUBLISH = `mutation($s: String!, $u: ID!) { publishBrandAssetVersion(slug: $s, uploadId: $u) { version } }`;
const DECIDE = `mutation($o: ID!, $a: Boolean!, $r: String) { decidePartner(organisationId: $o, approve: $a, reason: $r) }`;

async function login(email: string, password: string): Promise<string> {
  const { data } = await api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: password });
  return data!.login.token;
}

function local(url: string): string {
  return url.replace(/^http:\/\/localhost:\d+/, api.url);
}

async function upload(body: string | Buffer, name: string, purpose = 'BRAND_MASTER', token = adminToken) {
  const form = new FormData();
  form.append('file', new Blob([typeof body === 'string' ? body : new Uint8Array(body)]), name);
  const response = await fetch(`${api.url}/uploads?purpose=${purpose}`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as any };
}

async function counts() {
  const [row] = await db.dataSource.query(`SELECT (SELECT count(*)::int FROM brand_asset_version) AS versions, (SELECT count(*)::int FROM brand_rendition) AS renditions, (SELECT count(*)::int FROM brand_kit) AS kits`);
  return { ...row, files: (await storage.list('brand')).length };
}

let siretSeed = 1;
/** A new valid SIRET each time (its SIREN and its own key right). */
function siret(): string {
  return siretFromParts(String(73_282_932 + siretSeed++), '0001');
}

/** Confirms a registration's address as its partner does: with the link of the e-mail received. */
async function confirmFromMail(email: string): Promise<string> {
  const mail = await smtp.next(email, /Demande de partenariat reçue/);
  const token = decodeURIComponent(/\/kit\/partenaires\?confirmer=([^\s&"]+)/.exec(mail.text)![1]!);
  const confirmed = await api.graphql(`mutation($t: String!) { confirmPartnerEmail(token: $t) }`, { t: token });
  expect(confirmed.errors).toBeUndefined();
  return confirmed.data!.confirmPartnerEmail;
}

async function registerPartner(name: string, email: string, listInDirectory = true, options: { confirm?: boolean; siret?: string } = {}): Promise<{ id: string; token: string }> {
  const { data, errors } = await api.graphql(`mutation($i: RegisterPartnerInput!) { registerPartner(input: $i) { token organisation { id } } }`, {
    i: { organisationName: name, siret: options.siret ?? siret(), partnerType: 'ASSOCIATION', epciSiren: '200069052', listInDirectory, contactName: 'Sacha', email, password: 'a long partner password' },
  });
  expect(errors).toBeUndefined();
  if (options.confirm ?? true) expect(await confirmFromMail(email)).toBe(name);
  return { id: data!.registerPartner.organisation.id, token: data!.registerPartner.token };
}

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startTestSmtp();
  storage = new LocalStorage(mkdtempSync(join(tmpdir(), 'nfc-pro-kit-')));
  api = await startTestApi({ dataSource: db.dataSource, storage, config: { smtpUrl: smtp.url, rateLimit: { loginPerMinute: 1000, uploadsPerMinute: 1000 } } });
  await seedDemoBrand(api.brand);
  const pole = await createOrganisation(db.dataSource, { kind: 'POLE' });
  const admin = await createUser(db.dataSource, { organisationId: pole.id, role: 'ADMIN' });
  adminToken = await login(admin.user.email, admin.password);
  const editor = await createUser(db.dataSource, { organisationId: pole.id, role: 'EDITOR' });
  editorToken = await login(editor.user.email, editor.password);
}, 120_000);
afterAll(async () => {
  await api?.close();
  await smtp?.close();
  await db?.drop();
});

describe('seeing every rendition before confirming', () => {
  test('a preview renders every preset as publication does, stores nothing, and publishing the same upload gives the same files', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100"><rect width="400" height="100" fill="#0b5c8a"/><circle cx="50" cy="50" r="30" fill="#ffffff"/></svg>';
    const uploaded = await upload(svg, 'logo.svg');
    expect(uploaded.status).toBe(201);
    const before = await counts();

    const { data, errors } = await api.graphql(PREVIEW, { s: 'logo-horizontal-colour', u: uploaded.body.id }, { token: editorToken });
    expect(errors).toBeUndefined();
    const preview = data!.previewBrandAssetVersion;
    expect(preview).toMatchObject({ assetSlug: 'logo-horizontal-colour', uploadId: uploaded.body.id, nextVersion: 2, mimeType: 'image/svg+xml', width: 400, height: 100 });
    expect(preview.renditions.map((r: any) => r.preset)).toEqual(presetsForKind('LOGO').map((p) => p.id));
    // Nothing public changed: no version, no rendition, no kit, no file.
    expect(await counts()).toEqual(before);
    expect((await api.graphql(`{ brandAssets { slug latestVersion { version } } }`)).data!.brandAssets.find((a: any) => a.slug === 'logo-horizontal-colour').latestVersion.version).toBe(1);

    // Each rendition is there behind its signed link, never cached, and is what its preset says.
    const previewed = new Map<string, Buffer>();
    for (const rendition of preview.renditions) {
      const response = await fetch(local(rendition.url));
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.length).toBe(rendition.byteSize);
      previewed.set(rendition.preset, bytes);
    }
    expect(await sharp(previewed.get('png-256')!).metadata()).toMatchObject({ format: 'png', width: 256 });
    expect((await sharp(previewed.get('jpg-1024')!).metadata()).format).toBe('jpeg');
    // The link opens this upload's renditions only, and only with its token.
    const first = preview.renditions[0].url as string;
    expect((await fetch(local(first).replace(/\?token=.*$/, ''))).status).toBe(401);
    expect((await fetch(local(first).replace(uploaded.body.id, '00000000-0000-4000-8000-000000000000'))).status).toBe(401);

    const published = await api.graphql(PUBLISH, { s: 'logo-horizontal-colour', u: uploaded.body.id }, { token: adminToken });
    expect(published.data!.publishBrandAssetVersion.version).toBe(2);
    for (const preset of ['png-512', 'jpg-1024', 'webp-2048', 'png-256']) {
      const response = await fetch(`${api.url}/brand/assets/logo-horizontal-colour/v/2/${preset}`);
      expect(Buffer.from(await response.arrayBuffer()).equals(previewed.get(preset)!)).toBe(true);
    }
    // Once published, the upload is the version's: no preview of it any more.
    const again = await api.graphql(PREVIEW, { s: 'logo-horizontal-colour', u: uploaded.body.id }, { token: adminToken });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UPLOAD_IN_USE', fields: [{ field: 'uploadId' }] });
  });

  test.each([
    ['an upload of another purpose', async () => (await upload(await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#336699' } }).jpeg().toBuffer(), 'photo.jpg', 'EVENT_IMAGE')).body.id, 'BAD_USER_INPUT', 'uploadId'],
    ['an unknown upload', async () => '00000000-0000-4000-8000-000000000000', 'NOT_FOUND', null],
  ])('%s is refused with a stable code', async (_case, makeUpload, code, field) => {
    const { errors } = await api.graphql(PREVIEW, { s: 'logo-horizontal-colour', u: await makeUpload() }, { token: adminToken });
    expect(errors?.[0]?.extensions?.code).toBe(code);
    if (field) expect(errors?.[0]?.extensions?.fields).toEqual([expect.objectContaining({ field })]);
  });

  test('an SVG that fails the checks is refused at upload, with its reason, before any preview', async () => {
    const hostile = await upload('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><image href="https://evil.example/x.png"/></svg>', 'logo.svg');
    expect(hostile.status).toBe(400);
    expect(hostile.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNSAFE_SVG' });
  });

  test('only the Pôle previews a version', async () => {
    const office = await createOrganisation(db.dataSource);
    const { user, password } = await createUser(db.dataSource, { organisationId: office.id, role: 'ADMIN' });
    const officeToken = await login(user.email, password);
    const mine = await upload('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5"/></svg>', 'logo.svg');
    const { errors } = await api.graphql(PREVIEW, { s: 'logo-horizontal-colour', u: mine.body.id }, { token: officeToken });
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('partner requests', () => {
  test('the Pôle lists requests with their details, refuses with a reason the partner reads and receives, then approves', async () => {
    const partner = await registerPartner('Association des Amis du Lion', 'sacha@amis-du-lion.example', true, { confirm: false });
    const listed = await api.graphql(`query($s: [PartnerStatus!]) { partnerRequests(statuses: $s) { organisationId name siret partnerType epciName listed status decisionReason emailVerifiedAt contacts { displayName email } } }`, { s: ['PENDING'] }, { token: editorToken });
    expect(listed.data!.partnerRequests).toEqual([
      expect.objectContaining({ organisationId: partner.id, name: 'Association des Amis du Lion', partnerType: 'ASSOCIATION', epciName: 'CA Grand Belfort', listed: true, status: 'PENDING', decisionReason: null, emailVerifiedAt: null, contacts: [{ displayName: 'Sacha', email: 'sacha@amis-du-lion.example' }] }),
    ]);
    // Not confirmed yet: the request does not count, and cannot be approved.
    expect((await api.graphql(`{ myPartnership { emailVerified } }`, {}, { token: partner.token })).data!.myPartnership.emailVerified).toBe(false);
    expect((await api.graphql(DECIDE, { o: partner.id, a: true }, { token: adminToken })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // The first message was lost: the partner asks for another, and confirms with it.
    await smtp.next('sacha@amis-du-lion.example', /Demande de partenariat reçue/);
    expect((await api.graphql(`mutation { resendPartnerConfirmation }`, {}, { token: partner.token })).data!.resendPartnerConfirmation).toBe(true);
    expect(await confirmFromMail('sacha@amis-du-lion.example')).toBe('Association des Amis du Lion');
    expect((await api.graphql(`mutation { resendPartnerConfirmation }`, {}, { token: partner.token })).data!.resendPartnerConfirmation).toBe(false);
    const confirmedAt = (await api.graphql(`{ partnerRequests(statuses: [PENDING]) { organisationId emailVerifiedAt } }`, {}, { token: editorToken })).data!.partnerRequests;
    expect(confirmedAt).toEqual([{ organisationId: partner.id, emailVerifiedAt: expect.any(String) }]);
    for (const token of ['not-a-token', `${'x'.repeat(40)}.${'y'.repeat(40)}.${'z'.repeat(40)}`]) {
      expect((await api.graphql(`mutation($t: String!) { confirmPartnerEmail(token: $t) }`, { t: token })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }

    // A refusal without a reason is refused, and nothing changes.
    for (const reason of [null, '   ']) {
      const bare = await api.graphql(DECIDE, { o: partner.id, a: false, r: reason }, { token: adminToken });
      expect(bare.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'reason' }] });
    }
    expect((await api.graphql(`{ myPartnership { status } }`, {}, { token: partner.token })).data!.myPartnership.status).toBe('PENDING');
    // Pôle editors read the requests; deciding is for its administrators.
    expect((await api.graphql(DECIDE, { o: partner.id, a: true }, { token: editorToken })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const reason = 'Le SIRET ne correspond pas à <une> association du territoire.';
    expect((await api.graphql(DECIDE, { o: partner.id, a: false, r: reason }, { token: adminToken })).data!.decidePartner).toBe('REJECTED');
    expect((await api.graphql(`{ myPartnership { status decisionReason } }`, {}, { token: partner.token })).data!.myPartnership).toEqual({ status: 'REJECTED', decisionReason: reason });
    const mail = await smtp.next('sacha@amis-du-lion.example', /partenariat/);
    expect(mail.text).toContain(reason);
    expect(mail.html).toContain('&lt;une&gt;');
    expect(mail.text).toContain('/kit/partenaires');
    const refused = await api.graphql(`{ partnerRequests(statuses: [REJECTED]) { organisationId decisionReason decidedAt } }`, {}, { token: adminToken });
    expect(refused.data!.partnerRequests).toEqual([expect.objectContaining({ organisationId: partner.id, decisionReason: reason })]);
    expect(refused.data!.partnerRequests[0].decidedAt).not.toBeNull();

    // Approving afterwards clears the reason and tells the partner too.
    expect((await api.graphql(DECIDE, { o: partner.id, a: true }, { token: adminToken })).data!.decidePartner).toBe('APPROVED');
    expect((await api.graphql(`{ myPartnership { status decisionReason } }`, {}, { token: partner.token })).data!.myPartnership).toEqual({ status: 'APPROVED', decisionReason: null });
    expect((await smtp.next('sacha@amis-du-lion.example', /acceptée/)).text).toContain('Association des Amis du Lion');
    const all = await api.graphql(`{ partnerRequests { organisationId status } }`, {}, { token: adminToken });
    expect(all.data!.partnerRequests).toContainEqual({ organisationId: partner.id, status: 'APPROVED' });
  });

  test('a new charter version makes approved partners accept again, and the standing counts them', async () => {
    const partner = await registerPartner('Club des Forges', 'forges@club.example', false);
    await api.graphql(DECIDE, { o: partner.id, a: true }, { token: adminToken });
    const { version } = (await api.graphql(`{ brandCharter { version } }`)).data!.brandCharter;
    await api.graphql(`mutation($v: Int!) { acceptBrandCharter(version: $v) { status } }`, { v: version }, { token: partner.token });
    const standing = async () => (await api.graphql(`{ brandCharterStanding { version acceptedCount approvedAwaitingCount } }`, {}, { token: editorToken })).data!.brandCharterStanding;
    const before = await standing();
    expect(before.version).toBe(version);
    expect(before.acceptedCount).toBeGreaterThanOrEqual(1);

    const published = await api.graphql(`mutation { publishBrandCharter(text: { fr: "Charte, nouvelle version" }) { version } }`, {}, { token: editorToken });
    expect(published.data!.publishBrandCharter.version).toBe(version + 1);
    expect((await api.graphql(`{ myPartnership { canDownloadPartnerAssets acceptedCharterVersion currentCharterVersion } }`, {}, { token: partner.token })).data!.myPartnership).toEqual({ canDownloadPartnerAssets: false, acceptedCharterVersion: version, currentCharterVersion: version + 1 });
    const after = await standing();
    expect(after).toMatchObject({ version: version + 1, acceptedCount: 0 });
    expect(after.approvedAwaitingCount).toBeGreaterThanOrEqual(1);
    // Approved partners are told, once per administrator, with the link to accept it.
    const notice = await smtp.next('forges@club.example', /Nouvelle charte/);
    expect(notice.subject).toContain(`version ${version + 1}`);
    expect(notice.text).toContain('/kit/partenaires');
    await api.graphql(`mutation($v: Int!) { acceptBrandCharter(version: $v) { status } }`, { v: version + 1 }, { token: partner.token });
    expect((await standing()).acceptedCount).toBe(1);
  });

  test('a new version of an asset: partners who downloaded the one before are told, once each, with the link', async () => {
    const had = await registerPartner('Maison du Lion (téléchargements)', 'telechargements@lion.example', false);
    const never = await registerPartner('Ceux qui n’ont rien téléchargé', 'rien@lion.example', false);
    for (const partner of [had, never]) await api.graphql(DECIDE, { o: partner.id, a: true }, { token: adminToken });
    const [{ id: assetId }] = await db.dataSource.query(`SELECT id FROM brand_asset WHERE slug = 'logo-vertical-mono'`);
    // What the download route records for a partner's signed link (download-links.test.ts).
    await db.dataSource.query(`INSERT INTO brand_download (asset_id, version, format, organisation_id, partner_type) VALUES ($1, 1, 'png-2048', $2, 'ASSOCIATION'), ($1, 1, 'master', $2, 'ASSOCIATION')`, [assetId, had.id]);
    const uploaded = await upload('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 160"><rect width="100" height="160" fill="#1b2430"/></svg>', 'logo-vertical.svg');
    const published = await api.graphql(PUBLISH, { s: 'logo-vertical-mono', u: uploaded.body.id }, { token: adminToken });
    expect(published.errors).toBeUndefined();
    const notice = await smtp.next('telechargements@lion.example', /Nouvelle version/);
    expect(notice.subject).toContain(`(version ${published.data!.publishBrandAssetVersion.version})`);
    expect(notice.text).toContain('version 1');
    expect(notice.text).toContain('/kit');
    expect(smtp.messages.filter((m) => m.to.includes('telechargements@lion.example') && /Nouvelle version/.test(m.subject))).toHaveLength(1);
    expect(smtp.messages.filter((m) => m.to.includes('rien@lion.example') && /Nouvelle version/.test(m.subject))).toHaveLength(0);
  });

  test('an unconfirmed or refused request never keeps the real company out; only an approved partner holds its SIRET', async () => {
    const shared = siret();
    const squatter = await registerPartner('Faux Lion SARL', 'faux@lion.example', false, { confirm: false, siret: shared });
    const mistaken = await registerPartner('Lion SARL (erreur)', 'erreur@lion.example', false, { siret: shared });
    expect((await api.graphql(DECIDE, { o: mistaken.id, a: false, r: 'Doublon.' }, { token: adminToken })).data!.decidePartner).toBe('REJECTED');
    const real = await registerPartner('Lion SARL', 'contact@lion.example', false, { siret: shared });
    expect((await api.graphql(DECIDE, { o: real.id, a: true }, { token: adminToken })).data!.decidePartner).toBe('APPROVED');
    // Now held: a new registration, or approving another request of the same SIRET, is refused.
    const again = await api.graphql(`mutation($i: RegisterPartnerInput!) { registerPartner(input: $i) { token } }`, {
      i: { organisationName: 'Encore', siret: shared, partnerType: 'COMPANY', listInDirectory: false, contactName: 'X', email: 'encore@lion.example', password: 'a long partner password' },
    });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'siret' }] });
    await db.dataSource.query(`UPDATE partner_profile SET email_verified_at = now() WHERE organisation_id = $1`, [squatter.id]);
    expect((await api.graphql(DECIDE, { o: squatter.id, a: true }, { token: adminToken })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  test('a partner administrator updates its profile and directory listing; nobody else does', async () => {
    const partner = await registerPartner('Les Ateliers du Rhin', 'ateliers@rhin.example', false);
    await api.graphql(DECIDE, { o: partner.id, a: true }, { token: adminToken });
    const UPDATE = `mutation($i: UpdatePartnerProfileInput!) { updatePartnerProfile(input: $i) { website epciSiren listed partnerType } }`;
    const updated = await api.graphql(UPDATE, { i: { website: 'https://ateliers-rhin.example', listInDirectory: true, epciSiren: '200065647' } }, { token: partner.token });
    expect(updated.data!.updatePartnerProfile).toEqual({ website: 'https://ateliers-rhin.example', epciSiren: '200065647', listed: true, partnerType: 'ASSOCIATION' });
    expect((await api.graphql(`{ partnerDirectory { name website } }`)).data!.partnerDirectory).toContainEqual({ name: 'Les Ateliers du Rhin', website: 'https://ateliers-rhin.example' });
    // A field left out is kept; a bad one is refused with nothing changed.
    expect((await api.graphql(UPDATE, { i: { listInDirectory: false } }, { token: partner.token })).data!.updatePartnerProfile).toMatchObject({ website: 'https://ateliers-rhin.example', listed: false });
    const bad = await api.graphql(UPDATE, { i: { website: 'javascript:alert(1)', epciSiren: '123456789' } }, { token: partner.token });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await api.graphql(`{ myPartnership { website epciSiren } }`, {}, { token: partner.token })).data!.myPartnership).toEqual({ website: 'https://ateliers-rhin.example', epciSiren: '200065647' });
    // An office's administrator has no partner profile to change.
    expect((await api.graphql(UPDATE, { i: { listInDirectory: true } }, { token: adminToken })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

test('the palette answers its order and every name entered, for editing', async () => {
  const { data } = await api.graphql(`{ colourPalette { slug sortOrder names { fr en de } } }`);
  expect(data!.colourPalette[0]).toEqual({ slug: 'bleu-doubs', sortOrder: expect.any(Number), names: { fr: 'Bleu Doubs', en: 'Doubs blue', de: 'Doubs-Blau' } });
});
