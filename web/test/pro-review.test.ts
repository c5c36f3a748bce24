import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { accessibilityViolations, useBrowserPage } from './browser';

/** The Pôle's side of the espace pro, for real: sign in, dashboard, review with a reason, duplicates merged. */
const WEB = () => process.env.NFC_WEB_URL!;
const API = () => process.env.NFC_API_URL!;
const ui = useBrowserPage();

async function graphql(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<any> {
  const response = await fetch(`${API()}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** The next message to `to` whose subject matches, from the real SMTP server's mailbox. */
async function mailTo(to: string, subject: RegExp): Promise<{ subject: string; text: string }> {
  const dir = join(process.env.NFC_DATA_DIR!, 'received-mail');
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const found = readdirSync(dir).sort().map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as { to: string[]; subject: string; text: string }).find((mail) => mail.to.includes(to) && subject.test(mail.subject));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail to ${to} matching ${subject}`);
}

async function signIn(page: Page, email: string, password: string, path = '/pro'): Promise<void> {
  await page.goto(WEB() + path);
  await page.getByLabel(/Adresse e-mail|Email address|E-Mail-Adresse/).fill(email);
  await page.getByLabel(/^(Mot de passe|Password|Passwort)$/).fill(password);
  await page.keyboard.press('Enter');
  // The form posts, then the answer redirects (303) to a page with the sign-out button.
  await page.getByRole('button', { name: /Se déconnecter|Sign out|Abmelden/ }).waitFor();
  // The page streams: its figures arrive after its menu.
  await page.waitForLoadState('load');
}

const admin = () => JSON.parse(readFileSync(join(process.env.NFC_DATA_DIR!, 'dev-admin.json'), 'utf8')) as { email: string; password: string };
let pole: string;
let office: { id: string; key: string; editor: { email: string; password: string } };
let otherOffice: { id: string; key: string; editor: { email: string; password: string } };

async function createOffice(name: string, epciSiren: string, review: boolean) {
  const created = await graphql(`mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }`, { i: { kind: 'TOURISM_OFFICE', name, epciSiren } }, pole);
  const id = created.createOrganisation.id as string;
  const editor = { email: `redaction-${randomBytes(3).toString('hex')}@example.org`, password: 'un mot de passe assez long' };
  await graphql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { organisationId: id, email: editor.email, displayName: `Rédaction ${name}`, role: 'ADMIN', password: editor.password } }, pole);
  if (review) await graphql(`mutation($o: ID!) { setAgendaReview(organisationId: $o, required: true) }`, { o: id }, pole);
  const key = (await graphql(`mutation($i: IssueApiKeyInput!) { issueApiKey(input: $i) { key } }`, { i: { organisationId: id, name: 'Système', scopes: ['agenda:write'] } }, pole)).issueApiKey.key as string;
  return { id, key, editor };
}

const eventInput = (title: string, extra: Record<string, unknown> = {}) => ({
  title: { fr: title },
  categories: ['concert'],
  isFree: true,
  place: { communeInsee: '90010' },
  schedule: { dates: [{ start: '2031-07-14T21:00', end: '2031-07-14T23:00' }] },
  ...extra,
});

beforeAll(async () => {
  pole = (await graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: admin().email, p: admin().password })).login.token;
  office = await createOffice(`Office revu ${randomBytes(2).toString('hex')}`, '200069052', true);
  otherOffice = await createOffice(`Office voisin ${randomBytes(2).toString('hex')}`, '200065647', false);
});

