import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { startTestApi, type TestApi } from '../../test/api';
import { createOrganisation, createUser } from '../../test/factories';
import { startTestSmtp, type TestSmtp } from '../../test/smtp';
import { LocalStorage } from '../media/storage/local-storage';
import { seedDemoBrand } from './seed-demo-brand';
import { brandJobs } from './brand.jobs';

/** Supersession notices for the public (issue 18, kit ★): asked for, confirmed by e-mail, sent for public files only, left with one click. */
let db: TestDatabase;
let api: TestApi;
let smtp: TestSmtp;
let adminToken: string;

const SUBSCRIBE = `mutation($e: String!, $l: Language) { subscribeToKitUpdates(email: $e, lang: $l) }`;
const PUBLISH = `mutation($s: String!, $u: ID!, $n: String) { publishBrandAssetVersion(slug: $s, uploadId: $u, note: $n) { version } }`;
const mailsTo = (email: string, subject: RegExp) => smtp.messages.filter((m) => m.to.includes(email) && subject.test(m.subject));

async function publish(slug: string, fill: string, note: string | null = null): Promise<number> {
  const form = new FormData();
  form.append('file', new Blob([`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"><rect width="200" height="100" fill="${fill}"/></svg>`]), 'logo.svg');
  const uploaded = (await (await fetch(`${api.url}/uploads?purpose=BRAND_MASTER`, { method: 'POST', body: form, headers: { authorization: `Bearer ${adminToken}` } })).json()) as { id: string };
  const { data, errors } = await api.graphql(PUBLISH, { s: slug, u: uploaded.id, n: note }, { token: adminToken });
  expect(errors).toBeUndefined();
  await api.jobs.drain();
  return data!.publishBrandAssetVersion.version;
}

/** The token of the link a message carries (confirmation, or leaving). */
const tokenIn = (text: string, parameter: 'abonnement' | 'desabonnement') => decodeURIComponent(new RegExp(`[?&]${parameter}=([^\\s&"]+)`).exec(text)![1]!);

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startTestSmtp();
  api = await startTestApi({ dataSource: db.dataSource, storage: new LocalStorage(mkdtempSync(join(tmpdir(), 'nfc-kit-subscriptions-'))), config: { smtpUrl: smtp.url, rateLimit: { loginPerMinute: 1000, uploadsPerMinute: 1000 } } });
  await seedDemoBrand(api.brand);
  const pole = await createOrganisation(db.dataSource, { kind: 'POLE' });
  const admin = await createUser(db.dataSource, { organisationId: pole.id, role: 'ADMIN' });
  adminToken = (await api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: admin.user.email, p: admin.password })).data!.login.token;
}, 120_000);
afterAll(async () => {
  await api?.close();
  await smtp?.close();
  await db?.drop();
});

test('a visitor asks, confirms from the e-mail, is told of a public file’s new version in their language, and leaves with the link it carries', async () => {
  const email = 'Graphiste@Atelier.example';
  expect((await api.graphql(SUBSCRIBE, { e: ` ${email} `, l: 'de' })).data!.subscribeToKitUpdates).toBe(true);
  const confirmation = await smtp.next('graphiste@atelier.example', /Abonnement/);
  expect(confirmation.text).toContain('/de/kit/abonnement?abonnement=');
  // Asked again at once: the first link is on its way, no second e-mail.
  expect((await api.graphql(SUBSCRIBE, { e: email, l: 'de' })).data!.subscribeToKitUpdates).toBe(true);
  await api.jobs.drain();
  expect(mailsTo('graphiste@atelier.example', /Abonnement/)).toHaveLength(1);

  // Before confirming, a new version tells nobody.
  await publish('logo-horizontal-colour', '#0b5c8a');
  expect(mailsTo('graphiste@atelier.example', /Neue Version/)).toHaveLength(0);

  expect((await api.graphql(`mutation($t: String!) { confirmKitSubscription(token: $t) }`, { t: tokenIn(confirmation.text, 'abonnement') })).data!.confirmKitSubscription).toBe(true);
  const version = await publish('logo-horizontal-colour', '#1b2430', '  Le bleu est plus\nfoncé <b>et</b> le texte plus épais. ');
  const notice = await smtp.next('graphiste@atelier.example', /Neue Version/);
  expect(notice.subject).toBe(`Neue Version: Logo horizontal, farbig (Version ${version})`);
  // What changed, as the Pôle wrote it (on one line, as text).
  expect(notice.text).toContain('Was sich ändert: Le bleu est plus foncé <b>et</b> le texte plus épais.');
  expect(notice.html).not.toContain('<b>et</b>');
  expect(notice.text).toContain('/de/kit');

  // A partner-only file's new version is not the public's business.
  await publish('logo-vertical-colour', '#2f6b3a');
  expect(mailsTo('graphiste@atelier.example', /Neue Version/)).toHaveLength(1);

  // Leaving deletes the address; the link works twice, and nothing more is sent.
  const leave = tokenIn(notice.text, 'desabonnement');
  expect((await api.graphql(`mutation($t: String!) { unsubscribeFromKitUpdates(token: $t) }`, { t: leave })).data!.unsubscribeFromKitUpdates).toBe(true);
  expect((await api.graphql(`mutation($t: String!) { unsubscribeFromKitUpdates(token: $t) }`, { t: leave })).data!.unsubscribeFromKitUpdates).toBe(true);
  expect(await db.dataSource.query(`SELECT 1 FROM kit_subscription WHERE email = 'graphiste@atelier.example'`)).toEqual([]);
  await publish('logo-horizontal-colour', '#8a3b12');
  expect(mailsTo('graphiste@atelier.example', /Neue Version/)).toHaveLength(1);
});

