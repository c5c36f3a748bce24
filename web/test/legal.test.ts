import { mkdirSync } from 'node:fs';
import { accessibilityViolations, useBrowserPage } from './browser';

/** What the law asks of a public site: the legal notice, the accessibility statement, the privacy page, in three languages. */
const WEB = () => process.env.NFC_WEB_URL!;
const ui = useBrowserPage();
const SHOTS = '/tmp/legal-shots';

const PAGES = [
  ['fr', '/mentions-legales', 'Mentions légales'],
  ['en', '/en/mentions-legales', 'Legal notice'],
  ['de', '/de/mentions-legales', 'Impressum'],
  ['fr', '/accessibilite', "Déclaration d'accessibilité"],
  ['en', '/en/accessibilite', 'Accessibility statement'],
  ['de', '/de/accessibilite', 'Erklärung zur Barrierefreiheit'],
  ['fr', '/confidentialite', 'Données personnelles'],
  ['en', '/en/confidentialite', 'Personal data'],
  ['de', '/de/confidentialite', 'Datenschutz'],
] as const;
const VIEWPORTS = [
  ['phone', 390, 844],
  ['desktop', 1280, 800],
] as const;

beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

describe.each(PAGES)('%s %s', (language, path, title) => {
  test.each(VIEWPORTS)('answers 200, in its language, axe-clean on a %s (%i×%i)', async (name, width, height) => {
    await ui.page.setViewportSize({ width, height });
    const response = await ui.page.goto(WEB() + path);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['cache-control']).toBe('public, max-age=86400');
    expect(await ui.page.getAttribute('html', 'lang')).toBe(language);
    expect(await ui.page.locator('h1').textContent()).toBe(title);
    // Nothing wider than the screen: long addresses wrap.
    expect(await ui.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    expect(await accessibilityViolations(ui.page)).toEqual([]);
    await ui.page.screenshot({ path: `${SHOTS}/${path.slice(1).replace(/\//g, '_')}-${name}.png`, fullPage: true });
  });
});

test.each([
  ['/accessibilite', 'non conforme', 'Schéma pluriannuel de mise en accessibilité 2027–2029', 'Défenseur des droits'],
  ['/en/accessibilite', 'non-compliant', 'Multi-year accessibility plan 2027–2029', 'Défenseur des droits'],
  ['/de/accessibilite', 'nicht konform', 'Mehrjahresplan zur Barrierefreiheit 2027–2029', 'Défenseur des droits'],
])('%s declares the site %j (no audit yet), with its multi-year scheme, this year’s plan, a contact and the remedies', async (path, status, scheme, remedy) => {
  await ui.page.goto(WEB() + path);
  const text = (await ui.page.locator('main').textContent())!;
  expect(text).toContain(status);
  expect(text).not.toMatch(/partiellement conforme|partially compliant|teilweise konform/);
  expect(await ui.page.getByRole('heading', { level: 2, name: scheme }).count()).toBe(1);
  expect(await ui.page.getByRole('heading', { level: 2, name: /^(Plan d’action|Action plan|Aktionsplan) \d{4}$/ }).count()).toBe(1);
  expect(await ui.page.locator('main a[href="mailto:contact@pmnfc.fr"]').count()).toBe(1);
  expect(text).toContain(remedy);
  // The footer says the same.
  expect(await ui.page.locator('footer').textContent()).toContain(status);
});

test.each([
  ['/confidentialite', 'Mes photos : retirer, corriger, tout effacer', '/concours/mes-photos'],
  ['/en/confidentialite', 'My photos: withdraw, correct, erase everything', '/en/concours/mes-photos'],
  ['/de/confidentialite', 'Meine Fotos: zurückziehen, korrigieren, alles löschen', '/de/concours/mes-photos'],
])('%s names the cookies the site sets, and leads to the contest’s own erasure and export', async (path, erase, erasePath) => {
  await ui.page.goto(WEB() + path);
  const terms = await ui.page.locator('main dt').allTextContents();
  expect(terms).toEqual(expect.arrayContaining(['nfc_session', 'nfc_csrf', 'nfc_contest_entrant', 'nfc_contest_voter', 'nfc_contest_juror']));
  const text = (await ui.page.locator('main').textContent())!;
  expect(text).toMatch(/EXIF/);
  expect(text).toMatch(/GPS/);
  expect(text).not.toMatch(/aucun cookie n|sets no cookie and|keine Cookies gesetzt/);
  expect(await ui.page.getByRole('link', { name: erase }).getAttribute('href')).toBe(erasePath);
  expect(await ui.page.locator('main a[href="/concours/mes-donnees.json"]').count()).toBe(1);
  expect(await ui.page.locator('main a[href="mailto:contact@pmnfc.fr"]').count()).toBe(1);
});

test.each([
  ['/mentions-legales', 'À compléter par le Pôle', 'Le président du Pôle métropolitain Nord Franche-Comté'],
  ['/en/mentions-legales', 'To be completed by the Pôle', 'The president of the Pôle métropolitain Nord Franche-Comté'],
  ['/de/mentions-legales', 'Vom Pôle zu ergänzen', 'Der Präsident bzw. die Präsidentin des Pôle métropolitain Nord Franche-Comté'],
])('%s names the publisher and its director by function, and marks what this deployment has not set', async (path, missing, director) => {
  await ui.page.goto(WEB() + path);
  const text = (await ui.page.locator('main').textContent())!;
  expect(text).toContain('Pôle métropolitain Nord Franche-Comté');
  expect(text).toContain('10 rue Frédéric Japy, Le Quasar 2, 25200 Montbéliard');
  expect(text).toContain(director);
  expect(text).toMatch(/Licence Ouverte( \/ Open Licence)? 2\.0/);
  // No SIREN nor host is set on the test stack: marked, never invented.
  expect(await ui.page.locator('main [data-missing]').allTextContents()).toEqual(Array(4).fill(`[${missing}]`));
  expect(text).not.toMatch(/\d{3} \d{3} \d{3}(?!\d)/);
});

test.each([
  ['/', ['/mentions-legales', '/accessibilite', '/confidentialite']],
  ['/en/agenda', ['/en/mentions-legales', '/en/accessibilite', '/en/confidentialite']],
  ['/de/territoire', ['/de/mentions-legales', '/de/accessibilite', '/de/confidentialite']],
])('the footer of %s links to the three pages in its language', async (path, links) => {
  await ui.page.goto(WEB() + path);
  const hrefs = await ui.page.locator('footer a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(hrefs).toEqual(expect.arrayContaining(links));
});
