import { createTestDatabase, type TestDatabase } from '../../test/database';
import { startTestApi, type TestApi } from '../../test/api';
import { createOrganisation, createUser, issueApiKey } from '../../test/factories';
import { startTestSmtp, type TestSmtp } from '../../test/smtp';

/** The Pôle's review, as offices live it: a reason with every refusal, told by e-mail; one rule for changes. */
let smtp: TestSmtp;
let db: TestDatabase;
let api: TestApi;
let belfort: { id: string };
let montbeliard: { id: string };
let belfortKey: string;
let montbeliardKey: string;
let pole: string;
const belfortPeople: string[] = [];
const montbeliardPeople: string[] = [];

async function login(organisationId: string, role: 'ADMIN' | 'EDITOR', into?: string[]) {
  const { user, password } = await createUser(db.dataSource, { organisationId, role });
  into?.push(user.email);
  return (await api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: password })).data!.login.token as string;
}

beforeAll(async () => {
  smtp = await startTestSmtp();
  db = await createTestDatabase();
  api = await startTestApi({ dataSource: db.dataSource, config: { smtpUrl: smtp.url, publicSiteUrl: 'https://www.example.test' } });
  belfort = await createOrganisation(db.dataSource, { epciSiren: '200069052', name: 'Office de Belfort' });
  montbeliard = await createOrganisation(db.dataSource, { epciSiren: '200065647', name: 'Office de Montbéliard' });
  belfortKey = (await issueApiKey(db.dataSource, belfort.id)).key;
  montbeliardKey = (await issueApiKey(db.dataSource, montbeliard.id)).key;
  const belfortAdmin = await login(belfort.id, 'ADMIN', belfortPeople);
  await login(belfort.id, 'EDITOR', belfortPeople);
  await login(montbeliard.id, 'ADMIN', montbeliardPeople);
  pole = await login((await createOrganisation(db.dataSource, { kind: 'POLE' })).id, 'ADMIN');
  await api.graphql(`mutation($o: ID!) { setAgendaReview(organisationId: $o, required: true) }`, { o: belfort.id }, { token: belfortAdmin });
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
  await smtp?.close();
});

const event = (title: string, overrides: Record<string, unknown> = {}) => ({
  title: { fr: title },
  categories: ['concert'],
  isFree: true,
  place: { communeInsee: '90010' },
  schedule: { allDay: false, dates: [{ start: '2031-06-21T20:00', end: '2031-06-21T23:00' }] },
  ...overrides,
});
const FIELDS = `id moderation sequence updatedAt rejectionReason reviewedAt publisherName`;
const create = async (title: string, token = belfortKey) => (await api.graphql(`mutation($i: EventInput!) { createEvent(input: $i) { ${FIELDS} } }`, { i: event(title) }, { token })).data!.createEvent;
const update = async (id: string, input: Record<string, unknown>, token = belfortKey) => api.graphql(`mutation($id: ID!, $i: EventInput!) { updateEvent(id: $id, input: $i) { ${FIELDS} } }`, { id, i: input }, { token });
const reject = (id: string, reason: string, token = pole) => api.graphql(`mutation($id: ID!, $r: String!) { rejectEvent(id: $id, reason: $r) { ${FIELDS} } }`, { id, r: reason }, { token });

test.each([
  ['an empty reason', ''],
  ['only spaces', '   \n '],
  ['a reason of 2001 characters', 'x'.repeat(2001)],
])('a refusal with %s is refused on its field, and the event stays under review', async (_case, reason) => {
  const pending = await create(`Concert à refuser sans motif ${reason.length}`);
  const answer = await reject(pending.id, reason);
  expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'reason' })] });
  expect((await api.graphql(`query($id: ID!) { event(id: $id) { moderation } }`, { id: pending.id }, { token: belfortKey })).data!.event.moderation).toBe('PENDING');
});

