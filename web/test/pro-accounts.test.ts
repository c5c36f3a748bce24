import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { accessibilityViolations, useBrowserPage } from './browser';
import { graphql } from './stack-api';

/** The espace pro's accounts, for real: the built site and API, PostgreSQL, the stack's SMTP server. */
const WEB = () => process.env.NFC_WEB_URL!;
const ui = useBrowserPage();

const seenMail = new Set<string>();

/** The link of the next message to `to` that points at `path`, read from the stack's mailbox, on this site's address. */
async function linkFor(to: string, path: string): Promise<string> {
  const dir = join(process.env.NFC_DATA_DIR!, 'received-mail');
  for (let i = 0; i < 100; i += 1) {
    for (const file of readdirSync(dir).sort()) {
      if (seenMail.has(file)) continue;
      const mail = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { to: string[]; text: string };
      const match = new RegExp(`https?://[^/\\s]+(${path.replace(/\//g, '\\/')}\\?jeton=[A-Za-z0-9_-]+)`).exec(mail.text);
      if (mail.to.includes(to) && match) {
        seenMail.add(file);
        return WEB() + match[1];
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail to ${to} with a link to ${path}`);
}

/** Mails to `to` so far (to prove that none was sent). */
function mailCount(to: string): number {
  const dir = join(process.env.NFC_DATA_DIR!, 'received-mail');
  return readdirSync(dir).filter((file) => (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { to: string[] }).to.includes(to)).length;
}

const unique = () => randomBytes(4).toString('hex');
let adminToken: string;
let admin: { email: string; password: string };

beforeAll(async () => {
  admin = JSON.parse(readFileSync(join(process.env.NFC_DATA_DIR!, 'dev-admin.json'), 'utf8'));
  const login = await graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: admin.email, p: admin.password });
  adminToken = login.data!.login.token;
});

async function createOffice(name = `Office ${unique()}`): Promise<{ id: string; name: string }> {
  const created = await graphql(`mutation($n: String!) { createOrganisation(input: { kind: TOURISM_OFFICE, name: $n, epciSiren: "200069052" }) { id name } }`, { n: name }, adminToken);
  return created.data!.createOrganisation;
}

/** A person invited by the Pôle through the API who accepted through the API: their e-mail, password and a session token (no login spent). */
async function member(organisationId: string, role: 'ADMIN' | 'EDITOR') {
  const email = `${role.toLowerCase()}-${unique()}@office.example`;
  const password = `password ${unique()} long`;
  const invited = await graphql(`mutation($i: InviteUserInput!) { inviteUser(input: $i) { id } }`, { i: { email, displayName: `Person ${role}`, role, organisationId } }, adminToken);
  expect(invited.errors).toBeUndefined();
  const token = new URL(await linkFor(email, '/pro/invitation')).searchParams.get('jeton');
  const accepted = await graphql(`mutation($t: String!, $p: String!) { acceptInvitation(token: $t, displayName: "Person ${role}", password: $p) { token } }`, { t: token, p: password });
  return { email, password, token: accepted.data!.acceptInvitation.token as string };
}

/** Signs `page` in with a session token, as the sign-in form would. */
async function useSession(page: Page, token: string): Promise<void> {
  await page.context().addCookies([{ name: 'nfc_session', value: token, url: WEB(), httpOnly: true, sameSite: 'Lax' }]);
}

async function newPage(): Promise<Page> {
  const context = await ui.page.context().browser()!.newContext({ viewport: { width: 1280, height: 800 } });
  return context.newPage();
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

test('the Pôle invites an office admin, who accepts, is signed in, and invites an editor who accepts', async () => {
  const office = await createOffice();
  const adminEmail = `admin-${unique()}@office.example`;
  await useSession(ui.page, adminToken);
  await ui.page.goto(`${WEB()}/pro/equipe`);
  await expectAccessible(ui.page);
  await ui.page.getByLabel('Adresse e-mail').fill(adminEmail);
  await ui.page.getByLabel('Nom', { exact: true }).fill('Alix Martin');
  await ui.page.getByRole('radio', { name: /Administrateur·rice/ }).check();
  await ui.page.getByLabel('Organisation', { exact: true }).selectOption({ label: office.name });
  await ui.page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
  expect(await ui.page.getByRole('status').textContent()).toBe('Invitation envoyée.');
  // The Pôle sees the office's team, with the pending invitation.
  await ui.page.getByLabel('Organisation affichée').selectOption({ label: office.name });
  await ui.page.getByRole('button', { name: 'Afficher' }).click();
  expect(await ui.page.getByRole('heading', { level: 2 }).first().textContent()).toBe(`Membres de ${office.name}`);
  expect(await ui.page.getByText('Personne pour l’instant').count()).toBe(1);
  expect(await ui.page.locator('.accounts-cards').textContent()).toContain(adminEmail);
  // An organisation that does not exist: the Pôle's own team, and a word about it.
  const missing = await ui.page.goto(`${WEB()}/pro/equipe?organisation=00000000-0000-4000-8000-000000000000`);
  expect(missing!.status()).toBe(404);
  expect(await ui.page.getByRole('alert').textContent()).toContain('n’existe plus');

  // The office admin opens the link in their own browser.
  const alix = await newPage();
  await alix.goto(await linkFor(adminEmail, '/pro/invitation'));
  expect(await alix.locator('main').textContent()).toContain(`« ${office.name} » en tant que administrateur·rice`);
  await expectAccessible(alix);
  // Every error at once, next to its field, and in the summary.
  await alix.getByLabel('Mot de passe (12 caractères au moins)').fill('short');
  await alix.getByLabel('Confirmez le mot de passe').fill('different');
  await alix.getByRole('button', { name: 'Créer mon compte' }).click();
  expect(await alix.locator('#password').getAttribute('aria-invalid')).toBe('true');
  expect(await alix.locator('#password-error').textContent()).toContain('au moins 12 caractères');
  expect(await alix.locator('#confirm').getAttribute('aria-describedby')).toBe('confirm-error');
  expect(await alix.locator('#form-errors li').count()).toBe(2);
  await expectAccessible(alix);
  await alix.getByLabel('Mot de passe (12 caractères au moins)').fill('the office admin password');
  await alix.getByLabel('Confirmez le mot de passe').fill('the office admin password');
  await alix.getByRole('button', { name: 'Créer mon compte' }).click();
  await alix.waitForURL(`${WEB()}/pro`);
  expect(await alix.locator('h1').textContent()).toBe('Bonjour Alix Martin');

  // Alix invites an editor into her own office (no organisation to choose).
  const stranger = await newPage();
  await alix.goto(`${WEB()}/pro/equipe`);
  expect(await alix.getByLabel('Organisation', { exact: true }).count()).toBe(0);
  const editorEmail = `editor-${unique()}@office.example`;
  await alix.getByLabel('Adresse e-mail').fill(editorEmail);
  await alix.getByLabel('Nom', { exact: true }).fill('Béa');
  await alix.getByRole('button', { name: 'Envoyer l’invitation' }).click();
  expect(await alix.locator('.accounts-cards').last().textContent()).toContain(editorEmail);

  const link = await linkFor(editorEmail, '/pro/invitation');
  await stranger.goto(link);
  expect(await stranger.locator('main').textContent()).toContain('en tant que rédacteur·rice');
  await stranger.getByLabel('Mot de passe (12 caractères au moins)').fill('the editor password!');
  await stranger.getByLabel('Confirmez le mot de passe').fill('the editor password!');
  await stranger.getByRole('button', { name: 'Créer mon compte' }).click();
  await stranger.waitForURL(`${WEB()}/pro`);
  expect(await stranger.locator('h1').textContent()).toBe('Bonjour Béa');
  // An editor does not manage the team.
  const refused = await stranger.goto(`${WEB()}/pro/equipe`);
  expect(refused!.status()).toBe(403);
  // The spent link now says so.
  await stranger.goto(link);
  expect(await stranger.getByRole('alert').textContent()).toContain('n’est plus valable');

  // Alix sees both members; she changes Béa's role, then removes her after confirming.
  await alix.goto(`${WEB()}/pro/equipe`);
  expect(await alix.locator('.accounts-cards').first().locator('li').count()).toBe(2);
  await alix.getByLabel('Rôle de Béa').selectOption('ADMIN');
  await alix.getByRole('button', { name: 'Enregistrer le rôle de Béa' }).click();
  expect(await alix.getByRole('status').textContent()).toBe('Rôle modifié.');
  await alix.getByRole('link', { name: 'Retirer Béa' }).click();
  await expectAccessible(alix);
  await alix.getByRole('button', { name: 'Oui, retirer Béa' }).click();
  expect(await alix.getByRole('status').textContent()).toBe('La personne a été retirée de l’équipe.');
  expect(await alix.locator('.accounts-cards').first().locator('li').count()).toBe(1);
  // Alix is the last administrator: she cannot step down.
  await alix.getByLabel('Rôle de Alix Martin').selectOption('EDITOR');
  await alix.getByRole('button', { name: 'Enregistrer le rôle de Alix Martin' }).click();
  expect(await alix.getByRole('alert').textContent()).toContain('au moins un·e administrateur·rice');
  await alix.context().close();
  await stranger.context().close();
});

test('forgot password: the same answer for any address, a link by e-mail, a new password; the old session and password stop working', async () => {
  const office = await createOffice();
  const person = await member(office.id, 'EDITOR');
  // An open session elsewhere, from a sign-in with the old password.
  const elsewhere = await newPage();
  await elsewhere.goto(`${WEB()}/pro`);
  await elsewhere.getByLabel('Adresse e-mail').fill(person.email);
  await elsewhere.getByLabel('Mot de passe').fill(person.password);
  await elsewhere.getByRole('button', { name: 'Se connecter' }).click();
  await elsewhere.goto(`${WEB()}/pro/compte`);
  expect(await elsewhere.locator('main').textContent()).toContain(person.email);

  const nobody = `nobody-${unique()}@office.example`;
  const confirmations: string[] = [];
  for (const email of [nobody, person.email]) {
    await ui.page.goto(`${WEB()}/pro/mot-de-passe-oublie`);
    await expectAccessible(ui.page);
    await ui.page.getByLabel('Adresse e-mail').fill(email);
    await ui.page.getByRole('button', { name: 'Envoyer le lien' }).click();
    confirmations.push((await ui.page.getByRole('status').textContent())!);
  }
  expect(confirmations[0]).toBe(confirmations[1]);
  expect(confirmations[0]).toContain('Si un compte existe pour cette adresse');

  const link = await linkFor(person.email, '/pro/nouveau-mot-de-passe');
  expect(mailCount(nobody)).toBe(0);
  await ui.page.goto(link);
  await expectAccessible(ui.page);
  await ui.page.getByLabel('Nouveau mot de passe (12 caractères au moins)').fill('a brand new password');
  await ui.page.getByLabel('Confirmez le nouveau mot de passe').fill('not the same password');
  await ui.page.getByRole('button', { name: 'Enregistrer et me connecter' }).click();
  expect(await ui.page.locator('#confirm-error').textContent()).toBe('Les deux mots de passe ne sont pas identiques.');
  expect(await ui.page.locator('#confirm').getAttribute('aria-invalid')).toBe('true');
  await expectAccessible(ui.page);
  await ui.page.getByLabel('Nouveau mot de passe (12 caractères au moins)').fill('a brand new password');
  await ui.page.getByLabel('Confirmez le nouveau mot de passe').fill('a brand new password');
  await ui.page.getByRole('button', { name: 'Enregistrer et me connecter' }).click();
  await ui.page.waitForURL(`${WEB()}/pro`);
  expect(await ui.page.locator('h1').textContent()).toBe('Bonjour Person EDITOR');

  // The other session ends: its page sends it to sign in.
  await elsewhere.goto(`${WEB()}/pro/compte`);
  expect(new URL(elsewhere.url()).pathname).toBe('/pro');
  expect(await elsewhere.getByRole('button', { name: 'Se connecter' }).count()).toBe(1);
  // The old password is refused, the new one works; the link is spent.
  expect((await graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: person.email, p: person.password })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  await ui.page.goto(link);
  await ui.page.getByLabel('Nouveau mot de passe (12 caractères au moins)').fill('yet another password');
  await ui.page.getByLabel('Confirmez le nouveau mot de passe').fill('yet another password');
  await ui.page.getByRole('button', { name: 'Enregistrer et me connecter' }).click();
  expect(await ui.page.getByRole('alert').textContent()).toContain('Ce lien n’est plus valable');
  await elsewhere.context().close();
});

test('my account: changing the password keeps this session (the cookie gets the new token) and ends the others', async () => {
  const office = await createOffice();
  const person = await member(office.id, 'EDITOR');
  await useSession(ui.page, person.token);
  await ui.page.goto(`${WEB()}/pro/compte`);
  await expectAccessible(ui.page);
  await ui.page.getByLabel('Mot de passe actuel').fill('not the password at all');
  await ui.page.getByLabel('Nouveau mot de passe (12 caractères au moins)').fill('the next password!');
  await ui.page.getByLabel('Confirmez le nouveau mot de passe').fill('the next password!');
  await ui.page.getByRole('button', { name: 'Changer le mot de passe' }).click();
  expect(await ui.page.locator('#currentPassword-error').textContent()).toBe('Le mot de passe actuel n’est pas le bon.');
  await ui.page.getByLabel('Mot de passe actuel').fill(person.password);
  await ui.page.getByLabel('Nouveau mot de passe (12 caractères au moins)').fill('the next password!');
  await ui.page.getByLabel('Confirmez le nouveau mot de passe').fill('the next password!');
  await ui.page.getByRole('button', { name: 'Changer le mot de passe' }).click();
  expect(await ui.page.getByRole('status').textContent()).toContain('Votre mot de passe est changé');
  const cookie = (await ui.page.context().cookies(WEB())).find((c) => c.name === 'nfc_session');
  expect(cookie!.value).not.toBe(person.token);
  expect(cookie!.httpOnly).toBe(true);
  expect((await graphql(`{ me { kind } }`, {}, person.token)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  await ui.page.goto(`${WEB()}/pro/compte`);
  expect(await ui.page.locator('main').textContent()).toContain(person.email);
});

test('API keys: the secret is shown once and works, is absent after reload; a revoked key stops working', async () => {
  const office = await createOffice();
  const officeAdmin = await member(office.id, 'ADMIN');
  await useSession(ui.page, officeAdmin.token);
  await ui.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: WEB() });
  await ui.page.goto(`${WEB()}/pro/cles`);
  await expectAccessible(ui.page);
  // The scopes offered are those an office may give its keys.
  expect(await ui.page.locator('input[name=scopes]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).toEqual(['agenda:write', 'brand:read']);
  // Missing scope: refused next to the field, nothing issued.
  await ui.page.getByLabel('Nom de la clé (le logiciel qui l’utilisera)').fill('Site de l’office');
  await ui.page.getByRole('button', { name: 'Créer la clé' }).click();
  expect(await ui.page.locator('#scopes-error').textContent()).toBe('Choisissez au moins un droit.');
  await ui.page.getByLabel(/Publier et tenir à jour/).check();
  const [answer] = await Promise.all([
    ui.page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/pro/cles'),
    ui.page.getByRole('button', { name: 'Créer la clé' }).click(),
  ]);
  expect(answer.headers()['cache-control']).toContain('no-store');
  expect(answer.status()).toBe(200);
  const secret = await ui.page.getByLabel('Clé secrète').inputValue();
  expect(secret).toMatch(/^nfc_/);
  expect(ui.page.url()).not.toContain(secret);
  expect(await ui.page.locator('#secret-warning').textContent()).toContain('elle ne sera plus jamais affichée');
  await expectAccessible(ui.page);
  await ui.page.getByRole('button', { name: 'Copier la clé' }).click();
  await ui.page.getByText('Clé copiée dans le presse-papiers.').waitFor();
  expect(await ui.page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

  const me = await graphql(`{ me { kind organisation { id } scopes } }`, {}, secret);
  expect(me.data!.me).toEqual({ kind: 'API_KEY', organisation: { id: office.id }, scopes: ['agenda:write'] });

  await ui.page.goto(`${WEB()}/pro/cles`);
  expect(await ui.page.content()).not.toContain(secret);
  expect(await ui.page.locator('.accounts-cards li').textContent()).toContain('Site de l’office');
  expect(await ui.page.locator('.accounts-cards li').textContent()).toContain(secret.split('_')[1]);

  await ui.page.getByRole('link', { name: 'Révoquer la clé Site de l’office' }).click();
  await expectAccessible(ui.page);
  await ui.page.getByRole('button', { name: 'Oui, révoquer la clé Site de l’office' }).click();
  expect(await ui.page.getByRole('status').textContent()).toBe('Clé révoquée : elle ne fonctionne plus.');
  expect(await ui.page.locator('.accounts-cards li').textContent()).toContain('Révoquée le');
  expect((await graphql(`{ me { kind } }`, {}, secret)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});

test('a post without the CSRF token, or from another origin, is refused with 403 and changes nothing', async () => {
  const office = await createOffice();
  const officeAdmin = await member(office.id, 'ADMIN');
  await useSession(ui.page, officeAdmin.token);
  await ui.page.goto(`${WEB()}/pro/cles`);
  const csrf = await ui.page.locator('input[name=_csrf]').first().inputValue();
  const withoutToken = await ui.page.request.post(`${WEB()}/pro/cles`, { form: { action: 'issue', name: 'sans jeton', scopes: 'agenda:write' }, headers: { origin: WEB() }, maxRedirects: 0 });
  expect(withoutToken.status()).toBe(403);
  expect(await withoutToken.text()).toContain('Formulaire refusé');
  const otherOrigin = await ui.page.request.post(`${WEB()}/pro/cles`, { form: { _csrf: csrf, action: 'issue', name: 'autre origine', scopes: 'agenda:write' }, headers: { origin: 'https://evil.example' }, maxRedirects: 0 });
  expect(otherOrigin.status()).toBe(403);
  // The same post from this page, with its token, works: the refusals were about the token and the origin.
  const proper = await ui.page.request.post(`${WEB()}/pro/cles`, { form: { _csrf: csrf, action: 'issue', name: 'avec jeton', scopes: 'agenda:write' }, headers: { origin: WEB() }, maxRedirects: 0 });
  expect(proper.status()).toBe(200);
  const keys = await graphql(`query($o: ID) { apiKeys(organisationId: $o) { name } }`, { o: office.id }, adminToken);
  expect(keys.data!.apiKeys).toEqual([{ name: 'avec jeton' }]);
});

test('every accounts page is free of axe violations on a phone and a desktop, in three languages', async () => {
  const office = await createOffice();
  const officeAdmin = await member(office.id, 'ADMIN');
  // A pending invitation and a reset link to show their forms.
  const invitee = `invitee-${unique()}@office.example`;
  await graphql(`mutation($i: InviteUserInput!) { inviteUser(input: $i, language: en) { id } }`, { i: { email: invitee, displayName: 'Invitee', role: 'EDITOR' } }, officeAdmin.token);
  const invitation = await linkFor(invitee, '/en/pro/invitation');
  await graphql(`mutation($e: String!) { requestPasswordReset(email: $e, language: de) }`, { e: officeAdmin.email });
  const reset = await linkFor(officeAdmin.email, '/de/pro/nouveau-mot-de-passe');
  const signedOut = ['/pro/mot-de-passe-oublie', '/en/pro/mot-de-passe-oublie', '/pro/nouveau-mot-de-passe?jeton=nope', '/pro/invitation?jeton=nope', invitation.slice(WEB().length), reset.slice(WEB().length)];
  const signedIn = ['/pro/compte', '/pro/equipe', '/pro/cles', '/en/pro/equipe', '/de/pro/cles', '/de/pro/compte'];
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
    await ui.page.setViewportSize(viewport);
    await ui.page.context().clearCookies();
    for (const path of signedOut) {
      await ui.page.goto(WEB() + path);
      expect({ path, viewport, violations: await accessibilityViolations(ui.page) }).toEqual({ path, viewport, violations: [] });
    }
    // The Pôle's administrator sees more: every organisation to choose from, and more scopes.
    // (The Pôle's administrator's pages are walked by pro-pages.test.ts.)
    for (const [token, paths] of [[officeAdmin.token, signedIn]] as const) {
    await useSession(ui.page, token);
    for (const path of paths) {
      await ui.page.goto(WEB() + path);
      expect({ path, viewport, violations: await accessibilityViolations(ui.page) }).toEqual({ path, viewport, violations: [] });
      // Nothing wider than the screen.
      expect({ path, viewport, fits: await ui.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth) }).toEqual({ path, viewport, fits: true });
    }
    }
  }
  await ui.page.goto(`${WEB()}/en/pro/cles`);
  expect(await ui.page.locator('h1').textContent()).toBe('API keys');
  await ui.page.goto(`${WEB()}/de/pro/equipe`);
  expect(await ui.page.locator('h1').textContent()).toBe('Team');
  expect(await ui.page.getByRole('button', { name: 'Einladung senden' }).count()).toBe(1);
  expect(ui.cspViolations).toEqual([]);
});

test('signing in works with the keyboard alone', async () => {
  const office = await createOffice();
  const person = await member(office.id, 'EDITOR');
  await ui.page.goto(`${WEB()}/pro`);
  for (let i = 0; i < 40 && (await ui.page.evaluate(() => document.activeElement?.id)) !== 'email'; i += 1) await ui.page.keyboard.press('Tab');
  expect(await ui.page.evaluate(() => document.activeElement?.id)).toBe('email');
  await ui.page.keyboard.type(person.email);
  await ui.page.keyboard.press('Tab');
  expect(await ui.page.evaluate(() => document.activeElement?.id)).toBe('password');
  await ui.page.keyboard.type(person.password);
  await ui.page.keyboard.press('Enter');
  await ui.page.waitForURL(`${WEB()}/pro`);
  await ui.page.locator('h1', { hasText: 'Bonjour Person EDITOR' }).waitFor();
  // And on to "forgot password" from the sign-in page, by keyboard too.
  await ui.page.context().clearCookies();
  await ui.page.goto(`${WEB()}/pro`);
  await ui.page.getByRole('link', { name: 'Mot de passe oublié ?' }).focus();
  await ui.page.keyboard.press('Enter');
  await ui.page.waitForURL(`${WEB()}/pro/mot-de-passe-oublie`);
});

test('a signed-out visit to the team page goes to sign-in, then back to the team page', async () => {
  const office = await createOffice();
  const officeAdmin = await member(office.id, 'ADMIN');
  await ui.page.goto(`${WEB()}/pro/equipe`);
  const url = new URL(ui.page.url());
  expect(url.pathname).toBe('/pro');
  expect(url.searchParams.get('suite')).toBe('/pro/equipe');
  await ui.page.getByLabel('Adresse e-mail').fill(officeAdmin.email);
  await ui.page.getByLabel('Mot de passe').fill(officeAdmin.password);
  await ui.page.getByRole('button', { name: 'Se connecter' }).click();
  await ui.page.waitForURL(`${WEB()}/pro/equipe`);
  expect(await ui.page.locator('h1').textContent()).toBe('Équipe');
});
