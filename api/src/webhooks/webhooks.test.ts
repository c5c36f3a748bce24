import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { Webhook } from 'standardwebhooks';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { startTestApi, type TestApi } from '../../test/api';
import { createOrganisation, createUser, issueApiKey } from '../../test/factories';
import { startTestSmtp, type TestSmtp } from '../../test/smtp';
import { JOB_SCHEMA } from '../jobs/job-queue';
import { WEBHOOK_DELIVER_JOB } from './webhook-events';
import { purgeDeliveries } from './webhook.jobs';

/** A real receiver on a loopback port: it records every request and answers what it is told to. */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
interface Receiver {
  url: string;
  received: Received[];
  /** Statuses to answer, in turn, per path; 200 once a path's list is spent. */
  answers: Map<string, number[]>;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const answers = new Map<string, number[]>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = answers.get(path)?.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'text/plain' });
      // An answer with control characters and markup, longer than what is kept of it.
      // A huge answer (the receiver echoes a page, say) is read no further than needed: only its status counts.
      if (path === '/huge') response.end('y'.repeat(5_000_000));
      else response.end(status >= 300 ? `boom\u0000\u001b[2J <b>down</b> ${'x'.repeat(2000)}` : 'thanks');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, answers, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The Standard Webhooks signature recomputed by hand (node:crypto), independent of the code under test. */
function verifyByHand(secret: string, received: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const id = String(received.headers['webhook-id']);
  const timestamp = String(received.headers['webhook-timestamp']);
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${received.body}`).digest();
  return String(received.headers['webhook-signature'])
    .split(' ')
    .some((part) => {
      const [version, signature] = part.split(',');
      const given = Buffer.from(signature ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

/** Both verifications: the standardwebhooks package's (which also checks the timestamp) and the one by hand. */
function verified(secret: string, received: Received): boolean {
  const headers = { 'webhook-id': String(received.headers['webhook-id']), 'webhook-timestamp': String(received.headers['webhook-timestamp']), 'webhook-signature': String(received.headers['webhook-signature']) };
  try {
    new Webhook(secret).verify(received.body, headers);
  } catch {
    return false;
  }
  return verifyByHand(secret, received);
}

let smtp: TestSmtp;
let db: TestDatabase;
let api: TestApi;
let receiver: Receiver;
let admin: string;
let otherAdmin: string;
let editor: string;
let agendaKey: string;
let pole: string;
let reviewedKey: string;
const officePeople: string[] = [];

async function login(organisationId: string, role: 'ADMIN' | 'EDITOR', into?: string[]): Promise<string> {
  const { user, password } = await createUser(db.dataSource, { organisationId, role });
  into?.push(user.email);
  return (await api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: password })).data!.login.token as string;
}

beforeAll(async () => {
  smtp = await startTestSmtp();
  receiver = await startReceiver();
  db = await createTestDatabase();
  api = await startTestApi({ dataSource: db.dataSource, config: { smtpUrl: smtp.url, publicSiteUrl: 'https://www.example.test', outboundAllowPrivate: true } });
  const office = await createOrganisation(db.dataSource, { epciSiren: '200069052', name: 'Office de Belfort' });
  const other = await createOrganisation(db.dataSource, { epciSiren: '200065647', name: 'Office de Montbéliard' });
  admin = await login(office.id, 'ADMIN', officePeople);
  editor = await login(office.id, 'EDITOR', officePeople);
  otherAdmin = await login(other.id, 'ADMIN');
  agendaKey = (await issueApiKey(db.dataSource, office.id)).key;
  pole = await login((await createOrganisation(db.dataSource, { kind: 'POLE' })).id, 'ADMIN');
  // An office whose events wait for the Pôle's review.
  const reviewed = await createOrganisation(db.dataSource, { epciSiren: '200069052', name: 'Office sous revue' });
  reviewedKey = (await issueApiKey(db.dataSource, reviewed.id)).key;
  await db.dataSource.query(`UPDATE organisation SET agenda_requires_review = true WHERE id = $1`, [reviewed.id]);
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
  await smtp?.close();
  await receiver?.close();
});

afterEach(async () => {
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  await db.dataSource.query(`DELETE FROM webhook_subscription`);
  receiver.received.length = 0;
  receiver.answers.clear();
});

const SUBSCRIPTION = `id url events epciSirens categories enabled disabledAt consecutiveFailures recentDeliveries { id eventType eventId state attempts body attemptLog { ok statusCode durationMs error responseExcerpt } }`;

async function subscribe(path: string, input: Record<string, unknown> = {}, token = admin): Promise<{ id: string; secret: string }> {
  const answer = await api.graphql(`mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret subscription { id } } }`, { i: { url: `${receiver.url}${path}`, events: ['event.created', 'event.updated', 'event.cancelled', 'event.deleted'], ...input } }, { token });
  expect(answer.errors).toBeUndefined();
  return { id: answer.data!.createWebhook.subscription.id, secret: answer.data!.createWebhook.secret };
}

async function subscriptions(token = admin): Promise<Array<Record<string, any>>> {
  const answer = await api.graphql(`{ webhooks { ${SUBSCRIPTION} } }`, {}, { token });
  expect(answer.errors).toBeUndefined();
  return answer.data!.webhooks;
}

const eventInput = (title: string, overrides: Record<string, unknown> = {}) => ({
  title: { fr: title, en: `${title} (en)` },
  categories: ['concert'],
  isFree: true,
  place: { communeInsee: '90010' },
  schedule: { allDay: false, dates: [{ start: '2031-06-21T20:00', end: '2031-06-21T23:00' }] },
  ...overrides,
});

async function createEvent(title: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const answer = await api.graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id } }`, { i: eventInput(title, overrides) }, { token: agendaKey });
  expect(answer.errors).toBeUndefined();
  return answer.data!.createEvent.id;
}

