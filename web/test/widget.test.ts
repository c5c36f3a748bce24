import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { accessibilityViolations, useBrowserPage } from './browser';

const WEB = () => process.env.NFC_WEB_URL!;
const API = () => process.env.NFC_API_URL!;
const ui = useBrowserPage();

/**
 * A partner's site on another origin (its own port): a plain page with the two lines of the
 * documentation, and whatever attributes the test gives the element.
 */
let partner: Server;
let partnerUrl = '';
let attributes = '';
beforeAll(async () => {
  partner = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Office de tourisme partenaire</title></head>
<body><main><h1>Office de tourisme partenaire</h1>
<script type="module" src="${WEB()}/widget/agenda.js" async></script>
<nfc-agenda ${attributes}></nfc-agenda>
</main></body></html>`);
  });
  await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
  const address = partner.address();
  partnerUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
});
afterAll(() => new Promise<void>((resolve) => partner.close(() => resolve())));

const widget = (page: Page) => page.locator('nfc-agenda');
const items = (page: Page) => widget(page).locator('ul.e > li');

async function openPartner(page: Page, withAttributes: string): Promise<void> {
  attributes = withAttributes;
  await page.goto(partnerUrl);
  // Loaded when the live region says how many events (or that there are none).
  await widget(page).locator('[role="status"]').filter({ hasText: /\d|Ein|One|Un |Aucun|Keine|No / }).waitFor();
}

interface ApiOccurrence {
  startsAt: string;
  event: { id: string; slug: string; title: string; status: string; categories: Array<{ id: string }>; place: { commune: { inseeCode: string; name: string } } };
}

async function upcoming(filter: Record<string, unknown>, first: number, lang = 'fr'): Promise<ApiOccurrence[]> {
  const response = await fetch(`${API()}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `query($f: EventFilter, $n: Int, $lang: Language) { events(filter: $f, first: $n) { nodes { startsAt event { id slug title(lang: $lang) status categories(lang: $lang) { id } place { commune { inseeCode name } } } } } }`,
      variables: { f: filter, n: first, lang },
    }),
  });
  return ((await response.json()) as { data: { events: { nodes: ApiOccurrence[] } } }).data.events.nodes;
}