test.each([
  ['a phone', { width: 390, height: 844 }],
  ['a desktop', { width: 1280, height: 800 }],
])('the Pôle signs in by keyboard and reads its dashboard as charts with their tables, on %s, with no axe violation', async (_device, viewport) => {
  await ui.page.setViewportSize(viewport);
  await signIn(ui.page, admin().email, admin().password);
  await ui.page.getByRole('heading', { level: 1, name: /Bonjour/ }).waitFor();
  expect(await ui.page.getByRole('navigation', { name: 'Espace pro' }).getByRole('link').allTextContents()).toEqual(expect.arrayContaining(['Tableau de bord', 'Revue', 'Doublons', 'Équipe']));
  expect(await ui.page.getByRole('img', { name: /Événements publiés par mois/ }).count()).toBe(1);
  expect(await ui.page.getByRole('link', { name: 'Événements en attente de revue' }).count()).toBe(1);
  expect(await accessibilityViolations(ui.page)).toEqual([]);
  // Every other workspace page is walked by pro-pages.test.ts.
});

test('a refusal needs its reason, which the office receives by e-mail; an approval puts the event on the agenda', async () => {
  const refused = (await graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id moderation } }`, { i: eventInput('Bal du 14 juillet sans horaire') }, office.key)).createEvent;
  const approved = (await graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id slug } }`, { i: eventInput('Feu d’artifice du Lion', { schedule: { dates: [{ start: '2031-07-13T22:30', end: '2031-07-13T23:00' }] }, place: { communeInsee: '90065' } }) }, office.key)).createEvent;
  expect(refused.moderation).toBe('PENDING');
  await signIn(ui.page, admin().email, admin().password, '/pro/revue');
  const card = ui.page.getByRole('article', { name: 'Bal du 14 juillet sans horaire' });
  // The browser asks for the reason first; without that check, the server asks too, next to the field.
  await card.getByRole('textbox', { name: /Motif du refus/ }).evaluate((field) => field.removeAttribute('required'));
  await card.getByRole('button', { name: 'Refuser' }).click();
  const reasonField = ui.page.getByRole('article', { name: 'Bal du 14 juillet sans horaire' }).getByRole('textbox', { name: /Motif du refus/ });
  expect(await reasonField.getAttribute('aria-invalid')).toBe('true');
  expect(await ui.page.locator('.field-error').textContent()).toBe('Indiquez le motif du refus.');
  expect(await accessibilityViolations(ui.page)).toEqual([]);
  await reasonField.fill('Précisez l’heure de fin & le lieu <exact>.');
  await ui.page.getByRole('article', { name: 'Bal du 14 juillet sans horaire' }).getByRole('button', { name: 'Refuser' }).click();
  await ui.page.getByRole('status').filter({ hasText: 'l’office a reçu le motif' }).waitFor();
  const mail = await mailTo(office.editor.email, /Événement refusé/);
  expect(mail.text).toContain('Motif : Précisez l’heure de fin & le lieu <exact>.');
  expect((await graphql(`query($id: ID!) { event(id: $id) { moderation rejectionReason } }`, { id: refused.id }, office.key)).event).toEqual({ moderation: 'REJECTED', rejectionReason: 'Précisez l’heure de fin & le lieu <exact>.' });

  await ui.page.getByRole('article', { name: 'Feu d’artifice du Lion' }).getByRole('button', { name: 'Publier' }).click();
  await ui.page.getByRole('status').filter({ hasText: 'est publié' }).waitFor();
  expect(await ui.page.getByRole('article', { name: 'Feu d’artifice du Lion' }).count()).toBe(0);
  await mailTo(office.editor.email, /Événement publié/);
  const page = await fetch(`${WEB()}/agenda/${approved.slug}`);
  expect(page.status).toBe(200);

  // The office reads the reason beside the refused event, in its list and in the editor.
  await ui.page.context().clearCookies();
  await signIn(ui.page, office.editor.email, office.editor.password, '/pro/evenements?etat=REJECTED');
  const row = ui.page.getByRole('row', { name: /Bal du 14 juillet sans horaire/ });
  expect(await row.textContent()).toContain('Motif du Pôle : Précisez l’heure de fin & le lieu <exact>.');
  await row.getByRole('link').first().click();
  await ui.page.getByRole('note').filter({ hasText: 'Précisez l’heure de fin' }).waitFor();
  expect(await accessibilityViolations(ui.page)).toEqual([]);
});

