import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { accessibilityViolations, useBrowserPage } from './browser';

/** Maps drawn from the territory's own boundaries (no tile server): what is on where, where an event is, where towns are. */
const WEB = () => process.env.NFC_WEB_URL!;
const ui = useBrowserPage();
const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('the agenda’s map view: a dot per commune, the same figures in a list, each leading to that commune’s dates, by keyboard too', async () => {
  await ui.page.goto(`${WEB()}/agenda?categorie=market`);
  await ui.page.getByRole('link', { name: 'Carte' }).click();
  await ui.page.waitForURL(/vue=carte/);
  expect(ui.page.url()).toContain('categorie=market');
  const dots = ui.page.locator('.agenda-map a');
  const listed = ui.page.locator('.commune-counts a');
  expect(await dots.count()).toBeGreaterThan(0);
  expect(await listed.count()).toBe(await dots.count());
  // The dot's name and the list's line say the same thing.
  const firstLabel = (await listed.first().textContent())!;
  expect(firstLabel).toMatch(/^.+ : \d+ dates?$/);
  expect(await dots.first().getAttribute('aria-label')).toBe(firstLabel);
  // No request leaves for a tile server: everything on the page is from this site or the API.
  const origins = await ui.page.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).origin));
  expect(origins.every((origin) => origin === new URL(WEB()).origin || /^http:\/\/(127\.0\.0\.1|localhost):\d+$/.test(origin))).toBe(true);
  await ui.page.screenshot({ path: join(SHOTS, 'agenda-map-desktop.png'), fullPage: true });
  expect(await accessibilityViolations(ui.page)).toEqual([]);
  // Keyboard: the first dot is a link; Enter opens that commune's dates, with the category kept.
  await dots.first().focus();
  await ui.page.keyboard.press('Enter');
  await ui.page.waitForURL(/commune=\d{5}/);
  const url = new URL(ui.page.url());
  expect(url.searchParams.get('categorie')).toBe('market');
  expect(url.searchParams.has('vue')).toBe(false);
  const count = Number(firstLabel.match(/(\d+) dates?$/)![1]);
  expect(Number((await ui.page.locator('#agenda-count').textContent())!.match(/\d+/)![0])).toBe(count);
});

test('the map view on a phone passes axe', async () => {
  await ui.page.setViewportSize({ width: 390, height: 844 });
  await ui.page.goto(`${WEB()}/agenda?vue=carte`);
  await ui.page.screenshot({ path: join(SHOTS, 'agenda-map-phone.png'), fullPage: true });
  expect(await accessibilityViolations(ui.page)).toEqual([]);
});

test.each([
  ['/', 'home-map'],
  ['/territoire', 'territory-map'],
  ['/de/territoire', 'territory-map-de'],
])('the territory’s map on %s names its towns', async (path, shot) => {
  await ui.page.goto(`${WEB()}${path}`);
  const names = await ui.page.locator('figure.map .places text').allTextContents();
  expect(names).toEqual(expect.arrayContaining(['Belfort', 'Montbéliard', 'Héricourt', 'Delle']));
  // Each EPCI is still a link, reached by keyboard.
  expect(await ui.page.locator('figure.map svg a').count()).toBe(5);
  await ui.page.locator('figure.map').screenshot({ path: join(SHOTS, `${shot}.png`) });
  expect(await accessibilityViolations(ui.page)).toEqual([]);
});

test('an event page shows where it is on a map of its surroundings', async () => {
  await ui.page.goto(`${WEB()}/agenda`);
  await ui.page.locator('.agenda-item > div > a').first().click();
  await ui.page.waitForURL(/\/agenda\/[a-z0-9-]+$/);
  const commune = (await ui.page.locator('.facts dd').first().textContent())!;
  const map = ui.page.getByRole('img', { name: /^Lieu : / });
  expect(await map.count()).toBe(1);
  const named = (await ui.page.locator('#location-map-title').textContent())!.replace('Lieu : ', '');
  expect(named.length).toBeGreaterThan(1);
  expect(commune).toContain(named);
  await ui.page.locator('figure.location-map').screenshot({ path: join(SHOTS, 'event-location-map.png') });
  expect(await accessibilityViolations(ui.page)).toEqual([]);
});
