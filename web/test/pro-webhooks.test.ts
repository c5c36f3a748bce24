import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { accessibilityViolations, useBrowserPage } from './browser';
import { graphql } from './stack-api';

/** /pro/webhooks for real: the built site and API, a receiver on loopback that checks each signature. */
const WEB = () => process.env.NFC_WEB_URL!;
const ui = useBrowserPage();

const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
let receiver: Server;
let receiverUrl: string;
let adminToken: string;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/agenda`;
  const admin = JSON.parse(readFileSync(join(process.env.NFC_DATA_DIR!, 'dev-admin.json'), 'utf8')) as { email: string; password: string };
  adminToken = (await graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: admin.email, p: admin.password })).data!.login.token;
});

afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

/** The Standard Webhooks signature recomputed here with node:crypto. */
function signedWith(secret: string, request: { headers: IncomingHttpHeaders; body: string }): boolean {
  const expected = createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64')).update(`${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.body}`).digest('base64');
  return String(request.headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(condition()).toBe(true);
}

test('an administrator subscribes a URL by keyboard, sees the secret once, pings it, and sees the deliveries with their answers', async () => {
  const page = ui.page;
  await page.context().addCookies([{ name: 'nfc_session', value: adminToken, url: WEB(), httpOnly: true, sameSite: 'Lax' }]);
  await page.goto(`${WEB()}/pro/webhooks`);
  expect(await page.getByRole('link', { name: 'Webhooks' }).getAttribute('aria-current')).toBe('page');
  expect(await accessibilityViolations(page)).toEqual([]);

  // A refused address: the error is next to the field and in the summary.
  await page.getByLabel('Adresse de réception (URL)').fill('ftp://example.org/hook');
  await page.getByRole('button', { name: 'S’abonner' }).click();
  expect(await page.locator('#url').getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('#url-error').textContent()).toContain('adresse http(s) complète');
  expect(await page.locator('#form-errors li').count()).toBe(1);
  expect(await accessibilityViolations(page)).toEqual([]);

  // By keyboard: the URL, one change unticked, a category ticked, then Enter.
  await page.getByLabel('Adresse de réception (URL)').fill(receiverUrl);
  await page.getByRole('checkbox', { name: /Événement modifié/ }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('checkbox', { name: 'Concert' }).focus();
  await page.keyboard.press('Space');
  await page.getByLabel('Adresse de réception (URL)').focus();
  await page.keyboard.press('Enter');
  const secret = await page.getByRole('textbox', { name: 'Secret de signature' }).inputValue();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  expect(await page.getByText('il ne sera plus jamais affiché').count()).toBe(1);
  expect(await accessibilityViolations(page)).toEqual([]);
  const card = page.locator('[data-webhook]').filter({ hasText: receiverUrl });
  expect(await card.textContent()).toContain('Événement publié ; Événement annulé ; Événement retiré de l’agenda');
  expect(await card.textContent()).toContain('tous les EPCI — Concert');

  // Shown once: a reload shows no secret.
  await page.goto(`${WEB()}/pro/webhooks`);
  expect(await page.getByRole('textbox', { name: 'Secret de signature' }).count()).toBe(0);
  expect(await page.content()).not.toContain(secret);

  // A ping, answered at once, signed with that secret.
  await card.getByRole('button', { name: 'Envoyer un ping' }).click();
  expect(await page.getByRole('status').first().textContent()).toContain('Ping reçu : votre système a répondu 204.');
  expect(received).toHaveLength(1);
  expect(signedWith(secret, received[0]!)).toBe(true);
  expect(JSON.parse(received[0]!.body)).toMatchObject({ type: 'webhook.ping' });

  // A published concert reaches the receiver; the page lists it, received.
  const created = await graphql(
    `mutation($i: EventInput!) { createEvent(input: $i) { id } }`,
    { i: { title: { fr: 'Concert des webhooks' }, categories: ['concert'], isFree: true, place: { communeInsee: '90010' }, schedule: { allDay: false, dates: [{ start: '2031-06-21T20:00', end: '2031-06-21T23:00' }] } } },
    adminToken,
  );
  expect(created.errors).toBeUndefined();
  await until(() => received.length === 2);
  expect(signedWith(secret, received[1]!)).toBe(true);
  expect(JSON.parse(received[1]!.body)).toMatchObject({ type: 'event.created', data: { id: created.data!.createEvent.id, title: { fr: 'Concert des webhooks' } } });
  await page.goto(`${WEB()}/pro/webhooks`);
  const deliveries = page.locator('[data-webhook]').filter({ hasText: receiverUrl }).locator('[data-delivery]');
  expect(await deliveries.count()).toBe(2);
  expect(await deliveries.first().textContent()).toContain('Événement publié');
  expect(await deliveries.first().textContent()).toContain('Reçu');
  expect(await accessibilityViolations(page)).toEqual([]);

  // Paused, then enabled again; then deleted after confirming.
  await page.locator('[data-webhook]').filter({ hasText: receiverUrl }).getByRole('button', { name: 'Mettre en pause' }).click();
  expect(await page.getByRole('status').first().textContent()).toBe('L’abonnement est en pause.');
  await page.locator('[data-webhook]').filter({ hasText: receiverUrl }).getByRole('button', { name: 'Réactiver' }).click();
  await page.locator('[data-webhook]').filter({ hasText: receiverUrl }).getByRole('link', { name: 'Supprimer' }).click();
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Oui, supprimer cet abonnement' }).click();
  expect(await page.getByRole('status').first().textContent()).toBe('L’abonnement est supprimé.');
  expect(await page.locator('[data-webhook]').filter({ hasText: receiverUrl }).count()).toBe(0);
});

test.each([
  ['/en/pro/webhooks', 'Delivery address (URL)'],
  ['/de/pro/webhooks', 'Empfangsadresse (URL)'],
])('%s speaks its language, without axe violations', async (path, label) => {
  await ui.page.context().addCookies([{ name: 'nfc_session', value: adminToken, url: WEB(), httpOnly: true, sameSite: 'Lax' }]);
  await ui.page.goto(WEB() + path);
  expect(await ui.page.getByLabel(label).count()).toBe(1);
  expect(await accessibilityViolations(ui.page)).toEqual([]);
});