/** Retries come due after their back-off; a test makes them due now, instead of waiting. */
async function retriesDueNow(): Promise<void> {
  await db.dataSource.query(`UPDATE ${JOB_SCHEMA}.job SET start_after = now() WHERE name = $1 AND state = 'retry'`, [WEBHOOK_DELIVER_JOB]);
}

const bodies = (path: string) => receiver.received.filter((request) => request.path === path).map((request) => JSON.parse(request.body) as { id: string; type: string; timestamp: string; data: Record<string, any> });

test('a public event’s creation reaches the subscriber, signed as Standard Webhooks says, with its public view only', async () => {
  const { secret } = await subscribe('/created');
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  const id = await createEvent('Concert au Lion');
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  const [request] = receiver.received;
  expect(receiver.received).toHaveLength(1);
  expect(request!.headers['content-type']).toBe('application/json');
  expect(verified(secret, request!)).toBe(true);
  // A body changed by one byte, or another secret, does not verify.
  expect(verified(secret, { ...request!, body: request!.body.replace('Lion', 'Lien') })).toBe(false);
  expect(verified(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, request!)).toBe(false);
  const body = JSON.parse(request!.body);
  expect(body).toEqual({
    id: request!.headers['webhook-id'],
    type: 'event.created',
    timestamp: expect.any(String),
    data: {
      id,
      title: { fr: 'Concert au Lion', en: 'Concert au Lion (en)' },
      dates: [{ startsAt: expect.stringMatching(/^2031-06-21T18:00:00/), endsAt: expect.stringMatching(/^2031-06-21T21:00:00/) }],
      communeInsee: '90010',
      epciSiren: '200069052',
      categories: ['concert'],
      status: 'SCHEDULED',
      url: expect.stringMatching(/^https:\/\/www\.example\.test\/agenda\/concert-au-lion-[0-9a-f]{6}$/),
      updatedAt: expect.any(String),
    },
  });
  // The secret never travels, and never shows again.
  expect(JSON.stringify(request!.headers)).not.toContain(secret.slice(6, 20));
  const [listed] = await subscriptions();
  expect(JSON.stringify(listed)).not.toContain(secret.slice(6, 20));
  expect(listed!.recentDeliveries).toEqual([expect.objectContaining({ eventType: 'event.created', eventId: id, state: 'SUCCEEDED', attempts: 1, body: request!.body })]);
  expect(listed!.recentDeliveries[0].attemptLog).toEqual([{ ok: true, statusCode: 200, durationMs: expect.any(Number), error: null, responseExcerpt: 'thanks' }]);
});

