import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { accessibilityViolations, useBrowserPage } from './browser';
import { graphql } from './stack-api';

/** Pictures where visitors look for them: event pages, lists, the home page; a drawing where there is no photograph. */
const WEB = () => process.env.NFC_WEB_URL!;
const API = () => process.env.NFC_API_URL!;
const ui = useBrowserPage();
const SHOTS = join(process.cwd(), 'test-results', 'screenshots');

let token: string;
let suffix: string;
let photographed: { slug: string; title: string };
let drawn: { slug: string; title: string };
let cancelled: { slug: string; title: string };

async function createEvent(title: string, extra: Record<string, unknown>) {
  const answer = await graphql(
    `mutation($i: EventInput!) { createEvent(input: $i) { slug } }`,
    { i: { title: { fr: title, de: `${title} (de)` }, categories: ['industrial-heritage'], isFree: true, place: { communeInsee: '90010' }, schedule: { dates: [{ start: '2030-06-12T20:00', end: '2030-06-12T22:00' }] }, ...extra } },
    token,
  );
  expect(answer.errors).toBeUndefined();
  return { slug: answer.data.createEvent.slug as string, title };
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const admin = JSON.parse(readFileSync(join(process.env.NFC_DATA_DIR!, 'dev-admin.json'), 'utf8')) as { email: string; password: string };
  token = (await graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: admin.email, p: admin.password })).data.login.token;
  // A photograph, made here: a gradient no two runs share, through the API's intake like any upload.
  const jpeg = await sharp({ create: { width: 1600, height: 1000, channels: 3, background: { r: 40 + randomBytes(1)[0]! % 100, g: 90, b: 140 } } }).jpeg().toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'forges.jpg');
  const upload = (await (await fetch(`${API()}/uploads?purpose=EVENT_IMAGE`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } })).json()) as { id: string };
  suffix = randomBytes(3).toString('hex');
  photographed = await createEvent(`Visite des forges photographiée ${suffix}`, { imageUploadId: upload.id, imageAlt: { fr: 'Les halles des forges au crépuscule', de: 'Die Hallen der Schmiede in der Dämmerung' }, imageCredit: 'Office de tourisme <Belfort>' });
  drawn = await createEvent(`Visite des forges sans photo ${suffix}`, {});
  // In ten minutes, Paris time, already cancelled: before anything else the home page lists. Made first, so
  // that the site's minute of cached reads has mostly passed when the home page is looked at.
  const parisSoon = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(Date.now() + 10 * 60_000)).replace(' ', 'T');
  cancelled = await createEvent(`Concert annulé ${suffix}`, { categories: ['concert'], status: 'CANCELLED', schedule: { dates: [{ start: parisSoon, end: null }] } });
});

