import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { accessibilityViolations, useBrowserPage } from './browser';

const WEB = () => process.env.NFC_WEB_URL!;
const API = () => process.env.NFC_API_URL!;
const ui = useBrowserPage();

async function graphql(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<{ data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> }> {
  const response = await fetch(`${API()}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as never;
}

async function login(email: string, password: string): Promise<string> {
  const answer = await graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: password });
  if (!answer.data) throw new Error(JSON.stringify(answer.errors));
  return answer.data.login.token;
}

/** A new office and its editor, created by the dev Pôle admin through the API, as the Pôle would. */
const editor = { email: '', password: `Mot-de-passe-${randomBytes(6).toString('hex')}`, token: '' };
const office = { id: '', name: '' };
let admin: { email: string; password: string };
beforeAll(async () => {
  admin = JSON.parse(readFileSync(join(process.env.NFC_DATA_DIR!, 'dev-admin.json'), 'utf8')) as { email: string; password: string };
  const adminToken = await login(admin.email, admin.password);
  const suffix = randomBytes(4).toString('hex');
  office.name = `Office de tourisme test ${suffix}`;
  const created = await graphql(`mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }`, { i: { name: office.name, kind: 'TOURISM_OFFICE', epciSiren: '200069052' } }, adminToken);
  if (!created.data) throw new Error(JSON.stringify(created.errors));
  office.id = created.data.createOrganisation.id;
  editor.email = `editrice-${suffix}@example.org`;
  const user = await graphql(
    `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`,
    { i: { organisationId: office.id, email: editor.email, password: editor.password, displayName: 'Éditrice Test', role: 'EDITOR' } },
    adminToken,
  );
  if (!user.data) throw new Error(JSON.stringify(user.errors));
  editor.token = await login(editor.email, editor.password);
});

async function signIn(page: Page, who: { email: string; password: string } = editor): Promise<void> {
  await page.goto(`${WEB()}/pro`);
  await page.getByLabel('Adresse e-mail').fill(who.email);
  await page.getByLabel('Mot de passe').fill(who.password);
  await Promise.all([page.waitForURL(`${WEB()}/pro`), page.getByRole('button', { name: 'Se connecter' }).click()]);
}

function photo(): Promise<Buffer> {
  return sharp({ create: { width: 1600, height: 1000, channels: 3, background: '#3b6e8f', noise: { type: 'gaussian', mean: 120, sigma: 30 } } }).jpeg({ quality: 85 }).toBuffer();
}

/** The Saturdays of March and early April next year, across the clock change of late March. */
function saturdays(): { first: string; until: string; dates: string[] } {
  const year = new Date().getUTCFullYear() + 1;
  const day = new Date(Date.UTC(year, 2, 1));
  while (day.getUTCDay() !== 6) day.setUTCDate(day.getUTCDate() + 1);
  const until = `${year}-04-12`;
  const dates: string[] = [];
  for (const d = new Date(day); d.toISOString().slice(0, 10) <= until; d.setUTCDate(d.getUTCDate() + 7)) dates.push(d.toISOString().slice(0, 10));
  return { first: dates[0]!, until, dates };
}

const word = () => `Zorglub${randomBytes(3).toString('hex')}`;

async function fillMinimal(page: Page, title: string): Promise<void> {
  await page.locator('#title_fr').fill(title);
  await page.locator('#short_fr').fill('Une soirée pour tous.');
  await page.getByLabel('Concert', { exact: true }).check();
  await page.locator('#communeInsee').selectOption('90010');
}

test('an office editor creates a weekly event with an image, previews its dates in Paris time, publishes it and finds it on the agenda', async () => {
  const { page } = ui;
  await signIn(page);
  await page.getByRole('link', { name: 'Mes événements' }).click();
  await page.getByRole('link', { name: 'Nouvel événement' }).first().click();
  await page.waitForURL(/\/pro\/evenements\/nouveau$/);
  const title = `Concert ${word()} au kiosque`;
  await fillMinimal(page, title);
  // The language tabs: the English title is in its own panel.
  await page.getByRole('tab', { name: 'English' }).click();
  await page.locator('#title_en').fill(`${title} (EN)`);
  await page.getByLabel('Traduction automatique (English)').check();
  await page.getByRole('tab', { name: 'Français' }).click();
  // A click on the map places the point.
  await page.locator('#pe-map path[data-insee="90010"]').click();
  expect(Number(await page.locator('#lat').inputValue())).toBeGreaterThan(47);
  expect(Number(await page.locator('#lon').inputValue())).toBeGreaterThan(6);
  await page.locator('#placeName').fill('Kiosque du square');

  const { first, until, dates } = saturdays();
  await page.getByLabel('Récurrence').check();
  await page.getByLabel('Première date').fill(first);
  await page.getByLabel('Heure de début').fill('10:00');
  await page.getByLabel('Heure de fin').fill('12:00');
  await page.getByLabel('samedi').check();
  await page.getByLabel('Date de fin de la répétition').fill(until);
  await page.getByLabel('Exception 1').fill(dates[1]!);

  await page.getByLabel('Image (JPEG, PNG ou WebP)').setInputFiles({ name: 'kiosque.jpg', mimeType: 'image/jpeg', buffer: await photo() });
  await page.getByText('Image envoyée.').waitFor();
  expect(await page.locator('#upload-progress').evaluate((bar) => (bar as HTMLProgressElement).value)).toBe(100);
  expect(await page.locator('#imageUploadId').inputValue()).toMatch(/^[0-9a-f-]{36}$/);
  await page.locator('#alt_fr').fill('Le kiosque à musique, un soir d’été');
  await page.locator('#imageCredit').fill('© Office de tourisme');

  // The preview: every Saturday but the exception, at 10:00 Paris time on both sides of the clock change.
  await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
  await page.getByRole('button', { name: 'Prévisualiser' }).click();
  const items = page.locator('.pe-occurrence-list li');
  // With JavaScript the dry run answers in the background, without leaving the page.
  await page.getByText(`${dates.length - 1} dates au total`).waitFor();
  expect(await items.count()).toBe(dates.length - 1);
  expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
  const texts = await items.allTextContents();
  expect(texts.every((text) => /^samedi .*, 10:00$/.test(text))).toBe(true);
  // What was typed is all still there, the uploaded image included.
  expect(await page.locator('#title_fr').inputValue()).toBe(title);
  expect(await page.locator('#imageUploadId').inputValue()).toMatch(/^[0-9a-f-]{36}$/);

  await page.locator('#long_fr').fill('Un concert **en plein air**, pour toute la famille.');
  await page.getByRole('button', { name: 'Aperçu' }).click();
  await page.locator('#pe-preview').waitFor();
  expect(await page.locator('#pe-preview h3').textContent()).toBe(title);
  expect(await page.locator('#pe-preview strong').textContent()).toBe('en plein air');

  await Promise.all([page.waitForURL(/\/pro\/evenements\/[0-9a-f-]{36}\?ok=publie$/), page.getByRole('button', { name: 'Soumettre / Publier' }).click()]);
  expect(await page.getByRole('status').first().textContent()).toContain('Événement publié');
  expect(await page.locator('.pe-state').textContent()).toContain('Publié');
  // The editor reads back the recurrence form as it was entered.
  expect(await page.getByLabel('Récurrence').isChecked()).toBe(true);
  expect(await page.getByLabel('samedi').isChecked()).toBe(true);
  expect(await page.getByLabel('Exception 1').inputValue()).toBe(dates[1]);

  await page.goto(`${WEB()}/agenda?q=${encodeURIComponent(title.split(' ')[1]!)}`);
  const link = page.locator('.agenda-item a', { hasText: title });
  expect(await link.count()).toBe(dates.length - 1);
  await link.first().click();
  await page.waitForURL(/\/agenda\/concert-/);
  expect(await page.locator('h1').textContent()).toBe(title);
  // The public page carries the image in its JSON-LD; the API gives its alt text.
  const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
  expect(jsonLd.image?.length).toBeGreaterThan(0);
  const slug = page.url().split('/').pop();
  const image = (await graphql(`query($s: String!) { eventBySlug(slug: $s) { image { alt credit } } }`, { s: slug })).data.eventBySlug.image;
  expect(image).toEqual({ alt: 'Le kiosque à musique, un soir d’été', credit: '© Office de tourisme' });
});

test('a bad event shows every error at once, each next to its field, with a summary linking to them', async () => {
  const { page } = ui;
  await signIn(page);
  await page.goto(`${WEB()}/pro/evenements/nouveau`);
  await page.locator('#isFree').uncheck();
  await page.locator('#priceMin').fill('douze');
  await page.locator('#priceMax').fill('5');
  await page.locator('#bookingUrl').fill('http://example.org');
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  const summary = page.locator('#error-summary');
  await summary.waitFor();
  for (const id of ['title_fr', 'category-first', 'communeInsee', 'priceMin', 'currency', 'bookingUrl', 'd_date_0']) {
    expect({ id, invalid: await page.locator(`#${id}`).getAttribute('aria-invalid') }).toEqual({ id, invalid: 'true' });
    expect(await page.locator(`#err-${id}`).count()).toBeGreaterThan(0);
    expect(await summary.locator(`a[href="#${id}"]`).count()).toBeGreaterThan(0);
  }
  expect(await page.locator('#err-priceMin').textContent()).toBe('Un nombre, par exemple 12 ou 12,50.');
  // The API's messages, in French.
  expect(await page.locator('#err-title_fr').textContent()).toBe('À remplir.');
  expect(await page.locator('#err-communeInsee').textContent()).toBe('Choisissez la commune.');
  expect(await page.locator('#err-category-first').textContent()).toBe('Choisissez au moins une catégorie.');
  expect(await page.locator('#err-bookingUrl').textContent()).toBe('Une adresse en https://.');
  expect(await summary.locator('a[href="#title_fr"]').textContent()).toBe('Titre (Français) : À remplir.');
  // Nothing was saved.
  const mine = await graphql(`{ myEvents { totalCount } }`, {}, editor.token);
  const before = mine.data.myEvents.totalCount;
  await summary.locator('a[href="#communeInsee"]').click();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('communeInsee');
  expect((await graphql(`{ myEvents { totalCount } }`, {}, editor.token)).data.myEvents.totalCount).toBe(before);
});

