import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessibilityViolations, useBrowserPage } from './browser';

const WEB = () => process.env.NFC_WEB_URL!;
const API = () => process.env.NFC_API_URL!;
const ui = useBrowserPage();

async function graphql(query: string, variables: Record<string, unknown>, token?: string): Promise<{ data?: any; errors?: unknown[] }> {
  const response = await fetch(`${API()}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

/** The development administrator's token (the stack writes its account to the data folder). */
async function adminToken(): Promise<string> {
  const admin = JSON.parse(readFileSync(join(process.env.NFC_DATA_DIR!, 'dev-admin.json'), 'utf8')) as { email: string; password: string };
  return (await graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: admin.email, p: admin.password })).data.login.token as string;
}

test('a visitor filters the agenda, the filters live in the URL, and the back button works', async () => {
  await ui.page.goto(`${WEB()}/agenda`);
  // The unfiltered agenda shows its first 30 dates without counting them all.
  expect(await ui.page.locator('.agenda-item').count()).toBe(30);
  await ui.page.getByLabel('Où').selectOption('200069052');
  await ui.page.getByLabel('Catégorie').selectOption('market');
  await ui.page.getByRole('button', { name: 'Filtrer' }).click();
  await ui.page.waitForURL(/epci=200069052/);
  expect(ui.page.url()).toContain('categorie=market');
  // Filtered views say how many dates match.
  const filtered = Number((await ui.page.getByRole('status').textContent())!.match(/\d+/)![0]);
  expect(filtered).toBeGreaterThan(0);
  const titles = await ui.page.locator('.agenda-item a').allTextContents();
  expect(titles.length).toBeGreaterThan(0);
  expect(titles.every((title) => /^Marché/.test(title))).toBe(true);
  expect(await ui.page.getByRole('link', { name: /iCalendar/ }).getAttribute('href')).toMatch(/\/feeds\/agenda\.ics\?.*epci=200069052.*category=market/);

  await ui.page.locator('.agenda-item a').first().click();
  await ui.page.waitForURL(/\/agenda\/[a-z0-9-]+$/);
  await ui.page.goBack();
  await ui.page.waitForURL(/categorie=market/);
  expect(await ui.page.getByLabel('Catégorie').inputValue()).toBe('market');
});

test.each([
  ['/de/agenda?q=F%C3%BChrungen', /^Führung durch die Zitadelle/],
  ['/en/agenda?q=guided+tours', /^Guided tour of the citadel/],
  ['/agenda?q=visites+guid%C3%A9es', /^Visite guidée de la citadelle/],
])('a search on %s is made in the page’s language, by its stemming', async (path, title) => {
  await ui.page.goto(WEB() + path);
  const titles = await ui.page.locator('.agenda-item a').allTextContents();
  expect(titles.length).toBeGreaterThan(0);
  expect(titles.every((text) => title.test(text))).toBe(true);
});

test('a German word is not searched in French', async () => {
  await ui.page.goto(`${WEB()}/agenda?q=F%C3%BChrungen`);
  expect(await ui.page.locator('.agenda-item').count()).toBe(0);
});

test('an event page shows the event with its JSON-LD, and "add to my calendar" downloads a valid ICS', async () => {
  await ui.page.goto(`${WEB()}/agenda?categorie=market`);
  const title = (await ui.page.locator('.agenda-item a').first().textContent())!;
  await ui.page.locator('.agenda-item a').first().click();
  await ui.page.waitForURL(/\/agenda\//);
  expect(await ui.page.locator('h1').textContent()).toBe(title);
  const jsonLd = JSON.parse((await ui.page.locator('script[type="application/ld+json"]').textContent())!);
  expect(jsonLd).toMatchObject({ '@context': 'https://schema.org', '@type': 'SaleEvent', name: title, eventStatus: expect.stringMatching(/^https:\/\/schema\.org\/Event/) });
  expect(jsonLd.startDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
  expect(await ui.page.getByRole('heading', { name: 'Autres dates' }).count()).toBe(1);

  const [download] = await Promise.all([ui.page.waitForEvent('download'), ui.page.getByRole('link', { name: 'Ajouter à mon agenda' }).click()]);
  const ics = readFileSync((await download.path())!, 'utf8');
  expect(download.suggestedFilename()).toMatch(/\.ics$/);
  expect(ics).toMatch(/^BEGIN:VCALENDAR/);
  expect(ics).toContain('BEGIN:VTIMEZONE');
  expect(ics).toMatch(/RRULE:FREQ=WEEKLY;COUNT=\d+/);
  expect(ics).toContain(`SUMMARY:${title}`);
});

test('the agenda and an event page read in German, and axe finds no violation', async () => {
  for (const path of ['/agenda', '/en/agenda?quand=week', '/de/agenda?gratuit=1']) {
    await ui.page.goto(WEB() + path);
    expect(await accessibilityViolations(ui.page)).toEqual([]);
  }
  await ui.page.goto(`${WEB()}/de/agenda?categorie=market`);
  await ui.page.locator('.agenda-item a').first().click();
  await ui.page.waitForURL(/\/de\/agenda\//);
  expect(await ui.page.getByRole('link', { name: 'In meinen Kalender' }).count()).toBe(1);
  expect(await accessibilityViolations(ui.page)).toEqual([]);
});

test('a long description written in Markdown is shown rendered and sanitised, never as raw asterisks or live markup', async () => {
  const token = await adminToken();
  const created = await graphql(
    `mutation($i: EventInput!) { createEvent(input: $i) { slug } }`,
    {
      i: {
        title: { fr: 'Nuit du conte ]]> & <!-- fin' },
        longDescription: { fr: 'Une **grande** nuit, *pour tous*.\n\n- Contes\n- Musique\n\nInfos : [le site](https://example.org/conte) ou [ceci](ftp://example.org/conte).\n\n    si 1 < 2 && 3 > 2 alors' },
        categories: ['festival'],
        isFree: true,
        place: { communeInsee: '90010' },
        schedule: { dates: [{ start: '2030-09-12T20:00' }] },
      },
    },
    token,
  );
  expect(created.errors).toBeUndefined();
  await ui.page.goto(`${WEB()}/agenda/${created.data.createEvent.slug}`);
  const description = ui.page.locator('.description');
  expect(await description.locator('strong').textContent()).toBe('grande');
  expect(await description.locator('em').textContent()).toBe('pour tous');
  expect(await description.locator('li').allTextContents()).toEqual(['Contes', 'Musique']);
  expect(await description.textContent()).not.toContain('**');
  const links = description.locator('a');
  expect(await links.count()).toBe(1);
  expect(await links.getAttribute('href')).toBe('https://example.org/conte');
  expect(await links.getAttribute('rel')).toBe('nofollow noopener');
  // Code stays text; a link to another scheme than http(s), mailto or tel keeps only its text.
  expect(await description.locator('code').textContent()).toContain('si 1 < 2 && 3 > 2 alors');
  expect(await description.textContent()).toContain('ceci');
  // The title reaches the JSON-LD intact, and the script ends where it should.
  const jsonLd = JSON.parse((await ui.page.locator('script[type="application/ld+json"]').textContent())!);
  expect(jsonLd.name).toBe('Nuit du conte ]]> & <!-- fin');
  expect(await ui.page.locator('h1').textContent()).toBe('Nuit du conte ]]> & <!-- fin');
  expect(await accessibilityViolations(ui.page)).toEqual([]);
});

test.each([
  ['fr', '', 'Âge', 'De 8 à 14 ans', 'Inscription'],
  ['de', '/de', 'Alter', 'Von 8 bis 14 Jahren', 'Anmeldung'],
])('an event page (%s) shows the age, and only the contacts its office made public, as links', async (_lang, prefix, ageLabel, age, registrationLabel) => {
  const token = await adminToken();
  const created = await graphql(
    `mutation($i: EventInput!) { createEvent(input: $i) { slug } }`,
    {
      i: {
        title: { fr: `Atelier maquettes ${prefix || 'fr'}` },
        categories: ['workshop'],
        minAge: 8,
        maxAge: 14,
        registrationContact: 'ateliers@example.org',
        registrationContactPublic: true,
        organiserName: 'Musée de l’Aventure Peugeot',
        organiserContact: '03 81 99 20 00',
        place: { communeInsee: '25388' },
        schedule: { dates: [{ start: '2030-10-03T14:00', end: '2030-10-03T16:00' }] },
      },
    },
    token,
  );
  expect(created.errors).toBeUndefined();
  await ui.page.goto(`${WEB()}${prefix}/agenda/${created.data.createEvent.slug}`);
  const facts = ui.page.locator('dl.facts');
  // The term exactly ("Alter" is also in "Veranstalter").
  const fact = (term: string) => facts.locator('div', { has: ui.page.locator('dt', { hasText: new RegExp(`^${term}$`) }) });
  expect(await fact(ageLabel).locator('dd').textContent()).toBe(age);
  const registration = fact(registrationLabel).locator('a');
  expect(await registration.getAttribute('href')).toBe('mailto:ateliers@example.org');
  // The organiser's phone was not made public: its name shows, its number does not.
  expect(await facts.textContent()).toContain('Musée de l’Aventure Peugeot');
  expect(await ui.page.content()).not.toContain('03 81 99 20 00');
  expect(await accessibilityViolations(ui.page)).toEqual([]);
});