test('duplicates side by side, field by field; merging keeps the chosen one and tells both offices', async () => {
  const title = `Concert des Eurockéennes ${randomBytes(2).toString('hex')}`;
  const mine = (await graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id } }`, { i: eventInput(title, { shortDescription: { fr: 'Sur la presqu’île du Malsaucy.' } }) }, otherOffice.key)).createEvent;
  await graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id } }`, { i: eventInput(title, { isFree: false, priceMin: 45, currency: 'EUR' }) }, office.key);
  await signIn(ui.page, admin().email, admin().password, '/pro/doublons');
  const pair = ui.page.getByRole('region', { name: `${title} / ${title}` });
  const priceRow = pair.getByRole('row', { name: /Tarif/ });
  expect(await priceRow.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/Gratuit$/), expect.stringMatching(/45,00\s€$/)]));
  expect(await priceRow.textContent()).toContain('diffère');
  expect(await pair.getByRole('row', { name: /Catégories/ }).textContent()).not.toContain('diffère');
  expect(await accessibilityViolations(ui.page)).toEqual([]);
  // Keep the other office's event as the reference (whichever column holds it), with this office's price.
  const left = await pair.getByRole('row', { name: /Office/ }).getByRole('cell').first().textContent();
  const [otherColumn, officeColumn] = left?.includes('voisin') ? [1, 2] : [2, 1];
  await pair.getByRole('group', { name: /Fiche de référence/ }).getByRole('radio', { name: new RegExp(`Fiche ${otherColumn}`) }).check();
  // The values follow the reference until one is picked by hand.
  expect(await pair.getByRole('radio', { name: new RegExp(`Garder la valeur de la fiche ${otherColumn} : Gratuit`) }).isChecked()).toBe(true);
  await pair.getByRole('radio', { name: new RegExp(`Garder la valeur de la fiche ${officeColumn} : 45,00`) }).check();
  await pair.getByRole('button', { name: 'Fusionner ces deux fiches' }).click();
  await ui.page.getByRole('status').filter({ hasText: 'Fusion faite' }).waitFor();
  expect(await ui.page.getByRole('region', { name: `${title} / ${title}` }).count()).toBe(0);
  expect((await mailTo(otherOffice.editor.email, /Doublon fusionné/)).text).toContain('reste la fiche de référence');
  expect((await mailTo(office.editor.email, /Doublon fusionné/)).text).toContain('fusionné votre événement');
  const kept = (await graphql(`query($id: ID!) { event(id: $id) { coPublishers isFree priceMin shortDescription } }`, { id: mine.id }, pole)).event;
  expect(kept).toEqual({ coPublishers: [office.id], isFree: false, priceMin: 45, shortDescription: 'Sur la presqu’île du Malsaucy.' });
});

test('an office editor has no review page: the menu does not offer it, and the page says it is for other roles', async () => {
  await signIn(ui.page, office.editor.email, office.editor.password);
  expect(await ui.page.getByRole('navigation', { name: 'Espace pro' }).getByRole('link', { name: 'Revue' }).count()).toBe(0);
  const response = await ui.page.goto(`${WEB()}/pro/revue`);
  expect(response?.status()).toBe(403);
  expect(await ui.page.getByText('Cette page est réservée à d’autres rôles.').count()).toBe(1);
});