test('a draft appears under Brouillon with the right count, and a filter by search finds it', async () => {
  const { page } = ui;
  await signIn(page);
  const count = async () => (await graphql(`{ myEvents { countsByState { moderation count } } }`, {}, editor.token)).data.myEvents.countsByState.find((c: { moderation: string }) => c.moderation === 'DRAFT').count as number;
  const before = await count();
  await page.goto(`${WEB()}/pro/evenements/nouveau`);
  const title = `Brouillon ${word()}`;
  await fillMinimal(page, title);
  await page.locator('#d_date_0').fill(`${new Date().getUTCFullYear() + 1}-06-20`);
  await page.locator('#d_start_0').fill('20:30');
  await Promise.all([page.waitForURL(/\?ok=brouillon$/), page.getByRole('button', { name: 'Enregistrer le brouillon' }).click()]);
  expect(await page.getByRole('status').first().textContent()).toContain('Brouillon enregistré');
  await page.getByRole('link', { name: 'Retour à mes événements' }).click();
  const tab = page.locator('.pe-tabs a', { hasText: 'Brouillon' });
  expect(await tab.locator('.pe-count').textContent()).toBe(String(before + 1));
  await tab.click();
  await page.waitForURL(/etat=DRAFT/);
  expect(await page.locator('.pe-row').count()).toBe(before + 1);
  expect(await page.locator('.pe-row', { hasText: title }).locator('.pe-badge').first().textContent()).toBe('Brouillon');
  await page.getByLabel('Rechercher').fill(title.split(' ')[1]!);
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await page.waitForURL(/q=/);
  expect(await page.locator('.pe-row').count()).toBe(1);
  expect(page.url()).toContain('etat=DRAFT');
});

