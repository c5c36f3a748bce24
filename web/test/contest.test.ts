import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { accessibilityViolations, useBrowserPage } from './browser';

const WEB = () => process.env.NFC_WEB_URL!;
const API = () => process.env.NFC_API_URL!;
const ui = useBrowserPage();

/** The code in the latest message to `to`, from the stack's real SMTP server. */
async function codeFor(to: string, seen: Set<string>): Promise<string> {
  const dir = join(process.env.NFC_DATA_DIR!, 'received-mail');
  for (let i = 0; i < 100; i += 1) {
    for (const file of readdirSync(dir).sort().reverse()) {
      if (seen.has(file)) continue;
      const mail = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { to: string[]; text: string };
      if (mail.to.includes(to)) {
        seen.add(file);
        return /\b(\d{6})\b/.exec(mail.text)![1]!;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail to ${to}`);
}

async function graphql(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await fetch(`${API()}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: any; errors?: any[] };
}

/** A 2.2 MP camera photo taken in Belfort (EXIF GPS), made for the test. */
async function photo(): Promise<Buffer> {
  return sharp({ create: { width: 1800, height: 1200, channels: 3, background: '#4b7f52', noise: { type: 'gaussian', mean: 110, sigma: 25 } } })
    .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '47/1 38/1 1680/100', GPSLongitudeRef: 'E', GPSLongitude: '6/1 51/1 4608/100' } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

describe('the photo contest, in a real browser', () => {
  const seen = new Set<string>();
  const resident = 'habitante@example.org';

  test('a resident registers, verifies by the emailed code and submits a photo with a progress bar', async () => {
    const { page } = ui;
    await page.goto(`${WEB()}/concours/participer`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Adresse électronique').fill(resident);
    await page.getByLabel('Nom et prénom (non publiés)').fill('Claire Habitante');
    await page.getByLabel('Commune de résidence').selectOption('90010');
    await page.getByLabel('Nom à publier avec vos photos').fill('Claire H.');
    await page.getByLabel(/J’accepte le règlement/).check();
    await page.getByLabel(/J’accorde au Pôle/).check();
    await page.getByRole('button', { name: 'Recevoir mon code' }).click();
    await page.waitForURL(/etape=code/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Code à 6 chiffres').fill(await codeFor(resident, seen));
    await page.getByRole('button', { name: 'Valider' }).click();
    await page.getByRole('heading', { name: 'Envoyer une photo' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Photo', { exact: true }).setInputFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: await photo() });
    await page.getByLabel('Titre').fill('La gare de Belfort au matin');
    await page.getByLabel(/Description pour les personnes aveugles/).fill('Le hall de la gare, vide, dans une lumière dorée');
    await page.getByLabel('Commune où la photo a été prise').selectOption('90010');
    // The upload is held at the network while the progress bar is checked, then let through.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/concours/televersement', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Envoyer la photo' }).click();
    const bar = page.locator('#upload-progress');
    await bar.waitFor({ state: 'visible' });
    expect(await page.locator('#upload-status').isVisible()).toBe(true);
    expect(Number(await bar.getAttribute('max'))).toBe(100);
    release();
    await page.getByText(/Merci ! Votre photo « La gare de Belfort au matin » est reçue/).waitFor();
  });

  test('the Pôle moderates it; it appears in the gallery and on the map; the public votes for it', async () => {
    const { page } = ui;
    const admin = JSON.parse(readFileSync(join(process.env.NFC_DATA_DIR!, 'dev-admin.json'), 'utf8')) as { email: string; password: string };
    await page.goto(`${WEB()}/concours/moderation`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Adresse électronique').fill(admin.email);
    await page.getByLabel('Mot de passe').fill(admin.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    const entry = page.getByRole('article', { name: 'La gare de Belfort au matin' });
    await entry.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await entry.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await page.getByText('Aucune photo à examiner.').waitFor();

    await page.waitForTimeout(5_100); // the site's 5-second cache of public contest reads
    await page.goto(`${WEB()}/concours`);
    const figure = page.locator('.gallery figure', { hasText: 'La gare de Belfort au matin' });
    await figure.waitFor();
    expect(await figure.textContent()).toContain('Claire H.');
    expect(await figure.locator('img').getAttribute('src')).toMatch(/\/media\/[0-9a-f]{64}\.jpg$/);
    expect(await page.locator('.coverage-map path').count()).toBe(197);
    expect(await accessibilityViolations(page)).toEqual([]);

    // The organisers open the public vote (submissions close first).
    const token = (await graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: admin.email, p: admin.password })).data.login.token;
    const contest = (await graphql(`{ contests { id } }`)).data.contests[0];
    const day = 24 * 3600 * 1000;
    const at = (days: number) => new Date(Date.now() + days * day).toISOString();
    const moved = await graphql(`mutation($id: ID!, $w: ContestWindowsInput!) { updateContestWindows(id: $id, windows: $w) { phase } }`, {
      id: contest.id,
      w: { submissionOpensAt: at(-10), submissionClosesAt: at(-1), moderationClosesAt: at(-1), juryOpensAt: at(-1), juryClosesAt: at(5), voteOpensAt: at(-0.5), voteClosesAt: at(4), resultsAt: at(6) },
    }, token);
    expect(moved.data.updateContestWindows.phase).toBe('VOTE');
    await page.waitForTimeout(5_100);

    const voter = 'voisin@example.org';
    await page.goto(`${WEB()}/concours/voter`);
    await page.getByLabel('Adresse électronique').fill(voter);
    await page.getByRole('button', { name: 'Recevoir mon code' }).click();
    await page.getByLabel('Code à 6 chiffres').fill(await codeFor(voter, seen));
    await page.getByRole('button', { name: 'Valider' }).click();
    const vote = page.getByRole('button', { name: 'Voter pour « La gare de Belfort au matin »' });
    await vote.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await vote.click();
    await page.getByText('Votre vote est enregistré.').waitFor();
    expect(await page.getByText('Votre choix').count()).toBe(1);
  });

  test.each(['/concours/resultats', '/en/concours/mes-photos', '/de/concours/jury', '/concours/autorisation'])('%s has no accessibility violation', async (path) => {
    await ui.page.goto(WEB() + path);
    expect(await accessibilityViolations(ui.page)).toEqual([]);
  });
});
