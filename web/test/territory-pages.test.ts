import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { accessibilityViolations, useBrowserPage } from './browser';

/** An EPCI's page is a place to visit: what is on there, before the administrative table. */
const WEB = () => process.env.NFC_WEB_URL!;
const ui = useBrowserPage();
const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test.each([
  ['fr', '', '200069052', 'À venir dans CA Grand Belfort', 'Tout l’agenda de CA Grand Belfort'],
  ['de', '/de', '200065647', 'Demnächst in CA Pays de Montbéliard Agglomération', 'Der ganze Kalender von CA Pays de Montbéliard Agglomération'],
])('an EPCI page (%s%s, %s) shows its upcoming events as cards and leads to its agenda', async (lang, prefix, siren, heading, more) => {
  for (const [viewport, size] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1280, height: 800 }]] as const) {
    await ui.page.setViewportSize(size);
    await ui.page.goto(`${WEB()}${prefix}/territoire/${siren}`);
    await ui.page.getByRole('heading', { name: heading }).waitFor();
    await ui.page.screenshot({ path: join(SHOTS, `epci-${siren}-${lang}-${viewport}.png`), fullPage: true });
    expect(await accessibilityViolations(ui.page)).toEqual([]);
  }
  const cards = ui.page.locator('section[aria-labelledby="upcoming-heading"] .card');
  expect(await cards.count()).toBeGreaterThan(0);
  expect(await cards.first().locator('img').count()).toBe(1);
  const link = ui.page.getByRole('link', { name: more });
  expect(new URL((await link.getAttribute('href'))!, WEB()).searchParams.get('epci')).toBe(siren);
  // The first card's event is in this EPCI, as its page says.
  await cards.first().getByRole('link').click();
  await ui.page.waitForURL(/\/agenda\/[a-z0-9-]+$/);
  const communes = (await ui.page.locator('.facts dd').first().textContent())!;
  expect(communes.length).toBeGreaterThan(0);
});

test.each([
  ['fr', '/design', 'Système de design du site'],
  ['en', '/en/design', 'The site’s design system'],
  ['de', '/de/design', 'Das Designsystem der Website'],
])('the design system page (%s) shows the palette, the components and the drawings, linked from the footer', async (_lang, path, title) => {
  await ui.page.goto(`${WEB()}${path}`);
  expect(await ui.page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
  expect(await ui.page.locator('.ds-swatches li').count()).toBeGreaterThanOrEqual(5);
  expect(await ui.page.locator('.ds-cards .card .badge').count()).toBe(1);
  expect(await ui.page.locator('.ds-drawings img').count()).toBe(17);
  expect(await ui.page.locator(`footer a[href="${path}"]`).count()).toBe(1);
  for (const size of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
    await ui.page.setViewportSize(size);
    expect(await accessibilityViolations(ui.page)).toEqual([]);
  }
  expect(ui.cspViolations).toEqual([]);
});