test('a refusal keeps its reason beside the event for its office, e-mails each of its people, and resubmitting clears it', async () => {
  const pending = await create('Fête de la musique & du « jazz »');
  expect(pending).toMatchObject({ moderation: 'PENDING', rejectionReason: null, publisherName: 'Office de Belfort' });
  const rejected = (await reject(pending.id, 'Il manque le lieu exact <b>et</b> l’horaire de fin.')).data!.rejectEvent;
  expect(rejected).toMatchObject({ moderation: 'REJECTED', rejectionReason: 'Il manque le lieu exact <b>et</b> l’horaire de fin.' });
  expect(rejected.reviewedAt).toEqual(expect.any(String));
  // The office reads it; another office cannot even see the event.
  expect((await api.graphql(`query($id: ID!) { event(id: $id) { rejectionReason } }`, { id: pending.id }, { token: belfortKey })).data!.event.rejectionReason).toMatch(/lieu exact/);
  expect((await api.graphql(`query($id: ID!) { event(id: $id) { rejectionReason } }`, { id: pending.id }, { token: montbeliardKey })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  for (const person of belfortPeople) {
    const mail = await smtp.next(person, /refusé/);
    expect(mail.subject).toBe('Événement refusé : « Fête de la musique & du « jazz » »');
    expect(mail.text).toContain('Motif : Il manque le lieu exact <b>et</b> l’horaire de fin.');
    expect(mail.text).toContain(`https://www.example.test/pro/evenements/${pending.id}`);
    // Escaped in the HTML part: the reason's markup is text.
    expect(mail.html).toContain('Motif : Il manque le lieu exact &lt;b&gt;et&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>et</b>');
  }
  await api.jobs.drain(); // mail goes through the job queue: count only once it is done
  expect(smtp.messages.some((m) => montbeliardPeople.some((p) => m.to.includes(p)))).toBe(false);
  const resubmitted = (await api.graphql(`mutation($id: ID!) { submitEvent(id: $id) { ${FIELDS} } }`, { id: pending.id }, { token: belfortKey })).data!.submitEvent;
  expect(resubmitted).toMatchObject({ moderation: 'PENDING', rejectionReason: null });
  const approved = (await api.graphql(`mutation($id: ID!) { publishEvent(id: $id) { ${FIELDS} } }`, { id: pending.id }, { token: pole })).data!.publishEvent;
  expect(approved).toMatchObject({ moderation: 'PUBLISHED', rejectionReason: null });
  expect((await smtp.next(belfortPeople[0]!, /publié/)).text).toContain('est publié dans l’agenda partagé');
});

test('an office under review that changes an approved event sends it back to review; the same content sent again changes nothing', async () => {
  const created = await create('Marché de Noël de Belfort');
  await api.graphql(`mutation($id: ID!) { publishEvent(id: $id) { id } }`, { id: created.id }, { token: pole });
  const before = (await api.graphql(`query($id: ID!) { event(id: $id) { ${FIELDS} } }`, { id: created.id }, { token: belfortKey })).data!.event;
  expect(before.moderation).toBe('PUBLISHED');

  const same = (await update(created.id, event('Marché de Noël de Belfort'))).data!.updateEvent;
  expect(same).toEqual(before);

  const changed = (await update(created.id, event('Marché de Noël de Belfort', { shortDescription: { fr: 'Chalets et vin chaud.' } }))).data!.updateEvent;
  expect(changed).toMatchObject({ moderation: 'PENDING', sequence: before.sequence + 1 });

  // An office without review keeps publishing its changes at once.
  const free = await create('Brocante de Montbéliard', montbeliardKey);
  expect(free.moderation).toBe('PUBLISHED');
  expect((await update(free.id, event('Brocante de Montbéliard', { isFree: false, priceMin: 2, currency: 'EUR' }), montbeliardKey)).data!.updateEvent.moderation).toBe('PUBLISHED');
});

test.each([
  ['cancelled', { status: 'CANCELLED' }],
  ['full', { status: 'FULL' }],
  ['postponed', { status: 'POSTPONED' }],
  ['moved online, with its link', { status: 'MOVED_ONLINE', attendanceMode: 'ONLINE', onlineUrl: 'https://example.org/direct' }],
  ['rescheduled to another evening', { status: 'RESCHEDULED', schedule: { allDay: false, dates: [{ start: '2031-06-28T20:00', end: '2031-06-28T23:00' }] } }],
])('under review, an approved event %s stays published: visitors and calendars learn it at once', async (_case, change) => {
  const created = await create(`Bal populaire ${JSON.stringify(change).length}`);
  await api.graphql(`mutation($id: ID!) { publishEvent(id: $id) { id } }`, { id: created.id }, { token: pole });
  const title = (await api.graphql(`query($id: ID!) { event(id: $id) { title } }`, { id: created.id }, { token: belfortKey })).data!.event.title;
  const changed = (await update(created.id, event(title, change))).data!.updateEvent;
  expect(changed.moderation).toBe('PUBLISHED');
  expect((await api.graphql(`query($id: ID!) { event(id: $id) { status } }`, { id: created.id })).data!.event.status).toBe(change.status);
});

test('under review, swapping the link of an event already moved online goes back to review: a link is content', async () => {
  const online = { status: 'MOVED_ONLINE', attendanceMode: 'ONLINE', onlineUrl: 'https://example.org/direct' };
  const created = await create('Conférence en ligne');
  await api.graphql(`mutation($id: ID!) { publishEvent(id: $id) { id } }`, { id: created.id }, { token: pole });
  expect((await update(created.id, event('Conférence en ligne', online))).data!.updateEvent.moderation).toBe('PUBLISHED');
  const swapped = (await update(created.id, event('Conférence en ligne', { ...online, onlineUrl: 'https://example.net/autre-lien' }))).data!.updateEvent;
  expect(swapped.moderation).toBe('PENDING');
});

test('a refusal without a reason is refused, whatever the spaces', async () => {
  const created = await create('Refus sans motif');
  for (const reason of ['', '   ']) {
    const answer = await reject(created.id, reason);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'reason' }] });
  }
  expect((await api.graphql(`query($id: ID!) { event(id: $id) { moderation } }`, { id: created.id }, { token: belfortKey })).data!.event.moderation).toBe('PENDING');
});