test('postponing, rescheduling, moving online, full, then cancelling: the date it was to start is kept, shown in the editor and the list', async () => {
  const { page } = ui;
  const year = new Date().getUTCFullYear() + 1;
  const created = await graphql(
    `mutation($i: EventInput!) { createEvent(input: $i) { id } }`,
    { i: { title: { fr: `Bal ${word()}` }, categories: ['festival'], isFree: true, place: { communeInsee: '90010' }, schedule: { allDay: false, dates: [{ start: `${year}-07-13T21:00`, end: `${year}-07-14T01:00` }] } } },
    editor.token,
  );
  const id = created.data.createEvent.id as string;
  await signIn(page);
  await page.goto(`${WEB()}/pro/evenements/${id}`);
  await Promise.all([page.waitForURL(/\?ok=statut-postponed$/), page.getByRole('button', { name: 'Reporter (dates à venir)' }).click()]);
  expect(await page.locator('.pe-state').textContent()).toContain('Reporté');
  expect(await page.locator('#pe-previous-start').textContent()).toContain(`13 juillet ${year}, 21:00`);
  // Rescheduled to new dates: the original date stays as the previous one.
  await page.locator('#d_date_0').fill(`${year}-09-12`);
  await page.locator('#d_endDate_0').fill('');
  await page.locator('#d_end_0').fill('23:30');
  await Promise.all([page.waitForURL(/\?ok=statut-rescheduled$/), page.getByRole('button', { name: 'Reprogrammer aux nouvelles dates' }).click()]);
  expect(await page.locator('.pe-state').textContent()).toContain('Reprogrammé');
  expect(await page.locator('#pe-previous-start').textContent()).toContain(`13 juillet ${year}, 21:00`);
  expect(await page.locator('#d_date_0').inputValue()).toBe(`${year}-09-12`);
  // Online needs its link: the error shows next to the field, nothing changes until it is given.
  await page.getByRole('button', { name: 'Passer en ligne' }).click();
  await page.locator('#err-onlineUrl').waitFor();
  expect(await page.locator('#onlineUrl').getAttribute('aria-invalid')).toBe('true');
  await page.locator('#onlineUrl').fill('https://example.org/bal');
  await Promise.all([page.waitForURL(/\?ok=statut-moved_online$/), page.getByRole('button', { name: 'Passer en ligne' }).click()]);
  expect(await page.locator('.pe-state').textContent()).toContain('En ligne');
  expect(await page.locator('#attendanceMode').inputValue()).toBe('ONLINE');
  await Promise.all([page.waitForURL(/\?ok=statut-full$/), page.getByRole('button', { name: 'Marquer complet' }).click()]);
  expect(await page.locator('.pe-state').textContent()).toContain('Complet');
  await Promise.all([page.waitForURL(/\?ok=statut-cancelled$/), page.getByRole('button', { name: 'Annuler l’événement' }).click()]);
  expect(await page.locator('.pe-state').textContent()).toContain('Annulé');
  expect(await page.locator('#pe-previous-start').textContent()).toContain(`13 juillet ${year}, 21:00`);
  expect(await page.locator('#d_date_0').inputValue()).toBe(`${year}-09-12`);
  const event = (await graphql(`query($id: ID!) { event(id: $id) { status previousStartDate occurrences { startsAt } } }`, { id }, editor.token)).data.event;
  expect(event).toEqual({ status: 'CANCELLED', previousStartDate: `${year}-07-13T19:00:00.000Z`, occurrences: [{ startsAt: `${year}-09-12T19:00:00.000Z` }] });
  await page.goto(`${WEB()}/pro/evenements?statut=CANCELLED`);
  expect(await page.locator('.pe-row', { hasText: 'Bal ' }).locator('.pe-status-cancelled').count()).toBe(1);
});

