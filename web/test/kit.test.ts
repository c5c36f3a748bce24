import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessibilityViolations, useBrowserPage } from './browser';
import { mailedLink, partnerConfirmationToken } from './stack-api';

const WEB = () => process.env.NFC_WEB_URL!;
const API = () => process.env.NFC_API_URL!;
const ui = useBrowserPage();

async function download(linkName: string | RegExp): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([ui.page.waitForEvent('download'), ui.page.getByRole('link', { name: linkName }).first().click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
}

async function graphql(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await fetch(`${API()}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}

test('a visitor downloads a public PNG and the whole kit, and both files are valid', async () => {
  await ui.page.goto(`${WEB()}/kit`);
  const png = await download(/Télécharger PNG 2048 px.*Logo horizontal, couleur/);
  expect(png.name).toMatch(/^nfc_logo_horizontal_couleur_2048_v\d+\.png$/);
  expect(png.bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(png.bytes.readUInt32BE(16)).toBe(2048); // IHDR width

  const zip = await download(/Télécharger tout le kit/);
  // The kit is rebuilt whenever a version or the palette changes (pro-kit.test.ts does both).
  expect(zip.name).toMatch(/^kit_nord_franche_comté_v\d+\.zip$/);
  expect(zip.bytes.subarray(0, 2).toString()).toBe('PK');
  expect(zip.bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))).toBeGreaterThan(0);
  expect(zip.bytes.includes('LISEZMOI.txt')).toBe(true);
  expect(zip.bytes.includes('nfc_logo_vertical')).toBe(false);
});

test('the kit page shows each public logo and the pictogram on light and dark, the palette and the rules, in three languages', async () => {
  for (const [path, heading] of [['/kit', 'Kit de communication'], ['/en/kit', 'Brand kit'], ['/de/kit', 'Markenkit']]) {
    await ui.page.goto(WEB() + path);
    expect(await ui.page.locator('h1').textContent()).toBe(heading);
    // Three public logos, and the pictogram whose first downloads are its favicons.
    expect(await ui.page.locator('.logo-card').count()).toBe(4);
    expect(await ui.page.locator('.previews .on-dark img').count()).toBe(4);
    expect(await ui.page.locator('#pictogram ~ .logo-grid .logo-card .downloads').first().textContent()).toContain('PNG 32 px (favicon)');
    expect(await ui.page.locator('table.palette tbody tr').count()).toBe(6);
  }
});

test('a non-partner is refused a partner asset, whatever the URL', async () => {
  for (const path of ['/brand/assets/logo-vertical-colour/v/1/png-512', '/brand/assets/logo-vertical-colour/latest/master']) {
    const response = await ui.page.request.get(API() + path, { maxRedirects: 0 });
    expect(response.status()).toBe(403);
  }
  await ui.page.goto(`${WEB()}/kit`);
  expect(await ui.page.getByText('Logo vertical').count()).toBe(0);
});

test('a partner registers, accepts the charter, is approved by the Pôle, then downloads partner logos', async () => {
  await ui.page.goto(`${WEB()}/kit/partenaires`);
  expect(await accessibilityViolations(ui.page)).toEqual([]);

  // A mistyped SIRET comes back with a clear message next to the form, nothing created.
  await ui.page.getByLabel('Nom de la structure').fill('Festival des Eurockéennes (test)');
  await ui.page.getByLabel('SIRET (14 chiffres)').fill('73282932000075');
  await ui.page.getByLabel('Type de structure').selectOption('EVENT_ORGANISER');
  await ui.page.getByLabel('Intercommunalité (facultatif)').selectOption('200069052');
  await ui.page.getByLabel('Votre nom').fill('Camille');
  await ui.page.getByLabel('Adresse électronique').first().fill('camille@festival.example');
  await ui.page.getByLabel('Mot de passe (12 caractères au moins)').first().fill('un mot de passe solide');
  await ui.page.getByRole('button', { name: 'Créer mon compte partenaire' }).click();
  await expect(ui.page.getByRole('alert').textContent()).resolves.toContain('SIRET');
  expect(await accessibilityViolations(ui.page)).toEqual([]);

  await ui.page.getByLabel('SIRET (14 chiffres)').fill('73282932000074');
  await ui.page.getByLabel('Mot de passe (12 caractères au moins)').first().fill('un mot de passe solide');
  await ui.page.getByRole('button', { name: 'Créer mon compte partenaire' }).click();
  // Whatever version is in force (pro-kit.test.ts publishes new ones).
  await ui.page.getByRole('button', { name: /J’accepte la charte d’usage, version \d+/ }).click();
  // Not counted until the address is confirmed: the partner follows the link of the e-mail received.
  expect(await ui.page.getByText(/Confirmez votre adresse avec le lien reçu par courriel/).count()).toBe(1);
  expect(await accessibilityViolations(ui.page)).toEqual([]);
  await ui.page.goto(`${WEB()}/kit/partenaires?confirmer=${encodeURIComponent(await partnerConfirmationToken('camille@festival.example'))}`);
  await expect(ui.page.getByRole('status').first().textContent()).resolves.toContain('Adresse confirmée : la demande de « Festival des Eurockéennes (test) » est transmise au Pôle');
  await expect(ui.page.getByRole('status').nth(1).textContent()).resolves.toContain('attend la validation');
  expect(await accessibilityViolations(ui.page)).toEqual([]);

  // The Pôle approves (its development admin, whose password npm start prints).
  const admin = JSON.parse(readFileSync(join(process.env.NFC_DATA_DIR!, 'dev-admin.json'), 'utf8'));
  const token = (await graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: admin.email, p: admin.password })).data.login.token;
  const organisations = (await graphql(`{ organisations { id name } }`, {}, token)).data.organisations;
  const partner = organisations.find((o: any) => o.name === 'Festival des Eurockéennes (test)');
  expect((await graphql(`mutation($o: ID!) { decidePartner(organisationId: $o, approve: true) }`, { o: partner.id }, token)).data.decidePartner).toBe('APPROVED');

  await ui.page.goto(`${WEB()}/kit`);
  expect(await ui.page.getByRole('heading', { name: 'Logos réservés aux partenaires' }).count()).toBe(1);
  const png = await download(/Télécharger PNG 2048 px.*Logo vertical, couleur/);
  expect(png.name).toMatch(/^nfc_logo_vertical_couleur_2048_v\d+\.png$/);
  expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
  const kit = await download(/Télécharger le kit partenaires/);
  expect(kit.bytes.includes('nfc_logo_vertical_couleur_2048.png')).toBe(true);
  // It did not ask to be listed, so the public directory does not show it.
  expect(await ui.page.getByRole('heading', { name: 'Annuaire des partenaires' }).count()).toBe(1);
  expect(await ui.page.locator('#directory ~ ul, #directory + ul').getByText('Festival des Eurockéennes (test)').count()).toBe(0);
  expect(await accessibilityViolations(ui.page)).toEqual([]);
});

test('axe finds no violation on the kit page in German', async () => {
  await ui.page.goto(`${WEB()}/de/kit`);
  expect(await accessibilityViolations(ui.page)).toEqual([]);
});

test('a visitor asks to be told of new versions, confirms from the e-mail, and may leave with a button (not by opening a link)', async () => {
  const page = ui.page;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${WEB()}/kit`);
  await page.getByRole('link', { name: 'Être prévenu par courriel des nouvelles versions des fichiers du kit' }).click();
  await page.waitForURL(/\/kit\/abonnement$/);
  await page.getByLabel('Votre adresse électronique').fill('pas-une-adresse');
  await page.getByRole('button', { name: 'M’abonner' }).click();
  expect(await page.locator('#subscribe-email-error').textContent()).toBe('Indiquez une adresse électronique valable.');
  expect(await page.getByLabel('Votre adresse électronique').getAttribute('aria-invalid')).toBe('true');
  expect(await accessibilityViolations(page)).toEqual([]);

  const email = `abonne-${Date.now()}@atelier.example`;
  await page.getByLabel('Votre adresse électronique').fill(email);
  await page.getByRole('button', { name: 'M’abonner' }).click();
  await page.waitForURL(/ok=envoye/);
  expect(await page.getByRole('status').textContent()).toContain('un courriel de confirmation vient de partir');

  const link = await mailedLink(email, /(https?:\/\/\S+\/kit\/abonnement\?abonnement=\S+)/);
  // The link itself changes nothing (mail scanners open links): its page asks for a click.
  await page.goto(link.replace(/^https?:\/\/[^/]+/, WEB()));
  await page.getByRole('button', { name: 'Confirmer mon abonnement' }).click();
  await page.waitForURL(/ok=confirme/);
  expect(await page.getByRole('status').textContent()).toBe('Abonnement confirmé : vous serez prévenu de chaque nouvelle version d’un fichier public du kit.');
  expect(await accessibilityViolations(page)).toEqual([]);

  // A forged leave link opens a page with a button; pressing it says the link is not valid.
  await page.goto(`${WEB()}/kit/abonnement?desabonnement=forged`);
  await page.getByRole('button', { name: 'Me désabonner' }).click();
  expect(await page.getByRole('alert').first().textContent()).toContain('Ce lien n’est pas valable');
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(await accessibilityViolations(page)).toEqual([]);
});
