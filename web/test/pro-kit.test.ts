import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { siretFromParts } from '@nfc/shared';
import { accessibilityViolations, useBrowserPage } from './browser';
import { partnerConfirmationToken } from './stack-api';

/** The Pôle's kit in the espace pro (issue 13, point 7): new versions, the palette, the charter, partner requests. */
const WEB = () => process.env.NFC_WEB_URL!;
const API = () => process.env.NFC_API_URL!;
const ui = useBrowserPage();

const admin = () => JSON.parse(readFileSync(join(process.env.NFC_DATA_DIR!, 'dev-admin.json'), 'utf8')) as { email: string; password: string };

async function graphql(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await fetch(`${API()}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: any; errors?: any[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** Signs in at /pro as the dev Pôle admin (the form, as a person would). */
async function signIn(page: Page): Promise<void> {
  const { email, password } = admin();
  await page.goto(`${WEB()}/pro`);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${WEB()}/pro`);
}

/** axe finds nothing and nothing overflows sideways, on a 390×844 phone and a 1280×800 desktop. */
async function checkBothSizes(page: Page): Promise<void> {
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
    await page.setViewportSize(viewport);
    expect(await accessibilityViolations(page)).toEqual([]);
    // Nothing reaches past the right edge (a table scrolls inside its own box).
    const overflowing = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('body *')]
        .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !element.closest('.table-wrap, .visually-hidden'))
        .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
    );
    expect(overflowing).toEqual([]);
  }
}

/** A random valid SIRET: a SIREN with its key, an establishment number, the SIRET's key. */
function randomSiret(): string {
  return siretFromParts(String(10_000_000 + Math.floor(Math.random() * 89_999_999)), String(1 + Math.floor(Math.random() * 9_998)).padStart(4, '0'));
}

async function registerPartner(name: string, email: string, listInDirectory: boolean): Promise<{ id: string; token: string }> {
  const data = await graphql(`mutation($i: RegisterPartnerInput!) { registerPartner(input: $i) { token organisation { id } } }`, {
    i: { organisationName: name, siret: randomSiret(), partnerType: 'ASSOCIATION', listInDirectory, contactName: 'Dominique', email, password: 'un mot de passe solide' },
  });
  // Its address confirmed with the e-mailed link, as the partner does: the request counts.
  expect((await graphql(`mutation($t: String!) { confirmPartnerEmail(token: $t) }`, { t: await partnerConfirmationToken(email) })).confirmPartnerEmail).toBe(name);
  return { id: data.registerPartner.organisation.id, token: data.registerPartner.token };
}

/** The messages the stack's SMTP server received for `to` (a JSON file each). */
async function mailTo(to: string, containing: string): Promise<{ subject: string; text: string }> {
  const dir = join(process.env.NFC_DATA_DIR!, 'received-mail');
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const found = readdirSync(dir)
      .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as { to: string[]; subject: string; text: string })
      .find((mail) => mail.to.includes(to) && mail.text.includes(containing));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail to ${to} containing ${containing}`);
}

/** A logo master drawn for the test: a bar and a disc, colours of its own. */
function testSvg(fill: string): Buffer {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 660 180"><rect x="10" y="50" width="640" height="80" rx="20" fill="${fill}"/><circle cx="90" cy="90" r="70" fill="#1b2430"/></svg>`);
}

