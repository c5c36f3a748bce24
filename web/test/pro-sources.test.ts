import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessibilityViolations, useBrowserPage } from './browser';

const WEB = () => process.env.NFC_WEB_URL!;
const API = () => process.env.NFC_API_URL!;
const ui = useBrowserPage();

async function graphql(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<{ data?: any; errors?: Array<{ message: string }> }> {
  const response = await fetch(`${API()}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as never;
}

/** An office's editor, created by the dev Pôle admin through the API. */
const editor = { email: '', password: `Mot-de-passe-${randomBytes(6).toString('hex')}` };
beforeAll(async () => {
  const admin = JSON.parse(readFileSync(join(process.env.NFC_DATA_DIR!, 'dev-admin.json'), 'utf8')) as { email: string; password: string };
  const token = (await graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: admin.email, p: admin.password })).data.login.token;
  const suffix = randomBytes(4).toString('hex');
  const office = await graphql(`mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }`, { i: { name: `OT sources ${suffix}`, kind: 'TOURISM_OFFICE', epciSiren: '200069052' } }, token);
  editor.email = `sources-${suffix}@example.org`;
  const user = await graphql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { organisationId: office.data.createOrganisation.id, email: editor.email, password: editor.password, displayName: 'Éditeur Sources', role: 'EDITOR' } }, token);
  if (!user.data) throw new Error(JSON.stringify(user.errors));
});

/** An Apidae export of two events: one in Belfort, one in Paris (outside the territory). */
function apidaeFile(): string {
  const object = (id: number, title: string, insee: string) => ({
    id,
    type: 'FETE_ET_MANIFESTATION',
    nom: { libelleFr: title },
    localisation: { adresse: { commune: { code: insee } } },
    ouverture: { periodesOuvertures: [{ dateDebut: '2027-06-21', dateFin: '2027-06-21', horaireOuverture: '18:00:00', horaireFermeture: '23:00:00' }] },
    informationsFeteEtManifestation: { categories: [{ id: 2083, libelleFr: 'Musique' }] },
  });
  const path = join(mkdtempSync(join(tmpdir(), 'nfc-sources-')), 'export-apidae.json');
  writeFileSync(path, JSON.stringify([object(7001, 'Fête de la musique à Belfort', '90010'), object(7002, 'Salon parisien', '75056')]));
  return path;
}

test('an office registers a file source by keyboard, reads the dry run item by item, imports it and reads the log; axe finds nothing', async () => {
  const page = ui.page;
  await page.goto(`${WEB()}/pro`);
  await page.getByLabel('Adresse e-mail').fill(editor.email);
  await page.getByLabel('Mot de passe').fill(editor.password);
  await Promise.all([page.waitForURL(`${WEB()}/pro`), page.getByRole('button', { name: 'Se connecter' }).click()]);

  await page.getByRole('link', { name: 'Sources d’import' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sources d’import' }).waitFor();
  expect(await accessibilityViolations(page)).toEqual([]);

  // A form without a name nor a place to read from: both problems at once, in French.
  await page.getByRole('button', { name: 'Ajouter la source' }).click();
  await page.getByRole('alert').waitFor();
  expect(await page.getByRole('alert').textContent()).toContain('Donnez un nom à la source.');
  expect(await page.getByRole('alert').textContent()).toContain('Indiquez l’adresse du flux ou envoyez un fichier.');

  await page.getByLabel('Nom de la source').fill('Export Apidae');
  await page.getByLabel('Format').selectOption('apidae');
  await page.getByLabel('Fichier exporté').setInputFiles(apidaeFile());
  await page.getByLabel(/^Table des catégories/).fill('Musique = concert');
  await page.getByLabel('Nom de la source').focus();
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: 'La source est ajoutée' }).waitFor();
  expect(await page.locator('[data-source]').textContent()).toContain('export-apidae.json');

  await page.getByRole('button', { name: 'Essai à blanc — Export Apidae' }).click();
  const report = page.locator('[data-report]');
  await report.waitFor();
  expect(await report.textContent()).toContain('1 créés, 0 mis à jour, 0 inchangés, 0 annulés, 0 supprimés, 1 refusés');
  expect(await report.locator('tr[data-outcome="CREATED"]').textContent()).toContain('Fête de la musique à Belfort');
  expect(await report.locator('tr[data-outcome="REFUSED"]').textContent()).toContain('place.communeInsee');
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Importer maintenant — Export Apidae' }).click();
  await page.getByRole('status').filter({ hasText: 'L’import est lancé' }).waitFor();
  // The run is queued; the page shows it as it stands, and each visit shows its progress.
  const finished = page.locator('[data-run-state="SUCCEEDED"], [data-run-state="FAILED"]');
  for (let visit = 0; visit < 50 && !(await finished.count()); visit += 1) await page.reload();
  expect(await page.locator('[data-run-state="SUCCEEDED"]').textContent()).toContain('1 créés');
  await page.locator('[data-run-state="SUCCEEDED"] a').click();
  const run = page.locator('[data-run]');
  await run.waitFor();
  expect(await run.textContent()).toContain('Salon parisien');
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.goto(`${WEB()}/de/pro/sources`);
  await page.getByRole('heading', { level: 1, name: 'Importquellen' }).waitFor();
});