test('without JavaScript, the whole create path works: form posted with its image, then the event is on the agenda', async () => {
  const context = await ui.page.context().browser()!.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${WEB()}/pro/evenements/nouveau`);
    // Without JavaScript the three languages stack, each in its own fieldset.
    expect(await page.locator('#title_de').isVisible()).toBe(true);
    const title = `Atelier ${word()} sans script`;
    await fillMinimal(page, title);
    await page.locator('#lat').fill('47.6380');
    await page.locator('#lon').fill('6.8628');
    const year = new Date().getUTCFullYear() + 1;
    await page.getByLabel('Plusieurs dates').check();
    await page.locator('#d_date_0').fill(`${year}-05-02`);
    await page.locator('#d_start_0').fill('14:00');
    await page.locator('#d_end_0').fill('17:00');
    await page.locator('#d_date_2').fill(`${year}-05-09`);
    await page.locator('#d_start_2').fill('14:00');
    await page.getByLabel('Image (JPEG, PNG ou WebP)').setInputFiles({ name: 'atelier.jpg', mimeType: 'image/jpeg', buffer: await photo() });
    await page.locator('#alt_fr').fill('Des enfants peignent');
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    await page.locator('.pe-occurrence-list').waitFor();
    const [first, second] = await page.locator('.pe-occurrence-list li').allTextContents();
    expect([first, second]).toEqual([expect.stringMatching(new RegExp(`^\\S+ 2 mai ${year}, 14:00$`)), expect.stringMatching(new RegExp(`^\\S+ 9 mai ${year}, 14:00$`))]);
    // The image went up with the preview; its id now travels with the form.
    expect(await page.locator('#imageUploadId').inputValue()).toMatch(/^[0-9a-f-]{36}$/);
    await Promise.all([page.waitForURL(/\?ok=publie$/), page.getByRole('button', { name: 'Soumettre / Publier' }).click()]);
    await page.goto(`${WEB()}/agenda?q=${encodeURIComponent(title.split(' ')[1]!)}`);
    expect(await page.locator('.agenda-item a', { hasText: title }).count()).toBe(2);
    await page.locator('.agenda-item a', { hasText: title }).first().click();
    const slug = page.url().split('/').pop();
    expect((await graphql(`query($s: String!) { eventBySlug(slug: $s) { image { alt } } }`, { s: slug })).data.eventBySlug.image).toEqual({ alt: 'Des enfants peignent' });
  } finally {
    await context.close();
  }
});

test("the Pôle reads every office's events and narrows them to one office; the pages read in English and German", async () => {
  const { page } = ui;
  const year = new Date().getUTCFullYear() + 1;
  const input = { title: { fr: `Marché ${word()}` }, categories: ['market'], isFree: true, place: { communeInsee: '90010' }, schedule: { allDay: false, dates: [{ start: `${year}-08-01T08:00` }] }, draft: true };
  expect((await graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id } }`, { i: input }, editor.token)).errors).toBeUndefined();
  await signIn(page, admin);
  await page.goto(`${WEB()}/pro/evenements`);
  await page.getByLabel('Office', { exact: true }).selectOption(office.id);
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await page.waitForURL(new RegExp(`office=${office.id}`));
  const rows = page.locator('.pe-row');
  const own = (await graphql(`query($o: ID) { myEvents(filter: { organisationId: $o }) { totalCount } }`, { o: office.id }, editor.token)).data.myEvents.totalCount as number;
  expect(await rows.count()).toBe(Math.min(own, 20));
  expect(new Set(await rows.locator('td:nth-child(4)').allTextContents())).toEqual(new Set([office.name]));
  await page.goto(`${WEB()}/en/pro/evenements`);
  expect(await page.locator('h1').textContent()).toBe('My events');
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.goto(`${WEB()}/de/pro/evenements/nouveau`);
  expect(await page.locator('h1').textContent()).toBe('Neue Veranstaltung');
  expect(await page.getByRole('button', { name: 'Entwurf speichern' }).count()).toBe(1);
  expect(await accessibilityViolations(page)).toEqual([]);
});

test.each([
  [390, 844],
  [1280, 800],
])('axe finds no violation on the list and the editor at %i×%i', async (width, height) => {
  const { page } = ui;
  await page.setViewportSize({ width, height });
  await signIn(page);
  await page.goto(`${WEB()}/pro/evenements`);
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.goto(`${WEB()}/pro/evenements/nouveau`);
  expect(await accessibilityViolations(page)).toEqual([]);
  // With every error shown too.
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await page.locator('#error-summary').waitFor();
  expect(await accessibilityViolations(page)).toEqual([]);
  const id = (await graphql(`{ myEvents(first: 1) { nodes { id } } }`, {}, editor.token)).data.myEvents.nodes[0].id;
  await page.goto(`${WEB()}/pro/evenements/${id}`);
  expect(await accessibilityViolations(page)).toEqual([]);
  expect(ui.cspViolations).toEqual([]);
});