test('a draft sends nothing; each public change is told once, as created, updated, cancelled, deleted', async () => {
  await subscribe('/life');
  const draftAnswer = await api.graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id } }`, { i: eventInput('Brouillon secret', { draft: true }) }, { token: agendaKey });
  const draft = draftAnswer.data!.createEvent.id as string;
  await api.graphql(`mutation($id: ID!, $i: EventInput!) { updateEvent(id: $id, input: $i) { id } }`, { id: draft, i: eventInput('Brouillon secret modifié', { draft: true }) }, { token: agendaKey });
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  expect(receiver.received).toHaveLength(0);
  const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM webhook_delivery`);
  expect(n).toBe(0);

  // Submitted (the office needs no review): it appears, so it is created.
  expect((await api.graphql(`mutation($id: ID!) { submitEvent(id: $id) { moderation } }`, { id: draft }, { token: agendaKey })).data!.submitEvent.moderation).toBe('PUBLISHED');
  // Each change is delivered before the next: one still waiting when the event is deleted is skipped, by design.
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  await api.graphql(`mutation($id: ID!, $i: EventInput!) { updateEvent(id: $id, input: $i) { id } }`, { id: draft, i: eventInput('Plus un brouillon') }, { token: agendaKey });
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  await api.graphql(`mutation($id: ID!) { cancelEvent(id: $id) { id } }`, { id: draft }, { token: agendaKey });
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  await api.graphql(`mutation($id: ID!) { deleteEvent(id: $id) { id } }`, { id: draft }, { token: agendaKey });
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  const told = bodies('/life').sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  expect(told.map((body) => body.type)).toEqual(['event.created', 'event.updated', 'event.cancelled', 'event.deleted']);
  expect(told[0]!.data.title.fr).toBe('Brouillon secret modifié');
  expect(told[2]!.data.status).toBe('CANCELLED');
  // What left the agenda is told by its id only.
  expect(told[3]!.data).toEqual({ id: draft, deleted: true, updatedAt: expect.any(String) });
});