test.each([
  ['not an address', 'graphiste', 'email'],
  ['a header injection', 'a@b.example\r\nBcc: c@d.example', 'email'],
])('%s is refused on its field, with nothing written', async (_name, email, field) => {
  const before = (await db.dataSource.query(`SELECT count(*)::int AS n FROM kit_subscription`))[0].n;
  const { errors } = await api.graphql(SUBSCRIBE, { e: email });
  expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field }] });
  expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM kit_subscription`))[0].n).toBe(before);
});

test.each([
  ['confirming with a forged token', 'forged'],
  ['leaving with a confirmation token', 'purpose'],
])('%s is refused', async (_name, kind) => {
  await api.graphql(SUBSCRIBE, { e: `piege-${kind}@atelier.example` });
  const confirmation = await smtp.next(`piege-${kind}@atelier.example`, /abonnement/i);
  const token = kind === 'forged' ? `${tokenIn(confirmation.text, 'abonnement').slice(0, -3)}abc` : tokenIn(confirmation.text, 'abonnement');
  const mutation = kind === 'forged' ? 'confirmKitSubscription' : 'unsubscribeFromKitUpdates';
  const { errors } = await api.graphql(`mutation($t: String!) { ${mutation}(token: $t) }`, { t: token });
  expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'token' }] });
});

test('a version published by the REST route tells the subscribers too', async () => {
  await api.graphql(SUBSCRIBE, { e: 'script@atelier.example' });
  const confirmation = await smtp.next('script@atelier.example', /abonnement/i);
  await api.graphql(`mutation($t: String!) { confirmKitSubscription(token: $t) }`, { t: tokenIn(confirmation.text, 'abonnement') });
  const form = new FormData();
  form.append('file', new Blob(['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"><rect width="200" height="100" fill="#2f6b3a"/></svg>']), 'logo.svg');
  const response = await fetch(`${api.url}/brand/assets/logo-horizontal-mono/versions`, { method: 'POST', body: form, headers: { authorization: `Bearer ${adminToken}` } });
  expect(response.status).toBe(201);
  const { version } = (await response.json()) as { version: number };
  await api.jobs.drain();
  const notice = await smtp.next('script@atelier.example', /Nouvelle version/);
  expect(notice.subject).toBe(`Nouvelle version : Logo horizontal, monochrome (version ${version})`);
});

test('a note past 500 characters is refused before anything is published', async () => {
  const form = new FormData();
  form.append('file', new Blob(['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>']), 'logo.svg');
  const uploaded = (await (await fetch(`${api.url}/uploads?purpose=BRAND_MASTER`, { method: 'POST', body: form, headers: { authorization: `Bearer ${adminToken}` } })).json()) as { id: string };
  const before = (await db.dataSource.query(`SELECT count(*)::int AS n FROM brand_asset_version`))[0].n;
  const { errors } = await api.graphql(PUBLISH, { s: 'logo-horizontal-white', u: uploaded.id, n: 'x'.repeat(501) }, { token: adminToken });
  expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'note' }] });
  expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM brand_asset_version`))[0].n).toBe(before);
});

test('the daily purge deletes requests never confirmed once their link has expired, and nothing else', async () => {
  await db.dataSource.query(
    `INSERT INTO kit_subscription (email, locale, confirmed_at, confirmation_sent_at, created_at) VALUES
       ('expire@purge.example', 'fr', NULL, now() - interval '8 days', now() - interval '8 days'),
       ('relance@purge.example', 'fr', NULL, now() - interval '1 hour', now() - interval '30 days'),
       ('confirme@purge.example', 'fr', now() - interval '20 days', now() - interval '21 days', now() - interval '21 days')`,
  );
  const purge = brandJobs.find((job) => job.name === 'brand.kit-subscriptions-purge')!;
  expect(purge.schedule?.cron).toBe('40 3 * * *');
  await purge.handle({}, { dataSource: db.dataSource } as Parameters<typeof purge.handle>[1], { id: 'test', retryCount: 0 });
  const left = (await db.dataSource.query(`SELECT email FROM kit_subscription WHERE email LIKE '%@purge.example' ORDER BY email`)).map((row: { email: string }) => row.email);
  expect(left).toEqual(['confirme@purge.example', 'relance@purge.example']);
});
