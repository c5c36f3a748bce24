import { DateTime } from 'luxon';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { startTestApi, type TestApi } from '../../test/api';
import { createOrganisation, createUser, issueApiKey } from '../../test/factories';
import { startTestSmtp, type TestSmtp } from '../../test/smtp';
import { DIGEST_TITLES, freshnessDigests } from './freshness-digest';

/** The weekly freshness digest, as an office receives it: what to fix, nothing when all is well. */
let smtp: TestSmtp;
let db: TestDatabase;
let api: TestApi;
let belfort: { id: string };
let calm: { id: string };
let belfortKey: string;
let belfortPerson: string;
let calmPerson: string;

const day = (days: number, hour = 20) => DateTime.now().setZone('Europe/Paris').plus({ days }).set({ hour, minute: 0, second: 0, millisecond: 0 }).toFormat("yyyy-MM-dd'T'HH:mm");
const event = (title: string, start: number, end = start) => ({
  title: { fr: title },
  categories: ['concert'],
  isFree: true,
  place: { communeInsee: '90010' },
  schedule: { allDay: false, dates: [{ start: day(start), end: day(end, 23) }] },
});

beforeAll(async () => {
  smtp = await startTestSmtp();
  db = await createTestDatabase();
  api = await startTestApi({ dataSource: db.dataSource, config: { smtpUrl: smtp.url, publicSiteUrl: 'https://www.example.test' } });
  belfort = await createOrganisation(db.dataSource, { epciSiren: '200069052', name: 'Office de Belfort' });
  calm = await createOrganisation(db.dataSource, { epciSiren: '200065647', name: 'Office sans souci' });
  belfortKey = (await issueApiKey(db.dataSource, belfort.id)).key;
  belfortPerson = (await createUser(db.dataSource, { organisationId: belfort.id, role: 'EDITOR' })).user.email;
  calmPerson = (await createUser(db.dataSource, { organisationId: calm.id, role: 'ADMIN' })).user.email;
  const create = async (input: Record<string, unknown>) => {
    const answer = await api.graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id } }`, { i: input }, { token: belfortKey });
    expect(answer.errors).toBeUndefined();
    return answer.data!.createEvent.id as string;
  };
  // Far off, recent, without an image: only "without an image".
  for (let i = 0; i < DIGEST_TITLES + 2; i += 1) await create(event(`Concert n° ${i + 1}`, 60 + i));
  // Its last date is in five days: ending soon (and without an image).
  await create(event('Expo Fer & Feu <3', 5));
  // Not updated since spring: stale.
  const stale = await create(event('Marché de Noël', 90));
  await db.dataSource.query(`UPDATE event SET updated_at = now() - interval '120 days' WHERE id = $1`, [stale]);
  // Past events count for nothing.
  const past = await create(event('Fête passée', 1));
  await db.dataSource.query(`UPDATE event_occurrence SET starts_at = now() - interval '3 days', ends_at = now() - interval '2 days' WHERE event_id = $1`, [past]);
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
  await smtp?.close();
});

test('each office gets its own counts in one statement; an office with nothing to fix is left out', async () => {
  db.statements.length = 0;
  const digests = await freshnessDigests(db.dataSource);
  expect(db.statements).toHaveLength(1);
  expect(digests.map((digest) => digest.organisationName)).toEqual(['Office de Belfort']);
  const [digest] = digests;
  expect(digest).toMatchObject({
    withoutImage: { count: DIGEST_TITLES + 4 },
    endingSoon: { count: 1, titles: ['Expo Fer & Feu <3'] },
    staleFor90Days: { count: 1, titles: ['Marché de Noël'] },
    duplicatesWaiting: 0,
  });
  expect(digest!.withoutImage.titles).toHaveLength(DIGEST_TITLES);
  expect(digest!.withoutImage.titles[0]).toBe('Expo Fer & Feu <3');
  expect(digest!.withoutImage.titles).not.toContain('Fête passée');
});

test('the weekly job e-mails the people of each office concerned, titles escaped in the HTML part', async () => {
  await api.jobs.send('agenda.digest', {});
  const mail = await smtp.next(belfortPerson, /Votre agenda cette semaine/);
  expect(mail.text).toContain(`${DIGEST_TITLES + 4} événements à venir sans image`);
  expect(mail.text).toContain('• Expo Fer & Feu <3');
  expect(mail.text).toContain('… et 4 de plus.');
  expect(mail.text).toContain('1 événement non mis à jour depuis 90 jours');
  expect(mail.text).toContain('https://www.example.test/pro/evenements');
  expect(mail.html).toContain('Expo Fer &amp; Feu &lt;3');
  expect(mail.html).not.toContain('Feu <3');
  await api.jobs.drain();
  expect(smtp.messages.filter((message) => message.to.includes(calmPerson.toLowerCase()))).toEqual([]);
});