test('an event under review sends nothing until the Pôle publishes it; a merge tells the duplicate as deleted and the kept one as updated', async () => {
  await subscribe('/review');
  const pending = await api.graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id moderation } }`, { i: eventInput('Concert en attente') }, { token: reviewedKey });
  expect(pending.data!.createEvent.moderation).toBe('PENDING');
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  expect(receiver.received).toHaveLength(0);
  const id = pending.data!.createEvent.id as string;
  expect((await api.graphql(`mutation($id: ID!) { publishEvent(id: $id) { moderation } }`, { id }, { token: pole })).errors).toBeUndefined();
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  expect(bodies('/review').map((body) => [body.type, body.data.id])).toEqual([['event.created', id]]);

  const kept = await createEvent('Concert à garder');
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  receiver.received.length = 0;
  expect((await api.graphql(`mutation($k: ID!, $m: ID!) { mergeEvents(keepId: $k, mergeId: $m) { id } }`, { k: kept, m: id }, { token: pole })).errors).toBeUndefined();
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  expect(bodies('/review').map((body) => [body.type, body.data.id]).sort()).toEqual([['event.deleted', id], ['event.updated', kept]]);
});

test('filters: only events in the EPCI and of the categories asked for', async () => {
  await subscribe('/montbeliard-expos', { epciSirens: ['200065647'], categories: ['exhibition'] });
  await subscribe('/belfort', { epciSirens: ['200069052'] });
  await subscribe('/only-cancelled', { events: ['event.cancelled'] });
  await createEvent('Concert à Belfort');
  await createEvent('Exposition à Belfort', { categories: ['exhibition'] });
  const montbeliard = await createEvent('Exposition à Montbéliard', { categories: ['exhibition', 'concert'], place: { communeInsee: '25388' } });
  await createEvent('Concert à Montbéliard', { place: { communeInsee: '25388' } });
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  expect(bodies('/montbeliard-expos').map((body) => body.data.id)).toEqual([montbeliard]);
  expect(bodies('/belfort').map((body) => body.data.title.fr).sort()).toEqual(['Concert à Belfort', 'Exposition à Belfort']);
  expect(bodies('/only-cancelled')).toEqual([]);
});

test('a delivery that fails (500) is retried and then succeeds; both attempts are logged with their answers', async () => {
  const { secret } = await subscribe('/flaky');
  receiver.answers.set('/flaky', [500]);
  await createEvent('Concert retardé');
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  expect(receiver.received).toHaveLength(1);
  let [listed] = await subscriptions();
  expect(listed!.recentDeliveries[0]).toMatchObject({ state: 'PENDING', attempts: 1 });
  expect(listed!.consecutiveFailures).toBe(1);
  await retriesDueNow();
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  expect(receiver.received).toHaveLength(2);
  // The same message: the same webhook-id, signed again for its new timestamp.
  expect(receiver.received[1]!.headers['webhook-id']).toBe(receiver.received[0]!.headers['webhook-id']);
  expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
  expect(receiver.received.every((request) => verified(secret, request))).toBe(true);
  [listed] = await subscriptions();
  expect(listed!.consecutiveFailures).toBe(0);
  const [delivery] = listed!.recentDeliveries;
  expect(delivery).toMatchObject({ state: 'SUCCEEDED', attempts: 2 });
  expect(delivery.attemptLog).toEqual([
    { ok: true, statusCode: 200, durationMs: expect.any(Number), error: null, responseExcerpt: 'thanks' },
    { ok: false, statusCode: 500, durationMs: expect.any(Number), error: 'HTTP 500', responseExcerpt: expect.stringMatching(/^boom\[2J <b>down<\/b> x+…$/) },
  ]);
  // Bounded, and without the control characters the receiver sent.
  expect(delivery.attemptLog[1].responseExcerpt.length).toBeLessThanOrEqual(500);
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  expect(delivery.attemptLog[1].responseExcerpt).not.toMatch(/[\u0000-\u001f]/);
});

test('after 5 failed attempts in a row over more than a day the subscription is disabled and the organisation is told by e-mail', async () => {
  const { id } = await subscribe('/down');
  receiver.answers.set('/down', Array(20).fill(503));
  await createEvent('Concert sans écho');
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  for (let attempt = 2; attempt <= 4; attempt += 1) {
    await retriesDueNow();
    await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  }
  let [listed] = await subscriptions();
  expect(listed).toMatchObject({ enabled: true, consecutiveFailures: 4 });
  // Four failures within minutes disable nothing; the fifth, once the first is a day old, does.
  await db.dataSource.query(`UPDATE webhook_subscription SET failing_since = now() - interval '25 hours' WHERE id = $1`, [id]);
  await retriesDueNow();
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  [listed] = await subscriptions();
  expect(listed).toMatchObject({ enabled: false, consecutiveFailures: 5, disabledAt: expect.any(String) });
  expect(listed!.recentDeliveries[0]).toMatchObject({ attempts: 5 });
  await api.jobs.drain();
  for (const person of officePeople) {
    const mail = await smtp.next(person, /Webhook désactivé/);
    expect(mail.text).toContain(`${receiver.url}/down`);
    expect(mail.text).toContain('https://www.example.test/pro/webhooks');
  }
  // Disabled: new changes are not sent to it, and its waiting deliveries are not retried.
  const before = receiver.received.length;
  await createEvent('Concert suivant');
  await retriesDueNow();
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  expect(receiver.received).toHaveLength(before);
  // A ping still goes (to check the receiver is back), and enabling it starts the count over.
  receiver.answers.set('/down', []);
  const ping = await api.graphql(`mutation($id: ID!) { pingWebhook(id: $id) { eventType state attemptLog { ok statusCode } } }`, { id }, { token: admin });
  expect(ping.data!.pingWebhook).toEqual({ eventType: 'webhook.ping', state: 'SUCCEEDED', attemptLog: [{ ok: true, statusCode: 200 }] });
  const enabled = await api.graphql(`mutation($id: ID!) { updateWebhook(id: $id, input: { enabled: true }) { enabled disabledAt consecutiveFailures } }`, { id }, { token: admin });
  expect(enabled.data!.updateWebhook).toEqual({ enabled: true, disabledAt: null, consecutiveFailures: 0 });
});

test('a ping is signed and answered at once; a rotated secret signs what follows, the old one beside it for a day only', async () => {
  const { id, secret } = await subscribe('/ping');
  const ping = await api.graphql(`mutation($id: ID!) { pingWebhook(id: $id) { id eventType state attemptLog { ok statusCode } } }`, { id }, { token: admin });
  expect(ping.errors).toBeUndefined();
  expect(ping.data!.pingWebhook).toMatchObject({ eventType: 'webhook.ping', state: 'SUCCEEDED', attemptLog: [{ ok: true, statusCode: 200 }] });
  const [first] = receiver.received;
  expect(verified(secret, first!)).toBe(true);
  expect(JSON.parse(first!.body)).toMatchObject({ id: ping.data!.pingWebhook.id, type: 'webhook.ping', data: { subscriptionId: id } });
  const rotated = await api.graphql(`mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret subscription { id } } }`, { id }, { token: admin });
  const fresh = rotated.data!.rotateWebhookSecret.secret as string;
  expect(fresh).not.toBe(secret);
  await api.graphql(`mutation($id: ID!) { pingWebhook(id: $id) { id } }`, { id }, { token: admin });
  const second = receiver.received[1]!;
  expect(String(second.headers['webhook-signature']).split(' ')).toHaveLength(2);
  expect(verified(fresh, second)).toBe(true);
  expect(verified(secret, second)).toBe(true);
  // A day later the old secret no longer signs.
  await db.dataSource.query(`UPDATE webhook_subscription SET previous_secret_until = now() - interval '1 second' WHERE id = $1`, [id]);
  await api.graphql(`mutation($id: ID!) { pingWebhook(id: $id) { id } }`, { id }, { token: admin });
  const third = receiver.received[2]!;
  expect(String(third.headers['webhook-signature']).split(' ')).toHaveLength(1);
  expect(verified(fresh, third)).toBe(true);
  expect(verified(secret, third)).toBe(false);
});

test('a 2xx answer with a huge body succeeds; the body is read bounded and kept as an excerpt', async () => {
  const { id } = await subscribe('/huge');
  const ping = await api.graphql(`mutation($id: ID!) { pingWebhook(id: $id) { state attemptLog { ok statusCode responseExcerpt } } }`, { id }, { token: admin });
  expect(ping.data!.pingWebhook).toEqual({ state: 'SUCCEEDED', attemptLog: [{ ok: true, statusCode: 200, responseExcerpt: expect.stringMatching(/^y{499}…$/) }] });
});

test('the nightly purge forgets deliveries older than 30 days, never one still pending', async () => {
  await subscribe('/old');
  await createEvent('Concert ancien');
  await createEvent('Concert récent');
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  const rows: Array<{ id: string }> = await db.dataSource.query(`SELECT id FROM webhook_delivery ORDER BY created_at`);
  await db.dataSource.query(`UPDATE webhook_delivery SET created_at = now() - interval '31 days' WHERE id = $1`, [rows[0]!.id]);
  const pending = await db.dataSource.query(`INSERT INTO webhook_delivery (subscription_id, event_type, payload, created_at) SELECT subscription_id, event_type, payload, now() - interval '40 days' FROM webhook_delivery WHERE id = $1 RETURNING id`, [rows[0]!.id]);
  expect(await purgeDeliveries(db.dataSource)).toBe(1);
  const left: Array<{ id: string }> = await db.dataSource.query(`SELECT id FROM webhook_delivery ORDER BY created_at`);
  expect(left.map((row) => row.id)).toEqual([pending[0].id, rows[1]!.id]);
  expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM webhook_attempt WHERE delivery_id = $1`, [rows[0]!.id]))[0].n).toBe(0);
});