const publicVersion = async (page: Page, assetName: string): Promise<number> => {
  await page.goto(`${WEB()}/kit`);
  const href = await page.locator('.logo-card', { has: page.getByRole('heading', { name: assetName, exact: true }) }).getByRole('link', { name: /PNG 2048 px/ }).first().getAttribute('href');
  return Number(/\/v\/(\d+)\//.exec(href!)![1]);
};

test('the Pôle uploads a new master with progress, sees every rendition on light and dark, publishes it, and the public kit shows it', async () => {
  const page = ui.page;
  const before = await publicVersion(page, 'Logo horizontal, monochrome');
  await signIn(page);
  await page.goto(`${WEB()}/pro/kit`);
  expect(await page.locator('h1').textContent()).toBe('Kit de communication');
  await checkBothSizes(page);
  await page.getByRole('link', { name: 'Nouvelle version — Logo horizontal, monochrome' }).click();
  await page.waitForURL(/\/pro\/kit\/version\?actif=logo-horizontal-mono/);
  await checkBothSizes(page);

  // The script sends the file by XHR to the same-origin proxy, with the CSRF token in its header.
  const upload = page.waitForRequest((request) => request.url().includes('/pro/kit/televersement') && request.method() === 'POST');
  await page.getByLabel(/Fichier maître/).setInputFiles({ name: 'logo-mono.svg', mimeType: 'image/svg+xml', buffer: testSvg('#3a4656') });
  await page.getByRole('button', { name: 'Téléverser et voir les déclinaisons' }).click();
  expect((await upload).headers()['x-csrf-token']).toMatch(/^[A-Za-z0-9_-]{32,}$/);
  await page.waitForURL(/\/pro\/kit\/apercu\?actif=logo-horizontal-mono&televersement=/);

  expect(await page.locator('h1').textContent()).toBe(`Version ${before + 1} de « Logo horizontal, monochrome » : les déclinaisons`);
  const cards = page.locator('.rendition-card');
  // A logo's renditions: every preset but the favicons (those are the pictogram's).
  expect(await cards.count()).toBe(9);
  expect(await page.locator('.rendition-card .on-light img').count()).toBe(9);
  expect(await page.locator('.rendition-card .on-dark img').count()).toBe(9);
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.rendition-card img')].every((img) => img.complete && img.naturalWidth > 0));
  expect(await page.locator('[data-preset^="favicon"]').count()).toBe(0);
  expect(await page.locator('[data-preset="png-2048"] .on-light img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2048);
  const previewed = Buffer.from(await (await page.request.get((await page.locator('[data-preset="png-512"] .on-light img').getAttribute('src'))!)).body());
  await checkBothSizes(page);

  // Nothing is public before the confirmation.
  const check = await page.context().newPage();
  expect(await publicVersion(check, 'Logo horizontal, monochrome')).toBe(before);

  // What changed, for the supersession notices (optional, labelled, with its hint).
  await page.getByLabel(/Ce qui change/).fill('Trait plus épais pour l’impression.');
  await page.getByRole('button', { name: 'Publier cette version' }).click();
  await page.waitForURL(/\/pro\/kit\?publie=logo-horizontal-mono/);
  expect(await page.getByRole('status').textContent()).toBe(`La version ${before + 1} de « Logo horizontal, monochrome » est publiée : le kit public la montre.`);
  expect(await page.locator('tr[data-asset="logo-horizontal-mono"]').textContent()).toContain(`Version ${before + 1} · SVG`);

  await check.close();

  // A visitor (whose browser has not kept the page: /kit is cached 60 s) sees the new version, and its files are the ones previewed.
  const visitor = await page.context().browser()!.newContext();
  try {
    const visitorPage = await visitor.newPage();
    expect(await publicVersion(visitorPage, 'Logo horizontal, monochrome')).toBe(before + 1);
    const published = Buffer.from(await (await visitorPage.request.get(`${API()}/brand/assets/logo-horizontal-mono/v/${before + 1}/png-512`)).body());
    expect(published.equals(previewed)).toBe(true);
  } finally {
    await visitor.close();
  }
});

test('without JavaScript, a plain form uploads the master, a refused SVG comes back with its reason next to the field, and cancelling publishes nothing', async () => {
  const context = await ui.page.context().browser()!.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page);
    const before = await publicVersion(page, 'Logo horizontal, blanc sur fond foncé');
    await page.goto(`${WEB()}/pro/kit/version?actif=logo-horizontal-white`);
    await page.getByLabel(/Fichier maître/).setInputFiles({ name: 'hostile.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script></svg>') });
    await page.getByRole('button', { name: 'Téléverser et voir les déclinaisons' }).click();
    await page.waitForURL(/\/pro\/kit\/version\?actif=logo-horizontal-white&erreur=UNSAFE_SVG/);
    expect(await page.locator('#file-error').textContent()).toContain('Le SVG contient des scripts');
    expect(await page.getByLabel(/Fichier maître/).getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel(/Fichier maître/).setInputFiles({ name: 'blanc.svg', mimeType: 'image/svg+xml', buffer: testSvg('#ffffff') });
    await page.getByRole('button', { name: 'Téléverser et voir les déclinaisons' }).click();
    await page.waitForURL(/\/pro\/kit\/apercu\?actif=logo-horizontal-white&televersement=/);
    expect(await page.locator('.rendition-card').count()).toBe(9);
    await page.getByRole('button', { name: 'Annuler' }).click();
    await page.waitForURL(/\/pro\/kit\?annule=1/);
    expect(await page.getByRole('status').textContent()).toBe('Téléversement annulé : rien n’a été publié.');
    expect(await publicVersion(page, 'Logo horizontal, blanc sur fond foncé')).toBe(before);
  } finally {
    await context.close();
  }
});

test('the Pôle edits a colour: a wrong HEX is shown next to its field, then the colour is saved with its contrasts', async () => {
  const page = ui.page;
  await signIn(page);
  await page.goto(`${WEB()}/pro/kit`);
  const card = page.locator('.swatch-card', { has: page.getByRole('heading', { name: 'Grès des Vosges clair' }) });
  expect(await card.locator('.contrast').textContent()).toMatch(/^Contraste : 1\.\d\d:1 sur blanc \(insuffisant\) · \d+\.\d\d:1 sur noir \(AAA\)$/);
  await card.getByText('Modifier « Grès des Vosges clair »').click();
  await card.getByLabel('HEX (#rrggbb)').fill('#e8d8b');
  await card.getByLabel('Pantone (facultatif)').fill('7506 U');
  await card.getByRole('button', { name: 'Enregistrer — Grès des Vosges clair' }).click();
  const failed = page.locator('.swatch-card', { has: page.getByRole('heading', { name: 'Grès des Vosges clair' }) });
  expect(await failed.getByLabel('HEX (#rrggbb)').getAttribute('aria-invalid')).toBe('true');
  expect(await failed.locator('#sw-sable-hex-error').textContent()).toBe('Un HEX de la forme #0b5c8a.');
  expect(await failed.getByLabel('Pantone (facultatif)').inputValue()).toBe('7506 U');
  await checkBothSizes(page);

  await failed.getByLabel('HEX (#rrggbb)').fill('#e8d8b0');
  await failed.getByRole('button', { name: 'Enregistrer — Grès des Vosges clair' }).click();
  await page.waitForURL(/\/pro\/kit\?couleur=sable/);
  expect(await page.getByRole('status').textContent()).toBe('La couleur « Grès des Vosges clair » est enregistrée ; le kit a été reconstruit.');
  expect(await page.locator('.swatch-card', { has: page.getByRole('heading', { name: 'Grès des Vosges clair' }) }).textContent()).toContain('Pantone 7506 U');
  await page.goto(`${WEB()}/kit`);
  expect(await page.locator('table.palette').textContent()).toContain('7506 U');
});

test('a new charter version asks partners to accept again, and the Pôle sees who did', async () => {
  const adminToken = (await graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: admin().email, p: admin().password })).login.token as string;
  const email = `charte-${Date.now()}@partenaire.example`;
  const partner = await registerPartner('Atelier de la charte (test)', email, false);
  await graphql(`mutation($o: ID!) { decidePartner(organisationId: $o, approve: true) }`, { o: partner.id }, adminToken);
  const { version } = (await graphql(`{ brandCharter { version } }`)).brandCharter;
  await graphql(`mutation($v: Int!) { acceptBrandCharter(version: $v) { status } }`, { v: version }, partner.token);

  const page = ui.page;
  await signIn(page);
  await page.goto(`${WEB()}/pro/kit`);
  expect(await page.locator('#charter ~ p').first().textContent()).toContain(`La version ${version} est en vigueur`);
  // The French text is required: the refusal is next to its field.
  await page.getByRole('button', { name: `Publier la version ${version + 1}` }).click();
  expect(await page.getByLabel('Texte (français)').getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('#charter-textFr-error').textContent()).toBe('Indiquez le texte en français.');
  await checkBothSizes(page);
  await page.getByLabel('Texte (français)').fill('Charte d’usage, version révisée pour le test.\n\n1. Le logo est utilisé tel quel.');
  await page.getByLabel('Texte (anglais, facultatif)').fill('Usage charter, revised for the test.');
  await page.getByRole('button', { name: `Publier la version ${version + 1}` }).click();
  await page.waitForURL(new RegExp(`/pro/kit\\?charte=${version + 1}`));
  expect(await page.getByRole('status').textContent()).toBe(`La version ${version + 1} de la charte est publiée : les partenaires doivent l’accepter de nouveau.`);
  expect(await page.getByTestId('charter-accepted').textContent()).toBe('0 partenaire l’a acceptée.');

  // The partner signs in on /kit/partenaires and is asked to accept the new version.
  const partnerContext = await page.context().browser()!.newContext({ viewport: { width: 390, height: 844 } });
  const partnerPage = await partnerContext.newPage();
  await partnerPage.goto(`${WEB()}/kit/partenaires`);
  await partnerPage.locator('#login-email').fill(email);
  await partnerPage.locator('#login-password').fill('un mot de passe solide');
  await partnerPage.getByRole('button', { name: 'Se connecter', exact: true }).click();
  expect(await partnerPage.getByText('Une nouvelle version de la charte d’usage est en vigueur').count()).toBe(1);
  expect(await partnerPage.locator('.charter').textContent()).toContain('version révisée pour le test');
  expect(await accessibilityViolations(partnerPage)).toEqual([]);
  await partnerPage.getByRole('button', { name: `J’accepte la charte d’usage, version ${version + 1}` }).click();
  expect(await partnerPage.getByText('Votre structure est partenaire').count()).toBe(1);
  await partnerContext.close();

  await page.reload();
  expect(await page.getByTestId('charter-accepted').textContent()).toBe('1 partenaire l’a acceptée.');
});

