import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { accessibilityViolations, useBrowserPage } from './browser';
import { graphql } from './stack-api';

/** The agenda as visitors use it: a commune, a date range, an age, their accessibility needs, near them; pages both ways. */
const WEB = () => process.env.NFC_WEB_URL!;
const ui = useBrowserPage();
const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const suffix = randomBytes(3).toString('hex');

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const admin = JSON.parse(readFileSync(join(process.env.NFC_DATA_DIR!, 'dev-admin.json'), 'utf8')) as { email: string; password: string };
  const token = (await graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: admin.email, p: admin.password })).data.login.token;
  const create = async (title: string, extra: Record<string, unknown>) =>
    expect(
      (await graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id } }`, { i: { title: { fr: `${title} ${suffix}` }, categories: ['workshop'], isFree: true, place: { communeInsee: '90010' }, schedule: { dates: [{ start: '2031-03-14T14:00', end: '2031-03-14T16:00' }] }, ...extra } }, token)).errors,
    ).toBeUndefined();
  await create('Atelier maquettes pour enfants', { minAge: 6, maxAge: 10, accessibility: ['MOTOR', 'HEARING'] });
  await create('Atelier maquettes pour ados', { minAge: 14, accessibility: ['MOTOR'] });
  await create('Atelier maquettes sans accès', { minAge: 6, maxAge: 10 });
  await create('Atelier maquettes le lendemain', { minAge: 6, maxAge: 10, accessibility: ['MOTOR', 'HEARING'], schedule: { dates: [{ start: '2031-03-15T14:00', end: '2031-03-15T16:00' }] } });
});

const titles = () => ui.page.locator('.agenda-item > div > a').allTextContents();

test('a date range, an age and accessibility needs, chosen by keyboard, narrow the list to what fits', async () => {
  await ui.page.goto(`${WEB()}/agenda?q=${suffix}`);
  expect(await titles()).toHaveLength(4);
  await ui.page.getByText('Plus de filtres').focus();
  await ui.page.keyboard.press('Enter');
  await ui.page.getByLabel('Du', { exact: true }).fill('2031-03-14');
  await ui.page.getByLabel('Au', { exact: true }).fill('2031-03-14');
  await ui.page.getByLabel('Âge du participant').fill('8');
  await ui.page.getByRole('group', { name: /Accessibilité/ }).getByLabel('Handicap moteur').check();
  await ui.page.getByRole('group', { name: /Accessibilité/ }).getByLabel('Handicap auditif').check();
  await ui.page.getByLabel('Commune').selectOption('90010');
  await ui.page.getByRole('button', { name: 'Filtrer' }).press('Enter');
  await ui.page.waitForURL(/du=2031-03-14/);
  const url = new URL(ui.page.url());
  expect(url.searchParams.getAll('acces').sort()).toEqual(['HEARING', 'MOTOR']);
  expect(await titles()).toEqual([`Atelier maquettes pour enfants ${suffix}`]);
  // The filters in use stay shown, filled, after the page reloads.
  expect(await ui.page.locator('details.more-filters').getAttribute('open')).not.toBeNull();
  expect(await ui.page.getByLabel('Âge du participant').inputValue()).toBe('8');
  expect(await ui.page.getByLabel('Commune').inputValue()).toBe('90010');
  // The event page lists each accessibility code on its own.
  await ui.page.locator('.agenda-item > div > a').first().click();
  expect(await ui.page.locator('.access-list li').allTextContents()).toEqual(['Handicap moteur', 'Handicap auditif']);
});

test('a commune keeps the list to its events, and the calendar link follows it', async () => {
  await ui.page.goto(`${WEB()}/agenda?commune=25388`);
  const places = await ui.page.locator('.agenda-item > div > p').allTextContents();
  expect(places.length).toBeGreaterThan(0);
  expect(places.every((text) => text.startsWith('Montbéliard'))).toBe(true);
  expect(await ui.page.getByRole('link', { name: /iCalendar/ }).getAttribute('href')).toContain('commune=25388');
});

test('pages go forward and back', async () => {
  await ui.page.goto(`${WEB()}/agenda`);
  const first = await titles();
  expect(await ui.page.getByRole('link', { name: 'Dates précédentes' }).count()).toBe(0);
  await ui.page.getByRole('link', { name: 'Dates suivantes' }).click();
  await ui.page.waitForURL(/apres=/);
  const second = await titles();
  expect(second).not.toEqual(first);
  await ui.page.getByRole('link', { name: 'Dates suivantes' }).click();
  await ui.page.waitForURL(/avant=-\+/);
  await ui.page.getByRole('link', { name: 'Dates précédentes' }).click();
  expect(await titles()).toEqual(second);
  await ui.page.getByRole('link', { name: 'Dates précédentes' }).click();
  expect(await titles()).toEqual(first);
  expect(new URL(ui.page.url()).searchParams.has('apres')).toBe(false);
});

test('near me asks for the location only when asked, then lists what is around it', async () => {
  await ui.page.context().grantPermissions(['geolocation'], { origin: WEB() });
  await ui.page.context().setGeolocation({ latitude: 47.5102, longitude: 6.798 });
  await ui.page.goto(`${WEB()}/agenda`);
  expect(new URL(ui.page.url()).searchParams.has('lat')).toBe(false);
  await ui.page.getByText('Plus de filtres').click();
  await ui.page.getByLabel('Rayon').selectOption('5');
  await ui.page.getByRole('button', { name: 'Utiliser ma position' }).click();
  await ui.page.waitForURL(/lat=47\.5102/);
  expect(new URL(ui.page.url()).searchParams.get('km')).toBe('5');
  expect(await ui.page.getByText('Autour de votre position (rayon de 5 km)').count()).toBe(1);
  const places = await ui.page.locator('.agenda-item > div > p').allTextContents();
  // Belfort is 17 km away: none of its events is "near".
  expect(places.some((text) => text.startsWith('Belfort'))).toBe(false);
  await ui.page.getByRole('link', { name: 'Oublier ma position' }).click();
  expect(new URL(ui.page.url()).searchParams.has('lat')).toBe(false);
});

test.each([
  ['phone', { width: 390, height: 844 }],
  ['desktop', { width: 1280, height: 800 }],
])('the filters, open, pass axe on a %s', async (name, viewport) => {
  await ui.page.setViewportSize(viewport);
  await ui.page.goto(`${WEB()}/agenda?age=8&acces=VISUAL`);
  expect(await ui.page.locator('details.more-filters').getAttribute('open')).not.toBeNull();
  await ui.page.screenshot({ path: join(SHOTS, `agenda-filters-${name}.png`), fullPage: true });
  expect(await accessibilityViolations(ui.page)).toEqual([]);
});
