import { accessibilityViolations, useBrowserPage } from './browser';

const WEB = () => process.env.NFC_WEB_URL!;
const ui = useBrowserPage();

describe.each([
  ['fr', '/', 'Bienvenue en Nord Franche-Comté', 'Le territoire', 'Le territoire et ses intercommunalités'],
  ['en', '/en', 'Welcome to Nord Franche-Comté', 'The territory', 'The territory and its intercommunalities'],
  ['de', '/de', 'Willkommen in Nord Franche-Comté', 'Das Gebiet', 'Das Gebiet und seine Gemeindeverbände'],
])('in %s', (language, home, title, navLabel, territoryTitle) => {
  test('the home page shows the territory in figures, with hreflang alternates', async () => {
    const response = await ui.page.goto(WEB() + home);
    expect(response?.status()).toBe(200);
    expect(await ui.page.getAttribute('html', 'lang')).toBe(language);
    await expect(ui.page.locator('h1').textContent()).resolves.toBe(title);
    const figures = await ui.page.locator('.figures li strong').allTextContents();
    expect(figures.slice(1)).toEqual(['197', '5', '3']);
    const alternates = await ui.page.locator('link[rel=alternate]').evaluateAll((links) => links.map((l) => [l.getAttribute('hreflang'), new URL(l.getAttribute('href')!).pathname]));
    expect(alternates).toEqual([
      ['fr', '/'],
      ['en', '/en'],
      ['de', '/de'],
      ['x-default', '/'],
    ]);
  });

  test('navigation leads to the territory and keeps the language', async () => {
    await ui.page.goto(WEB() + home);
    await ui.page.getByRole('navigation', { name: /navigation/i }).getByRole('link', { name: navLabel }).click();
    await ui.page.waitForURL(/territoire$/);
    expect(await ui.page.locator('h1').textContent()).toBe(territoryTitle);
    expect(await ui.page.getAttribute('html', 'lang')).toBe(language);
    expect(await ui.page.locator('.epci-list li').count()).toBe(5);
  });

  test('each EPCI on the map links to its page', async () => {
    await ui.page.goto(WEB() + home);
    const links = ui.page.locator('figure.map svg a');
    expect(await links.count()).toBe(5);
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const prefix = language === 'fr' ? '' : `/${language}`;
    expect(hrefs.sort()).toEqual(['200065647', '200069052', '200069060', '247000722', '249000241'].map((s) => `${prefix}/territoire/${s}`));
    await ui.page.locator('figure.map svg a[aria-label="CA Grand Belfort"]').click();
    await ui.page.waitForURL(/200069052$/);
    expect(await ui.page.locator('h1').textContent()).toBe('CA Grand Belfort');
    expect(await ui.page.locator('tbody tr').count()).toBe(52);
  });
});

test('the map is usable with the keyboard', async () => {
  await ui.page.goto(WEB() + '/');
  const link = ui.page.locator('figure.map svg a[aria-label="CC du Pays d\'Héricourt"]');
  await link.focus();
  expect(await ui.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe("CC du Pays d'Héricourt");
  await ui.page.keyboard.press('Enter');
  await ui.page.waitForURL(/247000722$/);
  expect(await ui.page.locator('h1').textContent()).toBe("CC du Pays d'Héricourt");
});

test('the language switcher keeps the page', async () => {
  await ui.page.goto(WEB() + '/territoire/200069052');
  await ui.page.getByRole('navigation', { name: 'Langue' }).getByRole('link', { name: /Deutsch/ }).click();
  await ui.page.waitForURL(/\/de\/territoire\/200069052$/);
  expect(await ui.page.getAttribute('html', 'lang')).toBe('de');
});

test('the communes of an EPCI can be searched, ignoring accents, from the URL', async () => {
  await ui.page.goto(WEB() + '/territoire/247000722');
  await ui.page.getByLabel('Rechercher une commune').fill('HERIC');
  await ui.page.getByRole('button', { name: 'Rechercher' }).click();
  await ui.page.waitForURL(/\?q=HERIC$/);
  expect(await ui.page.locator('tbody th').allTextContents()).toEqual(['Héricourt']);
  await ui.page.goto(WEB() + '/territoire/247000722?q=zzzz');
  expect(await ui.page.getByRole('status').textContent()).toContain('zzzz');
});

test('unknown pages answer 404 in the right language', async () => {
  const notFound = await ui.page.goto(WEB() + '/de/territoire/123456789');
  expect(notFound?.status()).toBe(404);
  expect(await ui.page.getAttribute('html', 'lang')).toBe('de');
  expect((await ui.page.goto(WEB() + '/xx/territoire'))?.status()).toBe(404);
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
    await ui.page.goto(WEB() + path);
    expect(await accessibilityViolations(ui.page)).toEqual([]);
  });

  test('control: the check does report a violation when there is one', async () => {
    await ui.page.goto(WEB() + '/');
    await ui.page.evaluate(() => document.querySelector('main')!.insertAdjacentHTML('beforeend', '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'));
    expect((await accessibilityViolations(ui.page)).join('\n')).toMatch(/^image-alt:/m);
  });
});