test.each([
  ['refusing a published event', 'PUBLISHED', 'reject', 'CONFLICT'],
  ['publishing a published event again', 'PUBLISHED', 'publish', 'CONFLICT'],
  ['refusing a draft never submitted', 'DRAFT', 'reject', 'CONFLICT'],
  ['refusing an event refused already', 'REJECTED', 'reject', 'CONFLICT'],
  ['publishing a refused event (the Pôle changes its mind)', 'REJECTED', 'publish', 'OK'],
])('a decision answers a submission: %s → %s', async (_case, state, decision, expected) => {
  const created = (await api.graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id } }`, { i: { ...event(`Décision ${state} ${decision}`), draft: state === 'DRAFT' } }, { token: belfortKey })).data!.createEvent;
  if (state === 'PUBLISHED') await api.graphql(`mutation($id: ID!) { publishEvent(id: $id) { id } }`, { id: created.id }, { token: pole });
  if (state === 'REJECTED') await reject(created.id, 'Incomplet.');
  // The test SMTP server keeps a message before it acknowledges it, and the API answers after the
  // acknowledgement: every message of the set-up is counted here.
  await api.jobs.drain(); // mail goes through the job queue: count only once it is done
  const sent = smtp.messages.length;
  const answer = decision === 'publish' ? await api.graphql(`mutation($id: ID!) { publishEvent(id: $id) { moderation } }`, { id: created.id }, { token: pole }) : await reject(created.id, 'Encore incomplet.');
  expect(answer.errors?.[0]?.extensions?.code ?? 'OK').toBe(expected);
  // Nothing decided, nobody told.
  // Mail is sent by the job queue: let it finish before counting what arrived.
  await api.jobs.drain();
  if (expected !== 'OK') expect(smtp.messages.length).toBe(sent);
});

test('a merge tells both offices, each in its own words', async () => {
  const kept = await create('Festival des Eurockéennes', montbeliardKey);
  const other = await create('Festival des Eurockéennes', belfortKey);
  await api.graphql(`mutation($id: ID!) { publishEvent(id: $id) { id } }`, { id: other.id }, { token: pole });
  const merged = await api.graphql(`mutation($k: ID!, $m: ID!) { mergeEvents(keepId: $k, mergeId: $m) { id } }`, { k: kept.id, m: other.id }, { token: pole });
  expect(merged.data!.mergeEvents.id).toBe(kept.id);
  const toKept = await smtp.next(montbeliardPeople[0]!, /Doublon fusionné/);
  expect(toKept.text).toMatch(/avec le vôtre, « Festival des Eurockéennes », qui reste la fiche de référence/);
  const toMerged = await smtp.next(belfortPeople[1]!, /Doublon fusionné/);
  expect(toMerged.text).toMatch(/fusionné votre événement/);
  // The office that keeps the reference gets the link to edit it; the other, which cannot edit it, its public page.
  expect(toKept.text).toContain(`https://www.example.test/pro/evenements/${kept.id}`);
  expect(toMerged.text).toMatch(/https:\/\/www\.example\.test\/agenda\/festival-des-eurockeennes-[0-9a-f]{6}/);
});