test('a partner registers, the Pôle refuses it with a reason the partner reads and receives, then approves another, listed in the directory', async () => {
  const stamp = Date.now();
  const refusedName = `Collectif refusé ${stamp}`;
  const refusedEmail = `refus-${stamp}@partenaire.example`;
  const partnerContext = await ui.page.context().browser()!.newContext({ viewport: { width: 1280, height: 800 } });
  const partnerPage = await partnerContext.newPage();
  await partnerPage.goto(`${WEB()}/kit/partenaires`);
  await partnerPage.getByLabel('Nom de la structure').fill(refusedName);
  await partnerPage.getByLabel('SIRET (14 chiffres)').fill(randomSiret());
  await partnerPage.getByLabel('Type de structure').selectOption('COMPANY');
  await partnerPage.getByLabel('Votre nom').fill('Alix');
  await partnerPage.getByLabel('Adresse électronique').first().fill(refusedEmail);
  await partnerPage.getByLabel('Mot de passe (12 caractères au moins)').first().fill('un mot de passe solide');
  await partnerPage.getByRole('button', { name: 'Créer mon compte partenaire' }).click();
  // The partner confirms its address from the e-mail received; the request then waits for the Pôle.
  await partnerPage.getByText(/Confirmez votre adresse avec le lien reçu par courriel/).waitFor();
  await partnerPage.goto(`${WEB()}/kit/partenaires?confirmer=${encodeURIComponent(await partnerConfirmationToken(refusedEmail))}`);
  expect(await partnerPage.getByText('attend la validation').count()).toBe(1);

  const approvedName = `Association acceptée ${stamp}`;
  await registerPartner(approvedName, `accord-${stamp}@partenaire.example`, true);

  const page = ui.page;
  await signIn(page);
  await page.goto(`${WEB()}/pro/partenaires?statut=PENDING`);
  await checkBothSizes(page);
  const request = page.locator('.request', { has: page.getByRole('heading', { name: refusedName }) });
  expect(await request.textContent()).toContain(refusedEmail);
  expect(await request.textContent()).toContain('ne souhaite pas y apparaître');

  // Refusing without a reason is refused, next to the field.
  await request.getByRole('button', { name: `Refuser — ${refusedName}` }).click();
  const again = page.locator('.request', { has: page.getByRole('heading', { name: refusedName }) });
  expect(await again.getByLabel('Motif du refus (transmis au partenaire)').getAttribute('aria-invalid')).toBe('true');
  expect(await again.locator('.field-error').textContent()).toBe('Indiquez le motif du refus : il sera transmis au partenaire.');
  await checkBothSizes(page);
  const reason = 'Votre structure n’a pas d’activité sur le territoire du Pôle.';
  await again.getByLabel('Motif du refus (transmis au partenaire)').fill(reason);
  await again.getByRole('button', { name: `Refuser — ${refusedName}` }).click();
  await page.waitForURL(/\/pro\/partenaires\?statut=PENDING&refuse=/);
  expect(await page.getByRole('status').textContent()).toBe(`« ${refusedName} » est refusée ; le motif lui a été envoyé par e-mail.`);
  expect(await page.getByRole('heading', { name: refusedName }).count()).toBe(0);

  // The partner reads the reason in its area, and received it by e-mail.
  await partnerPage.reload();
  expect(await partnerPage.getByText(`Motif donné par le Pôle : ${reason}`).count()).toBe(1);
  expect(await accessibilityViolations(partnerPage)).toEqual([]);
  const mail = await mailTo(refusedEmail, reason);
  expect(mail.subject).toContain('n’est pas acceptée');
  expect(mail.text).toContain('/kit/partenaires');
  await partnerContext.close();

  // The other one is approved; it asked to be listed, so the public directory shows it.
  await page.locator('.request', { has: page.getByRole('heading', { name: approvedName }) }).getByRole('button', { name: `Accepter — ${approvedName}` }).click();
  await page.waitForURL(/accepte=/);
  expect(await page.getByRole('status').textContent()).toBe(`« ${approvedName} » est acceptée ; ses administrateurs ont été prévenus par e-mail.`);
  await page.goto(`${WEB()}/pro/partenaires?statut=APPROVED`);
  expect(await page.locator('.request', { has: page.getByRole('heading', { name: approvedName }) }).textContent()).toContain('y apparaît');
  await page.goto(`${WEB()}/pro/partenaires?statut=REJECTED`);
  expect(await page.locator('.request', { has: page.getByRole('heading', { name: refusedName }) }).textContent()).toContain(reason);
  await checkBothSizes(page);
  await page.goto(`${WEB()}/kit`);
  expect(await page.locator('#directory ~ ul').getByText(approvedName).count()).toBe(1);
});

