import { accessibilityViolations, useBrowserPage } from './browser';

const WEB = () => process.env.NFC_WEB_URL!;
const ui = useBrowserPage();

describe.each([
  ['fr', '/donnees', 'Données ouvertes de l’agenda', 'Données ouvertes'],
  ['en', '/en/donnees', 'Open data of the agenda', 'Open data'],
  ['de', '/de/donnees', 'Offene Daten des Veranstaltungskalenders', 'Offene Daten'],
])('in %s', (language, path, title, footer) => {
  test.each([
    [390, 844],
    [1280, 800],
  ])('the open-data page lists every feed with its licence, and axe finds no violation at %i×%i', async (width, height) => {
    await ui.page.setViewportSize({ width, height });
    const response = await ui.page.goto(WEB() + path);
    expect(response?.status()).toBe(200);
    expect(await ui.page.getAttribute('html', 'lang')).toBe(language);
    expect(await ui.page.locator('h1').textContent()).toBe(title);
    expect(await ui.page.locator('.feed h3').allTextContents()).toEqual(['iCalendar (ICS)', 'RSS 2.0', 'Atom', 'JSON-LD schema.org', 'DATAtourisme (JSON-LD)', 'OpenAgenda (JSON)', 'CSV', 'Excel (XLSX)', 'PDF']);
    expect(await ui.page.locator('a[rel=license]').getAttribute('href')).toBe('https://www.etalab.gouv.fr/licence-ouverte-open-licence/');
    expect(await ui.page.locator('footer').getByRole('link', { name: footer, exact: true }).getAttribute('href')).toBe(path);
    expect(await accessibilityViolations(ui.page)).toEqual([]);
  });
});

test('every example link answers 200 with its format', async () => {
  await ui.page.goto(`${WEB()}/donnees`);
  const links = await ui.page.locator('a.example').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  expect(links).toHaveLength(9);
  const types: string[] = [];
  for (const link of links) {
    const response = await fetch(link);
    expect([link, response.status]).toEqual([link, 200]);
    types.push(response.headers.get('content-type')!.split(';')[0]!);
    await response.arrayBuffer();
  }
  expect(types).toEqual(['text/calendar', 'application/rss+xml', 'application/atom+xml', 'text/html', 'application/ld+json', 'application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf']);
});

test('the link builder is a plain GET form: Paris days, "to" included, the language only where it applies', async () => {
  // Without JavaScript: the server renders the link from the query string.
  const html = await (await fetch(`${WEB()}/donnees?format=pdf&epci=200069052&commune=&categorie=market&du=2026-12-07&au=2026-12-13&langue=de`)).text();
  const built = /<a id="built-link" href="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
  expect(built).toBeDefined();
  const url = new URL(built!);
  expect(url.pathname).toBe('/feeds/programme.pdf');
  expect(Object.fromEntries(url.searchParams)).toEqual({ from: '2026-12-07T00:00:00+01:00', to: '2026-12-14T00:00:00+01:00', epci: '200069052', category: 'market', lang: 'de' });
  const pdf = await fetch(built!);
  expect(pdf.status).toBe(200);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  await pdf.arrayBuffer();

  // By keyboard in the browser: the same form, submitted with Enter.
  await ui.page.goto(`${WEB()}/en/donnees`);
  await ui.page.getByLabel('Format').selectOption('openagenda');
  await ui.page.getByLabel('Intercommunality').selectOption('200069052');
  await ui.page.getByLabel('Language of the texts (CSV, XLSX, PDF)').selectOption('en');
  await ui.page.getByLabel('From').fill('2026-07-01');
  await ui.page.getByLabel('From').press('Enter');
  await ui.page.waitForURL(/format=openagenda/);
  const link = new URL((await ui.page.locator('#built-link').getAttribute('href'))!);
  expect(link.pathname).toBe('/feeds/openagenda.json');
  // OpenAgenda carries every language: no lang parameter; July is summer time.
  expect(Object.fromEntries(link.searchParams)).toEqual({ from: '2026-07-01T00:00:00+02:00', epci: '200069052' });
  expect(await accessibilityViolations(ui.page)).toEqual([]);
});