test.each([
  ['without the token', { origin: '' }],
  ['from another site', { origin: 'https://attacker.example' }],
])('a decision posted %s is refused, and nothing is decided', async (_case, headers) => {
  const pending = (await graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id } }`, { i: eventInput(`Événement visé ${randomBytes(2).toString('hex')}`) }, office.key)).createEvent;
  await signIn(ui.page, admin().email, admin().password);
  const cookies = (await ui.page.context().cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
  // Same origin, as a form of the site would post: only the token is missing. From another site, Astro's origin check refuses first.
  const response = await fetch(`${WEB()}/pro/revue`, { method: 'POST', redirect: 'manual', headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded', origin: headers.origin || WEB() }, body: new URLSearchParams({ id: pending.id, decision: 'approve' }) });
  expect(response.status).toBe(403);
  expect(await response.text()).toMatch(headers.origin ? /Cross-site/i : /Formulaire refusé/);
  expect((await graphql(`query($id: ID!) { event(id: $id) { moderation } }`, { id: pending.id }, pole)).event.moderation).toBe('PENDING');
});

test('a signed-out visit to a workspace page leads to sign-in, then back to that page', async () => {
  await ui.page.goto(`${WEB()}/de/pro/doublons`);
  expect(new URL(ui.page.url()).pathname).toBe('/de/pro');
  await signIn(ui.page, admin().email, admin().password, new URL(ui.page.url()).pathname + new URL(ui.page.url()).search);
  expect(new URL(ui.page.url()).pathname).toBe('/de/pro/doublons');
  expect(await ui.page.getByRole('heading', { level: 1 }).textContent()).toBe('Dubletten');
});

test.each([
  ['/concours/mes-photos', { action: 'erase' }],
  ['/kit/partenaires', { action: 'logout' }],
  ['/en/concours/voter', { action: 'request', email: 'someone@example.org' }],
])('a post to %s without its CSRF token is refused before the page acts', async (path, fields) => {
  const response = await fetch(WEB() + path, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: WEB(), cookie: 'nfc_csrf=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }, body: new URLSearchParams({ ...fields, _csrf: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' }) });
  expect(response.status).toBe(403);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  expect(await response.text()).toMatch(path.startsWith('/en/') ? /Form refused/ : /Formulaire refusé/);
});

test('too many wrong passwords: the sign-in page says so in its own words, keeps the address, and answers 429', async () => {
  const email = `quelqu-un-${randomBytes(3).toString('hex')}@example.org`;
  let status = 0;
  for (let attempt = 0; attempt < 7 && status !== 429; attempt += 1) {
    await ui.page.goto(`${WEB()}/pro`);
    await ui.page.getByLabel('Adresse e-mail').fill(email);
    await ui.page.getByLabel(/^Mot de passe$/).fill('pas le bon mot de passe');
    const [response] = await Promise.all([ui.page.waitForResponse((r) => r.request().method() === 'POST'), ui.page.getByRole('button', { name: 'Se connecter' }).click()]);
    status = response.status();
  }
  expect(status).toBe(429);
  await ui.page.getByRole('alert').filter({ hasText: /Trop de tentatives pour cette adresse : réessayez dans \d+ s\./ }).waitFor();
  expect(await ui.page.getByLabel('Adresse e-mail').inputValue()).toBe(email);
  expect(await accessibilityViolations(ui.page)).toEqual([]);
});

test('an invitee switches the invitation page to German and the link still works', async () => {
  const email = `eingeladen-${randomBytes(3).toString('hex')}@example.org`;
  await graphql(`mutation($i: InviteUserInput!) { inviteUser(input: $i) { id } }`, { i: { organisationId: office.id, email, displayName: 'Jonas', role: 'EDITOR' } }, pole);
  const link = /https?:\/\/\S+jeton=[A-Za-z0-9_-]+/.exec((await mailTo(email, /invitation|Invitation/i)).text)![0];
  await ui.page.goto(`${WEB()}${new URL(link).pathname}${new URL(link).search}`);
  await ui.page.getByRole('navigation', { name: /Langue/ }).getByRole('link', { name: /Deutsch/ }).click();
  await ui.page.waitForURL(/\/de\/pro\/invitation\?jeton=/);
  expect(await ui.page.getByText(email).count()).toBeGreaterThan(0);
  expect(await accessibilityViolations(ui.page)).toEqual([]);
});