test('redelivering sends the same message again, with the same webhook-id', async () => {
  await subscribe('/again');
  await createEvent('Concert à revoir');
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  const [listed] = await subscriptions();
  const deliveryId = listed!.recentDeliveries[0].id;
  const again = await api.graphql(`mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id state } }`, { id: deliveryId }, { token: admin });
  expect(again.data!.redeliverWebhook).toEqual({ id: deliveryId, state: 'PENDING' });
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  expect(receiver.received.map((request) => request.headers['webhook-id'])).toEqual([deliveryId, deliveryId]);
});

test('a failed delivery of an event that has since left the agenda is never sent again: its retry and a redelivery are skipped, the deletion is told', async () => {
  await subscribe('/gone');
  receiver.answers.set('/gone', [500]);
  const id = await createEvent('Concert retiré');
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  expect(bodies('/gone').map((body) => body.type)).toEqual(['event.created']);
  // Taken down before the retry comes due.
  expect((await api.graphql(`mutation($id: ID!) { deleteEvent(id: $id) { id } }`, { id }, { token: agendaKey })).errors).toBeUndefined();
  await retriesDueNow();
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  expect(bodies('/gone').map((body) => body.type)).toEqual(['event.created', 'event.deleted']);
  const [listed] = await subscriptions();
  const created = listed!.recentDeliveries.find((delivery: Record<string, any>) => delivery.eventType === 'event.created');
  expect(created).toMatchObject({ state: 'SKIPPED', attempts: 1 });
  await api.graphql(`mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }`, { id: created.id }, { token: admin });
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  expect(bodies('/gone').map((body) => body.type)).toEqual(['event.created', 'event.deleted']);
});