async function look(page: Page, path: string, name: string) {
  for (const [viewport, size] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1280, height: 800 }]] as const) {
    await page.setViewportSize(size);
    await page.goto(`${WEB()}${path}`);
    await page.screenshot({ path: join(SHOTS, `${name}-${viewport}.png`), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
  }
}

test.each([
  ['fr', '', 'Les halles des forges au crépuscule', 'Crédit : Office de tourisme <Belfort>'],
  ['de', '/de', 'Die Hallen der Schmiede in der Dämmerung', 'Bildnachweis: Office de tourisme <Belfort>'],
])('an event page (%s) shows its photograph in AVIF, WebP and JPEG, with its alternative text and credit', async (lang, prefix, alt, credit) => {
  await look(ui.page, `${prefix}/agenda/${photographed.slug}`, `event-photo-${lang}`);
  const picture = ui.page.locator('figure.event-hero picture');
  expect(await picture.locator('source').evaluateAll((sources) => sources.map((s) => (s as HTMLSourceElement).type))).toEqual(['image/avif', 'image/webp']);
  const image = picture.locator('img');
  expect(await image.getAttribute('alt')).toBe(alt);
  expect(await image.getAttribute('loading')).toBe('eager');
  // The browser chose a variant it could show, from the API, and it loaded (the CSP allows it).
  await image.evaluate((img: HTMLImageElement) => img.decode());
  expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  expect(await image.evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(/\/media\/[0-9a-f]{64}\.(avif|webp|jpg)$/);
  expect(await ui.page.locator('figure.event-hero figcaption').textContent()).toBe(credit);
  expect(ui.cspViolations).toEqual([]);
});

test('an event without a photograph shows its category’s drawing, as decoration, served by the site', async () => {
  await look(ui.page, `/agenda/${drawn.slug}`, 'event-drawing');
  const image = ui.page.locator('figure.event-hero.placeholder img');
  expect(await image.getAttribute('alt')).toBe('');
  expect(await image.getAttribute('src')).toBe('/illustrations/industrial-heritage.svg');
  expect(await image.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBeGreaterThan(0);
});

test.each([
  ['/illustrations/water.svg', 200, 'image/svg+xml; charset=utf-8'],
  ['/illustrations/unknown.svg', 404, null],
  ['/illustrations/..%2Fsecret.svg', 404, null],
])('the drawing %s answers %i', async (path, status, type) => {
  const response = await fetch(`${WEB()}${path}`);
  expect(response.status).toBe(status);
  if (type) {
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    expect(await response.text()).toMatch(/^<svg [^>]*aria-hidden="true"/);
  }
});

test('the agenda list and the home page show a picture for each event, and the home page marks a cancelled one', async () => {
  await look(ui.page, `/agenda?q=${encodeURIComponent(`forges ${suffix}`)}`, 'agenda-pictures');
  const rows = ui.page.locator('.agenda-item');
  const photographedRow = rows.filter({ hasText: photographed.title });
  expect(await photographedRow.locator('picture source[type="image/avif"]').count()).toBe(1);
  expect(await photographedRow.locator('img').getAttribute('loading')).toBe('lazy');
  expect(await rows.filter({ hasText: drawn.title }).locator('img').getAttribute('src')).toBe('/illustrations/industrial-heritage.svg');

  const card = ui.page.locator('.card').filter({ hasText: cancelled.title });
  for (const deadline = Date.now() + 70_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 2000))) {
    // The English home page: its cached reads are the least likely to be warm from other tests.
    await ui.page.goto(`${WEB()}/en/`);
    if ((await card.count()) === 1 && (await card.locator('.badge').count()) === 1) break;
  }
  expect(await card.locator('.badge').textContent()).toBe('Cancelled');
  expect(await card.locator('img').count()).toBe(1);
  await look(ui.page, '/', 'home');
}, 120_000);

test('on a phone the menu folds behind a real button that works by keyboard', async () => {
  await ui.page.setViewportSize({ width: 390, height: 844 });
  await ui.page.goto(`${WEB()}/agenda`);
  const toggle = ui.page.getByRole('button', { name: 'Menu' });
  const nav = ui.page.getByRole('navigation', { name: 'Navigation principale' });
  expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  expect(await nav.isVisible()).toBe(false);
  await toggle.focus();
  await ui.page.keyboard.press('Enter');
  expect(await toggle.getAttribute('aria-expanded')).toBe('true');
  await nav.getByRole('link', { name: 'Le territoire' }).waitFor();
  await ui.page.screenshot({ path: join(SHOTS, 'menu-open-phone.png') });
  expect(await accessibilityViolations(ui.page)).toEqual([]);
  await ui.page.keyboard.press('Escape');
  expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  expect(await ui.page.evaluate(() => document.activeElement?.classList.contains('menu-toggle'))).toBe(true);
  // On a desktop there is no button: the menu is always there.
  await ui.page.setViewportSize({ width: 1280, height: 800 });
  expect(await toggle.isVisible()).toBe(false);
  expect(await nav.isVisible()).toBe(true);
  // Without JavaScript (nothing could open it) the menu stays open and there is no button; the folded
  // header is the CSS's from the first paint where scripts run, so it never jumps when the script starts.
  const context = await ui.page.context().browser()!.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    await page.goto(`${WEB()}/agenda`);
    expect(await page.getByRole('navigation', { name: 'Navigation principale' }).isVisible()).toBe(true);
    expect(await page.locator('.menu-toggle').isVisible()).toBe(false);
  } finally {
    await context.close();
  }
});