test('the kit pages of the espace pro speak English and German, and are clean for axe', async () => {
  const page = ui.page;
  await signIn(page);
  for (const [path, heading] of [['/en/pro/kit', 'Brand kit'], ['/de/pro/kit', 'Markenkit'], ['/en/pro/partenaires', 'Partnership requests'], ['/de/pro/partenaires', 'Partneranfragen']]) {
    await page.goto(WEB() + path);
    expect(await page.locator('h1').textContent()).toBe(heading);
    expect(await accessibilityViolations(page)).toEqual([]);
  }
  await page.goto(`${WEB()}/de/pro/kit/version?actif=logo-horizontal-colour`);
  expect(await page.locator('h1').textContent()).toBe('Neue Version von „Logo horizontal, farbig“');
  expect(await accessibilityViolations(page)).toEqual([]);
});

test('an approved partner gives its logo with a progress bar and downloads its lockups, seen on both grounds; a refused file says why in the page’s language', async () => {
  const adminToken = (await graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: admin().email, p: admin().password })).login.token as string;
  const email = `lockup-${Date.now()}@partenaire.example`;
  const partner = await registerPartner('Atelier des Forges (logos associés)', email, false);
  await graphql(`mutation($o: ID!) { decidePartner(organisationId: $o, approve: true) }`, { o: partner.id }, adminToken);
  const { version } = (await graphql(`{ brandCharter { version } }`)).brandCharter;
  await graphql(`mutation($v: Int!) { acceptBrandCharter(version: $v) { status } }`, { v: version }, partner.token);

  const context = await ui.page.context().browser()!.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${WEB()}/kit/partenaires`);
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill('un mot de passe solide');
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  expect(await page.getByRole('heading', { name: 'Vos logos associés (co-branding)' }).count()).toBe(1);

  // Too small to print: refused, the reason in French next to the field, nothing attached.
  const tiny = Buffer.from(
    (await page.evaluate(() => {
      const canvas = Object.assign(document.createElement('canvas'), { width: 60, height: 30 });
      canvas.getContext('2d')!.fillRect(0, 0, 60, 30);
      return canvas.toDataURL('image/png');
    })).split(',')[1]!,
    'base64',
  );
  await page.getByLabel(/Logo de votre structure/).setInputFiles({ name: 'petit.png', mimeType: 'image/png', buffer: tiny });
  await page.getByRole('button', { name: 'Déposer le logo' }).click();
  await page.waitForURL(/erreur-logo=LOGO_TOO_SMALL/);
  expect(await page.locator('#partner-logo-error').textContent()).toBe('Ce logo est trop petit pour être imprimé net : donnez un fichier d’au moins 400 px de côté, ou un SVG.');
  expect(await page.getByLabel(/Logo de votre structure/).getAttribute('aria-invalid')).toBe('true');

  // An SVG logo: sent by XHR to the same-origin proxy (its progress shown), then attached.
  const upload = page.waitForRequest((request) => request.url().includes('/kit/logo-partenaire') && request.method() === 'POST');
  await page.getByLabel(/Logo de votre structure/).setInputFiles({ name: 'forges.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100"><rect width="300" height="100" rx="12" fill="#8a3b12"/><text x="150" y="62" font-size="40" text-anchor="middle" fill="#ffffff">FORGES</text></svg>') });
  await page.getByRole('button', { name: 'Déposer le logo' }).click();
  expect((await upload).headers()['x-csrf-token']).toMatch(/^[A-Za-z0-9_-]{32,}$/);
  await page.waitForURL(/ok=logo/);
  expect(await page.getByRole('status').filter({ hasText: 'Votre logo est enregistré' }).count()).toBe(1);
  const cards = page.locator('.lockup-card');
  expect(await cards.count()).toBe(4);
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.lockup-card img')].every((img) => img.complete && img.naturalWidth > 0));
  expect(await cards.first().locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2400);
  expect(await cards.first().textContent()).toMatch(/Pas moins de \d+ px de large à l’écran, \d+ mm à l’impression/);
  const pdfLink = cards.nth(1).getByRole('link', { name: /^PDF/ });
  expect(await pdfLink.getAttribute('download')).toBe('nfc_atelier_des_forges_logos_associes_horizontal_fonce_v1.pdf');
  const pdf = await page.request.get((await pdfLink.getAttribute('href'))!);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  await checkBothSizes(page);
  await context.close();
});