test('another organisation cannot see, ping, change, rotate, redeliver or delete a subscription: it looks missing; editors reach none', async () => {
  const { id } = await subscribe('/mine');
  await createEvent('Concert privé de webhooks');
  await api.jobs.drain([WEBHOOK_DELIVER_JOB]);
  const deliveryId = (await subscriptions())[0]!.recentDeliveries[0].id;
  expect(await subscriptions(otherAdmin)).toEqual([]);
  for (const [query, variables] of [
    [`mutation($id: ID!) { pingWebhook(id: $id) { id } }`, { id }],
    [`mutation($id: ID!) { updateWebhook(id: $id, input: { url: "${receiver.url}/stolen" }) { id } }`, { id }],
    [`mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`, { id }],
    [`mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }`, { id: deliveryId }],
    [`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id }],
  ] as const) {
    const answer = await api.graphql(query, variables, { token: otherAdmin });
    expect(answer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  }
  expect((await api.graphql(`{ webhooks { id } }`, {}, { token: editor })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  // Nothing was sent or changed for the other organisation.
  expect(receiver.received.map((request) => request.path)).toEqual(['/mine']);
  expect((await subscriptions())[0]).toMatchObject({ id, url: `${receiver.url}/mine` });
});

test.each([
  ['not a URL', 'nope', 'BAD_URL'],
  ['another scheme', 'ftp://example.org/hook', 'BAD_URL'],
  ['credentials in it', 'https://user:pw@example.org/hook', 'BAD_URL'],
])('a URL that is %s is refused with a reason', async (_case, url, reason) => {
  const answer = await api.graphql(`mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret } }`, { i: { url, events: ['event.created'] } }, { token: admin });
  expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason, fields: [{ field: 'url' }] });
});

test.each([
  ['an unknown change', { events: ['event.exploded'] }, 'events'],
  ['no change at all', { events: [] }, 'events'],
  ['an unknown category', { categories: ['bowling-sur-glace'] }, 'categories'],
  ['an EPCI outside the territory', { epciSirens: ['123456789'] }, 'epciSirens'],
])('a subscription with %s is refused', async (_case, input, field) => {
  const answer = await api.graphql(`mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret } }`, { i: { url: `${receiver.url}/x`, events: ['event.created'], ...input } }, { token: admin });
  expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(JSON.stringify(answer.errors?.[0]?.extensions)).toContain(field);
  const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM webhook_subscription`);
  expect(n).toBe(0);
});