test('on a partner’s site (another origin), the widget shows the EPCI’s next events in German, with links to the site and calendar files, and axe finds nothing', async () => {
  await openPartner(ui.page, 'epci="200069052" lang="de" size="6" map filters');
  const expected = await upcoming({ epci: '200069052' }, 6, 'de');
  expect(expected.length).toBe(6);
  await expect(items(ui.page).count()).resolves.toBe(6);
  expect(await widget(ui.page).getByRole('heading', { level: 2 }).textContent()).toBe('Veranstaltungen in Nord Franche-Comté');
  expect(await widget(ui.page).getByRole('status').textContent()).toBe('6 kommende Veranstaltungen.');
  const titles = await items(ui.page).locator('h3 a').allTextContents();
  expect(titles).toEqual(expected.map((node) => node.event.title));
  // Links: the event page of our site in the widget's language, and the event's ICS on the API.
  expect(await items(ui.page).first().locator('h3 a').getAttribute('href')).toBe(`${WEB()}/de/agenda/${expected[0]!.event.slug}`);
  expect(await items(ui.page).first().getByRole('link', { name: /In meinen Kalender/ }).getAttribute('href')).toBe(`${API()}/feeds/events/${expected[0]!.event.id}.ics`);
  // Dates in German, at Paris time; the commune of each event.
  const first = items(ui.page).first();
  expect(await first.locator('time').getAttribute('datetime')).toBe(expected[0]!.startsAt);
  expect(await first.locator('time').textContent()).toMatch(/^(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), \d{1,2}\. /);
  const hour = new Intl.DateTimeFormat('de-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(new Date(expected[0]!.startsAt));
  expect(await first.locator('time').textContent()).toContain(hour);
  expect(await first.locator('p.m').textContent()).toContain(expected[0]!.event.place.commune.name);
  // The map: the EPCI's communes, those with an event marked, described in words.
  const map = widget(ui.page).getByRole('img');
  expect(await map.getAttribute('aria-label')).toContain(expected[0]!.event.place.commune.name);
  expect(await map.locator('path').count()).toBeGreaterThan(40);
  expect(await map.locator('path.on').count()).toBe(new Set(expected.map((node) => node.event.place.commune.inseeCode)).size);
  // The commune list holds the EPCI's communes only.
  const communes = await widget(ui.page).getByLabel('Gemeinde').locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
  expect(communes).toContain('90010');
  expect(communes).not.toContain('25388');
  // Grand Belfort's 52 communes, after "all".
  expect(communes).toHaveLength(53);
  expect(await accessibilityViolations(ui.page)).toEqual([]);
  // The calendar file answers the partner's page too (the link is followed by the visitor).
  const ics = await ui.page.evaluate(async (url) => (await fetch(url)).text(), `${API()}/feeds/events/${expected[0]!.event.id}.ics`);
  expect(ics).toMatch(/^BEGIN:VCALENDAR/);
});

test('filters narrow the list by category and commune, by keyboard, and the live region says how many', async () => {
  await openPartner(ui.page, 'epci="200069052" size="5" filters');
  // Tab from the top of the page: the category list first, then the communes, then the events.
  await ui.page.keyboard.press('Tab');
  const category = widget(ui.page).getByLabel('Catégorie');
  expect(await category.evaluate((select) => select.matches(':focus'))).toBe(true);
  await category.selectOption('market');
  await widget(ui.page).getByRole('status').filter({ hasText: /à venir/ }).waitFor();
  await ui.page.waitForFunction(() => {
    const root = document.querySelector('nfc-agenda')!.shadowRoot!;
    return !root.querySelector('ul[aria-busy]') && root.querySelectorAll('ul.e > li').length > 0;
  });
  const markets = await upcoming({ epci: '200069052', categories: ['market'] }, 5);
  expect(await items(ui.page).locator('h3 a').allTextContents()).toEqual(markets.map((node) => node.event.title));
  expect((await items(ui.page).locator('p.m').allTextContents()).every((line) => line.includes('Marché'))).toBe(true);

  await ui.page.keyboard.press('Tab');
  const commune = widget(ui.page).getByLabel('Commune');
  expect(await commune.evaluate((select) => select.matches(':focus'))).toBe(true);
  const belfort = markets.find((node) => node.event.place.commune.inseeCode === '90010') ?? markets[0]!;
  await commune.selectOption(belfort.event.place.commune.inseeCode);
  await ui.page.waitForFunction(
    (name) => {
      const root = document.querySelector('nfc-agenda')!.shadowRoot!;
      const lines = [...root.querySelectorAll('ul.e > li p.m')].map((p) => p.textContent ?? '');
      return !root.querySelector('ul[aria-busy]') && lines.length > 0 && lines.every((line) => line.startsWith(name));
    },
    belfort.event.place.commune.name,
  );
  const inCommune = await upcoming({ epci: '200069052', commune: belfort.event.place.commune.inseeCode, categories: ['market'] }, 5);
  expect(await items(ui.page).count()).toBe(inCommune.length);
  expect(await widget(ui.page).getByRole('status').textContent()).toMatch(inCommune.length === 1 ? /^Un événement à venir\.$/ : new RegExp(`^${inCommune.length} événements à venir\\.$`));

  // On to the first event's link, and Enter opens its page on our site.
  await ui.page.keyboard.press('Tab');
  const focused = await ui.page.evaluate(() => document.querySelector('nfc-agenda')!.shadowRoot!.activeElement?.textContent);
  expect(focused).toBe(inCommune[0]!.event.title);
  // The focused control shows a visible outline.
  const outline = await ui.page.evaluate(() => getComputedStyle(document.querySelector('nfc-agenda')!.shadowRoot!.activeElement!).outlineStyle);
  expect(outline).toBe('solid');
  await Promise.all([ui.page.waitForURL(`${WEB()}/agenda/${inCommune[0]!.event.slug}`), ui.page.keyboard.press('Enter')]);
  expect(await ui.page.locator('h1').textContent()).toBe(inCommune[0]!.event.title);
});

test('a cancelled event is marked, and a title with markup characters stays text', async () => {
  const admin = JSON.parse(readFileSync(join(process.env.NFC_DATA_DIR!, 'dev-admin.json'), 'utf8')) as { email: string; password: string };
  const graphql = async (query: string, variables: Record<string, unknown>, token?: string) =>
    (await (await fetch(`${API()}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) })).json()) as { data?: any; errors?: unknown[] };
  const token = (await graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: admin.email, p: admin.password })).data.login.token as string;
  // Tags are refused at the API's door; what markup characters remain must stay text here too.
  const title = 'Ciné ]]> & <!-- « plein air »';
  const tomorrow = new Date(Date.now() + 24 * 3600_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
  const created = await graphql(
    `mutation($i: EventInput!) { createEvent(input: $i) { id } }`,
    { i: { title: { fr: title }, categories: ['cinema'], isFree: true, place: { communeInsee: '90010' }, schedule: { dates: [{ start: `${tomorrow}T21:00` }] } } },
    token,
  );
  expect(created.errors).toBeUndefined();
  expect((await graphql(`mutation($id: ID!) { cancelEvent(id: $id) { status } }`, { id: created.data.createEvent.id }, token)).errors).toBeUndefined();

  await openPartner(ui.page, 'commune="90010" category="cinema" size="20" lang="en"');
  const item = items(ui.page).filter({ hasText: 'plein air' });
  expect(await item.locator('h3 a').textContent()).toBe(title);
  expect(await item.locator('h3 a').evaluate((link) => [...link.childNodes].map((node) => node.nodeType))).toEqual([3]); // one text node
  expect(await item.locator('strong').textContent()).toBe('Cancelled');
  expect(await accessibilityViolations(ui.page)).toEqual([]);
});

test('at 390×844 the widget fits the phone’s width, and axe finds nothing', async () => {
  await ui.page.setViewportSize({ width: 390, height: 844 });
  await openPartner(ui.page, 'size="4" map filters lang="fr"');
  expect(await items(ui.page).count()).toBe(4);
  expect(await ui.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await widget(ui.page).getByRole('img').waitFor();
  expect(await accessibilityViolations(ui.page)).toEqual([]);
  // The list fades in, unless the visitor asked for less motion.
  const animation = () => widget(ui.page).locator('ul.e').evaluate((list) => getComputedStyle(list).animationName);
  expect(await animation()).toBe('nfc-in');
  await ui.page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await animation()).toBe('none');
});

test('an unreachable API is said in the live region, with a button to try again', async () => {
  attributes = 'size="3"';
  await ui.page.route(`${API()}/graphql`, (route) => route.abort());
  await ui.page.goto(partnerUrl);
  await widget(ui.page).getByRole('status').filter({ hasText: 'L’agenda n’a pas pu être chargé.' }).waitFor();
  await ui.page.unroute(`${API()}/graphql`);
  await widget(ui.page).getByRole('button', { name: 'Réessayer' }).click();
  await widget(ui.page).getByRole('status').filter({ hasText: '3 événements à venir.' }).waitFor();
  expect(await items(ui.page).count()).toBe(3);
});

test('the widget is one ES module under 20 KB gzipped, with the API of this deployment written in, and any site may load it', async () => {
  const response = await fetch(`${WEB()}/widget/agenda.js`, { headers: { origin: 'https://www.partenaire.example' } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  expect(response.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
  const body = await response.text();
  const gzipped = gzipSync(body, { level: 9 }).length;
  expect(gzipped).toBeLessThan(20 * 1024);
  expect(body).toContain(JSON.stringify(API()));
  expect(body).not.toContain('__NFC_API_URL__');
  expect(body).not.toMatch(/^import /m);
  const again = await fetch(`${WEB()}/widget/agenda.js`, { headers: { 'if-none-match': response.headers.get('etag')! } });
  expect(again.status).toBe(304);
});

test.each([
  ['/widget/map.json', 200, 150],
  ['/widget/map.json?epci=200069052', 200, 40],
  ['/widget/map.json?epci=nope', 400, 0],
  ['/widget/map.json?epci=123456789', 404, 0],
])('%s → %d, readable by any site', async (path, status, minimum) => {
  const response = await fetch(WEB() + path);
  expect(response.status).toBe(status);
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  const body = (await response.json()) as { communes?: unknown[]; credit?: string; errors?: Array<{ extensions: { code: string } }> };
  if (status === 200) {
    expect(body.communes!.length).toBeGreaterThan(minimum);
    expect(body.credit).toMatch(/IGN/);
  } else {
    expect(body.errors![0]!.extensions.code).toBe(status === 400 ? 'BAD_USER_INPUT' : 'NOT_FOUND');
  }
});

test.each([
  ['/widget', 'Le widget agenda pour votre site', 'Chargement|à venir|Aucun'],
  ['/en/widget', 'The events widget for your website', 'upcoming|Loading|No upcoming'],
  ['/de/widget', 'Das Veranstaltungs-Widget für Ihre Website', 'kommende|geladen|Keine'],
])('the partners’ page %s documents the widget and runs it live, with no CSP refusal and axe finding nothing', async (path, heading) => {
  await ui.page.goto(WEB() + path);
  expect(await ui.page.locator('h1').textContent()).toBe(heading);
  expect(await ui.page.locator('pre code').first().textContent()).toContain(`<script type="module" src="${WEB()}/widget/agenda.js" async></script>`);
  for (const name of ['epci', 'commune', 'category', 'lang', 'size', 'map', 'filters', '--nfc-accent', '--nfc-font', '--nfc-radius', '--nfc-text', '--nfc-background']) {
    expect(await ui.page.locator('th code', { hasText: new RegExp(`^${name}$`) }).count()).toBe(1);
  }
  await ui.page.waitForFunction(() => (document.querySelector('nfc-agenda')?.shadowRoot?.querySelectorAll('ul.e > li').length ?? 0) > 0);
  expect(await items(ui.page).count()).toBe(4);
  // The map is drawn once its own file has arrived, after the list: waited for, not raced.
  await widget(ui.page).getByRole('img').waitFor();
  expect(await widget(ui.page).getByRole('img').count()).toBe(1);
  expect(ui.cspViolations).toEqual([]);
  expect(await accessibilityViolations(ui.page)).toEqual([]);
});
