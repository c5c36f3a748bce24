import type { Browser, BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser } from './browser';

const WEB = () => process.env.NFC_WEB_URL!;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  // A fresh context per test: no state leaks between tests (and axe-core requires one).
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});
afterEach(async () => {
  await context?.close();
});

describe.each([
  ['fr', '/', 'Bienvenue en Nord Franche-Comté', 'Le territoire', 'Le territoire et ses intercommunalités'],
  ['en', '/en', 'Welcome to Nord Franche-Comté', 'The territory', 'The territory and its intercommunalities'],
  ['de', '/de', 'Willkommen in Nord Franche-Comté', 'Das Gebiet', 'Das Gebiet und seine Gemeindeverbände'],
])('in %s', (language, home, title, navLabel, territoryTitle) => {
  test('the home page shows the territory in figures, with hreflang alternates', async () => {
    const response = await page.goto(WEB() + home);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe(language);
    await expect(page.locator('h1').textContent()).resolves.toBe(title);
    const figures = await page.locator('.figures li strong').allTextContents();
    expect(figures.slice(1)).toEqual(['197', '5', '3']);
    const alternates = await page.locator('link[rel=alternate]').evaluateAll((links) => links.map((l) => [l.getAttribute('hreflang'), new URL(l.getAttribute('href')!).pathname]));
    expect(alternates).toEqual([
      ['fr', '/'],
      ['en', '/en'],
      ['de', '/de'],
      ['x-default', '/'],
    ]);
  });

  test('navigation leads to the territory and keeps the language', async () => {
    await page.goto(WEB() + home);
    await page.getByRole('navigation', { name: /navigation/i }).getByRole('link', { name: navLabel }).click();
    await page.waitForURL(/territoire$/);
    expect(await page.locator('h1').textContent()).toBe(territoryTitle);
    expect(await page.getAttribute('html', 'lang')).toBe(language);
    expect(await page.locator('.epci-list li').count()).toBe(5);
  });

  test('each EPCI on the map links to its page', async () => {
    await page.goto(WEB() + home);
    const links = page.locator('figure.map svg a');
    expect(await links.count()).toBe(5);
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const prefix = language === 'fr' ? '' : `/${language}`;
    expect(hrefs.sort()).toEqual(['200065647', '200069052', '200069060', '247000722', '249000241'].map((s) => `${prefix}/territoire/${s}`));
    await page.locator('figure.map svg a[aria-label="CA Grand Belfort"]').click();
    await page.waitForURL(/200069052$/);
    expect(await page.locator('h1').textContent()).toBe('CA Grand Belfort');
    expect(await page.locator('tbody tr').count()).toBe(52);
  });
});

test('the map is usable with the keyboard', async () => {
  await page.goto(WEB() + '/');
  const link = page.locator('figure.map svg a[aria-label="CC du Pays d\'Héricourt"]');
  await link.focus();
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe("CC du Pays d'Héricourt");
  await page.keyboard.press('Enter');
  await page.waitForURL(/247000722$/);
  expect(await page.locator('h1').textContent()).toBe("CC du Pays d'Héricourt");
});

test('the language switcher keeps the page', async () => {
  await page.goto(WEB() + '/territoire/200069052');
  await page.getByRole('navigation', { name: 'Langue' }).getByRole('link', { name: /Deutsch/ }).click();
  await page.waitForURL(/\/de\/territoire\/200069052$/);
  expect(await page.getAttribute('html', 'lang')).toBe('de');
});

test('the communes of an EPCI can be searched, ignoring accents, from the URL', async () => {
  await page.goto(WEB() + '/territoire/247000722');
  await page.getByLabel('Rechercher une commune').fill('HERIC');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.waitForURL(/\?q=HERIC$/);
  expect(await page.locator('tbody th').allTextContents()).toEqual(['Héricourt']);
  await page.goto(WEB() + '/territoire/247000722?q=zzzz');
  expect(await page.getByRole('status').textContent()).toContain('zzzz');
});

test('unknown pages answer 404 in the right language', async () => {
  const notFound = await page.goto(WEB() + '/de/territoire/123456789');
  expect(notFound?.status()).toBe(404);
  expect(await page.getAttribute('html', 'lang')).toBe('de');
  expect((await page.goto(WEB() + '/xx/territoire'))?.status()).toBe(404);
});

describe('accessibility: axe-core finds no WCAG 2.1 A/AA violation', () => {
  test.each([
    ['home', '/'],
    ['home (en)', '/en'],
    ['home (de)', '/de'],
    ['territory', '/territoire'],
    ['EPCI', '/territoire/200065647'],
    ['EPCI search without result', '/en/territoire/200065647?q=zzzz'],
    ['accessibility statement', '/accessibilite'],
    ['privacy', '/de/confidentialite'],
    ['not found', '/en/nowhere/at/all'],
  ])('%s', async (_template, path) => {
    await page.goto(WEB() + path);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  test('control: the check does report a violation when there is one', async () => {
    await page.goto(WEB() + '/');
    await page.evaluate(() => document.querySelector('main')!.insertAdjacentHTML('beforeend', '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'));
    expect((await accessibilityViolations(page)).join('\n')).toMatch(/^image-alt:/m);
  });
});