/** A name other than "localhost" that this machine resolves to a loopback address (/etc/hosts, or its own name). */
async function loopbackHostname(): Promise<string> {
  const fromHosts = readFileSync('/etc/hosts', 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim().split(/\s+/))
    .filter(([address]) => address?.startsWith('127.') || address === '::1')
    .flatMap(([, ...names]) => names)
    .find((name) => name && name !== 'localhost');
  const candidate = fromHosts ?? hostname();
  const addresses = await lookup(candidate, { all: true });
  expect(addresses.every((entry) => entry.address.startsWith('127.') || entry.address === '::1')).toBe(true);
  return candidate;
}

describe('where OUTBOUND_ALLOW_PRIVATE is off', () => {
  let strict: TestApi;
  beforeAll(async () => {
    // The same database and secret; this API only answers requests (its worker is off).
    strict = await startTestApi({ dataSource: db.dataSource, config: { smtpUrl: smtp.url, outboundAllowPrivate: false, worker: 'off', jwtSecret: api.config.jwtSecret } });
  });
  afterAll(async () => {
    await strict?.close();
  });

  test.each([
    ['IPv4 loopback', 'http://127.0.0.1:8080/hook'],
    ['IPv6 loopback', 'http://[::1]:8080/hook'],
    ['IPv4 loopback written as IPv6', 'https://[::ffff:127.0.0.1]/hook'],
    ['a private network', 'https://10.1.2.3/hook'],
    ['another private network', 'https://192.168.1.10/hook'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/'],
    ['localhost', 'http://localhost:8080/hook'],
    ['unspecified', 'http://0.0.0.0/hook'],
  ])('%s is refused with ADDRESS_NOT_ALLOWED', async (_case, url) => {
    const answer = await strict.graphql(`mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret } }`, { i: { url, events: ['event.created'] } }, { token: admin });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ADDRESS_NOT_ALLOWED', fields: [{ field: 'url' }] });
  });

  test('a host name that resolves to loopback is refused too', async () => {
    const answer = await strict.graphql(`mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret } }`, { i: { url: `http://${await loopbackHostname()}:8080/hook`, events: ['event.created'] } }, { token: admin });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ADDRESS_NOT_ALLOWED' });
  });

  test('a subscription already pointing at loopback is not reached when delivering: the attempt is refused and logged', async () => {
    const { id } = await subscribe('/private');
    const ping = await strict.graphql(`mutation($id: ID!) { pingWebhook(id: $id) { state attemptLog { ok statusCode error } } }`, { id }, { token: admin });
    expect(ping.errors).toBeUndefined();
    expect(ping.data!.pingWebhook).toEqual({ state: 'FAILED', attemptLog: [{ ok: false, statusCode: null, error: expect.stringMatching(/^ADDRESS_NOT_ALLOWED: /) }] });
    expect(receiver.received).toHaveLength(0);
  });
});
