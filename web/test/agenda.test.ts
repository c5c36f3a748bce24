import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser } from './browser';

const WEB = () => process.env.NFC_WEB_URL!;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
});
afterEach(async () => context?.close());

test('a visitor filters the agenda, the filters live in the URL, and the back button works', async () => {
  await page.goto(`${WEB()}/agenda`);
  // The unfiltered agenda shows its first 30 dates without counting them all.
  expect(await page.locator('.agenda-item').count()).toBe(30);
  await page.getByLabel('Où').selectOption('200069052');
  await page.getByLabel('Catégorie').selectOption('market');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await page.waitForURL(/epci=200069052/);
  expect(page.url()).toContain('categorie=market');
  // Filtered views say how many dates match.
  const filtered = Number((await page.getByRole('status').textContent())!.match(/\d+/)![0]);
  expect(filtered).toBeGreaterThan(0);
  const titles = await page.locator('.agenda-item a').allTextContents();
  expect(titles.length).toBeGreaterThan(0);
  expect(titles.every((title) => /^Marché/.test(title))).toBe(true);
  expect(await page.getByRole('link', { name: /iCalendar/ }).getAttribute('href')).toMatch(/\/feeds\/agenda\.ics\?.*epci=200069052.*category=market/);

  await page.locator('.agenda-item a').first().click();
  await page.waitForURL(/\/agenda\/[a-z0-9-]+$/);
  await page.goBack();
  await page.waitForURL(/categorie=market/);
  expect(await page.getByLabel('Catégorie').inputValue()).toBe('market');
});

test('an event page shows the event with its JSON-LD, and "add to my calendar" downloads a valid ICS', async () => {
  await page.goto(`${WEB()}/agenda?categorie=market`);
  const title = (await page.locator('.agenda-item a').first().textContent())!;
  await page.locator('.agenda-item a').first().click();
  await page.waitForURL(/\/agenda\//);
  expect(await page.locator('h1').textContent()).toBe(title);
  const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
  expect(jsonLd).toMatchObject({ '@context': 'https://schema.org', '@type': 'SaleEvent', name: title, eventStatus: expect.stringMatching(/^https:\/\/schema\.org\/Event/) });
  expect(jsonLd.startDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
  expect(await page.getByRole('heading', { name: 'Autres dates' }).count()).toBe(1);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Ajouter à mon agenda' }).click()]);
  const ics = readFileSync((await download.path())!, 'utf8');
  expect(download.suggestedFilename()).toMatch(/\.ics$/);
  expect(ics).toMatch(/^BEGIN:VCALENDAR/);
  expect(ics).toContain('BEGIN:VTIMEZONE');
  expect(ics).toMatch(/RRULE:FREQ=WEEKLY;COUNT=\d+/);
  expect(ics).toContain(`SUMMARY:${title}`);
});

test('the agenda and an event page read in German, and axe finds no violation', async () => {
  for (const path of ['/agenda', '/en/agenda?quand=week', '/de/agenda?gratuit=1']) {
    await page.goto(WEB() + path);
    expect(await accessibilityViolations(page)).toEqual([]);
  }
  await page.goto(`${WEB()}/de/agenda?categorie=market`);
  await page.locator('.agenda-item a').first().click();
  await page.waitForURL(/\/de\/agenda\//);
  expect(await page.getByRole('link', { name: 'In meinen Kalender' }).count()).toBe(1);
  expect(await accessibilityViolations(page)).toEqual([]);
});
