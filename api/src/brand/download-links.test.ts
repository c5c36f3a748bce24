import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { startTestApi, type TestApi } from '../../test/api';
import { createOrganisation, createUser } from '../../test/factories';
import { LocalStorage } from '../media/storage/local-storage';
import { seedDemoBrand } from './seed-demo-brand';
import { signDownloadToken } from './download-token';

/**
 * Partner download links: signed for one asset version, short-lived, dead once the partner is
 * refused, never in a redirect's Location nor in the request log.
 */
let db: TestDatabase;
let api: TestApi;
let adminToken: string;
let partnerToken: string;
let partnerId: string;
const logLines: string[] = [];

const ASSETS = `{ brandAssets { slug access downloads { preset url } latestVersion { version } } }`;
const local = (url: string) => url.replace(/^http:\/\/localhost:\d+/, api.url);

async function login(email: string, password: string): Promise<string> {
  return (await api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: password })).data!.login.token;
}

async function partnerLink(preset: string): Promise<string> {
  const { data } = await api.graphql(ASSETS, {}, { token: partnerToken });
  return local(data!.brandAssets.find((a: any) => a.slug === 'logo-vertical-colour').downloads.find((d: any) => d.preset === preset).url);
}

beforeAll(async () => {
  db = await createTestDatabase();
  const sink = new Writable({ write: (chunk, _encoding, done) => void (logLines.push(String(chunk)), done()) });
  api = await startTestApi({ dataSource: db.dataSource, storage: new LocalStorage(mkdtempSync(join(tmpdir(), 'nfc-links-'))), logger: pino({ level: 'info' }, sink) });
  await seedDemoBrand(api.brand);
  const pole = await createOrganisation(db.dataSource, { kind: 'POLE' });
  const admin = await createUser(db.dataSource, { organisationId: pole.id, role: 'ADMIN' });
  adminToken = await login(admin.user.email, admin.password);
  const registered = await api.graphql(
    `mutation($i: RegisterPartnerInput!) { registerPartner(input: $i) { token organisation { id } } }`,
    { i: { organisationName: 'Brasserie du Lion', siret: '73282932000074', partnerType: 'COMPANY', listInDirectory: false, contactName: 'Léa', email: 'lea@brasserie.example', password: 'correct horse battery' } },
  );
  partnerToken = registered.data!.registerPartner.token;
  partnerId = registered.data!.registerPartner.organisation.id;
  await api.graphql(`mutation { acceptBrandCharter(version: 1) { status } }`, {}, { token: partnerToken });
  // Confirmed as by the e-mailed link (pro-kit.test.ts follows it), then approved.
  await db.dataSource.query(`UPDATE partner_profile SET email_verified_at = now() WHERE organisation_id = $1`, [partnerId]);
  await api.graphql(`mutation($o: ID!) { decidePartner(organisationId: $o, approve: true) }`, { o: partnerId }, { token: adminToken });
}, 120_000);
afterAll(async () => {
  await api?.close();
  await db?.drop();
});

test('a link opens the one file it was signed for', async () => {
  const link = await partnerLink('png-512');
  expect((await fetch(link)).status).toBe(200);
  const token = new URL(link).searchParams.get('token')!;
  const elsewhere = [
    ['another asset', `${api.url}/brand/assets/logo-horizontal-colour/v/1/png-512?token=${token}`],
    ['another version', link.replace('/v/1/', '/v/2/')],
  ];
  for (const [, url] of elsewhere) expect((await fetch(url!)).status).toBe(401);
});

test('an expired link, or one whose signature was altered, opens nothing', async () => {
  const grant = { slug: 'logo-vertical-colour', version: 1, audience: { levels: ['PUBLIC', 'PARTNER'] as const, organisationId: partnerId, partnerType: 'COMPANY' as const } };
  const old = signDownloadToken({ ...grant, audience: { ...grant.audience, levels: [...grant.audience.levels] } }, api.config.jwtSecret, Date.now() - 16 * 60 * 1000);
  expect((await fetch(`${api.url}/brand/assets/logo-vertical-colour/v/1/png-512?token=${old}`)).status).toBe(401);
  const fresh = signDownloadToken({ ...grant, audience: { ...grant.audience, levels: [...grant.audience.levels] } }, api.config.jwtSecret);
  const [payload, signature] = fresh.split('.');
  const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), l: ['PUBLIC', 'PARTNER', 'INTERNAL'] })).toString('base64url');
  expect((await fetch(`${api.url}/brand/assets/logo-vertical-colour/v/1/png-512?token=${widened}.${signature}`)).status).toBe(401);
});

test('the latest alias never carries a token into its Location', async () => {
  const link = await partnerLink('png-512');
  const token = new URL(link).searchParams.get('token')!;
  const withToken = await fetch(`${api.url}/brand/assets/logo-vertical-colour/latest/png-512?token=${token}`, { redirect: 'manual' });
  expect(withToken.status).toBe(400);
  expect(withToken.headers.get('location')).toBeNull();
  const withHeader = await fetch(`${api.url}/brand/assets/logo-vertical-colour/latest/png-512`, { redirect: 'manual', headers: { authorization: `Bearer ${partnerToken}` } });
  expect(withHeader.status).toBe(302);
  expect(withHeader.headers.get('location')).toBe('/brand/assets/logo-vertical-colour/v/1/png-512');
});

test('no token of a link reaches the request log', async () => {
  const link = await partnerLink('png-1024');
  expect((await fetch(link)).status).toBe(200);
  const token = new URL(link).searchParams.get('token')!;
  // The request line is written when the answer has finished, which the client may see first.
  const logged = () => logLines.filter((line) => line.includes('/brand/assets/logo-vertical-colour/v/1/png-1024'));
  for (let wait = 0; wait < 40 && !logged().length; wait += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(logged().length).toBeGreaterThan(0);
  expect(logged().join('')).toContain('token=[redacted]');
  expect(logLines.join('').includes(token)).toBe(false);
  expect(logLines.join('').includes(token.split('.')[1]!)).toBe(false);
});

test("a refused partner's links stop working at once", async () => {
  const link = await partnerLink('png-256');
  expect((await fetch(link)).status).toBe(200);
  const kit = (await api.graphql(`{ brandKit { access url } }`, {}, { token: partnerToken })).data!.brandKit;
  expect(kit.access).toBe('PARTNER');
  await api.graphql(`mutation($o: ID!) { decidePartner(organisationId: $o, approve: false, reason: "Activité sans lien avec le territoire.") }`, { o: partnerId }, { token: adminToken });
  expect((await fetch(link)).status).toBe(403);
  expect((await fetch(local(kit.url))).status).toBe(403);
});
