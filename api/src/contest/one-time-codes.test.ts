import { CONTEST_LIMITS, SITE_PROXY_HEADERS } from '@nfc/shared';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { startTestApi, type TestApi } from '../../test/api';
import { createOrganisation, createUser } from '../../test/factories';
import { startTestSmtp, type TestSmtp } from '../../test/smtp';
import { signAccessToken } from '../auth/tokens';

/**
 * One-time codes against a real SMTP server: a per-account day of requests and tries (in
 * PostgreSQL, so it outlives an API process), earlier codes left valid, and the same budget
 * for addresses nobody registered (so it reveals nothing).
 */
const DAY = 24 * 3600 * 1000;
const SITE_SECRET = 'the-site-secret-of-the-codes-test';
/** A request as the website sends it for a visitor at `address`. */
const from = (address: string) => ({ headers: { [SITE_PROXY_HEADERS.clientIp]: address, [SITE_PROXY_HEADERS.secret]: SITE_SECRET } });
const REGISTER = `mutation($input: RegisterEntrantInput!) { registerEntrant(contest: "codes", input: $input) { sentTo expiresAt } }`;
const REQUEST = `mutation($email: String!) { requestEntrantCode(contest: "codes", email: $email) { sentTo } }`;
const VERIFY = `mutation($email: String!, $code: String!) { verifyEntrant(contest: "codes", email: $email, code: $code) { token } }`;

let db: TestDatabase;
let api: TestApi;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startTestSmtp();
  db = await createTestDatabase();
  api = await startTestApi({ dataSource: db.dataSource, config: { smtpUrl: smtp.url, siteProxySecret: SITE_SECRET, rateLimit: { loginPerMinute: 10_000, anonymousPerMinute: 10_000 } } });
  const pole = await createOrganisation(db.dataSource, { kind: 'POLE', name: 'Pôle' });
  const { user } = await createUser(db.dataSource, { organisationId: pole.id, role: 'ADMIN' });
  const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();
  const created = await api.graphql(
    `mutation($input: CreateContestInput!) { createContest(input: $input) { id } }`,
    {
      input: {
        slug: 'codes',
        title: { fr: 'Concours des codes', en: 'Codes contest', de: 'Code-Wettbewerb' },
        summary: { fr: 'Résumé' },
        rules: { fr: 'Règlement v1' },
        maxEntriesTotal: 3,
        licenceUses: ['WEBSITE'],
        licenceYears: 5,
        submissionOpensAt: at(-1), submissionClosesAt: at(10), moderationClosesAt: at(12), juryOpensAt: at(10), juryClosesAt: at(20), voteOpensAt: at(11), voteClosesAt: at(18), resultsAt: at(21),
      },
    },
    { token: signAccessToken(user.id, api.config.jwtSecret, 3600).token },
  );
  expect(created.errors).toBeUndefined();
}, 60_000);

afterAll(async () => {
  await api?.close();
  await smtp?.close();
  await db?.drop();
});

const register = (email: string) =>
  api.graphql(REGISTER, { input: { email, fullName: 'Camille Martin', communeInsee: '90010', ageBand: 'ADULT', acceptedRulesVersion: 1, acceptLicence: true, creditLine: 'C. M.', language: 'fr' } });
const wrong = (code: string) => (code === '000000' ? '111111' : '000000');
const reason = (result: { errors?: Array<{ extensions?: Record<string, any> }> }) => result.errors?.[0]?.extensions?.reason ?? result.errors?.[0]?.extensions?.code ?? 'OK';

test('a second code does not void the first: both work until one is used, which ends the other; the email says so', async () => {
  const email = 'two-codes@example.org';
  expect((await register(email)).errors).toBeUndefined();
  const firstMail = await smtp.next(email);
  expect(firstMail.text).toContain('chacun reste valable jusqu’à son expiration');
  const first = /\b(\d{6})\b/.exec(firstMail.text)![1]!;
  expect((await api.graphql(REQUEST, { email })).errors).toBeUndefined();
  const second = await smtp.code(email);
  expect(second).not.toBe(first);
  expect(reason(await api.graphql(VERIFY, { email, code: first }))).toBe('OK');
  expect(reason(await api.graphql(VERIFY, { email, code: second }))).toBe('INVALID_CODE');
});

test(`an address may ask for ${CONTEST_LIMITS.codeRequestsPerDay} codes a day; then RATE_LIMITED for the rest of the day, and no mail`, async () => {
  const email = 'many-requests@example.org';
  expect((await register(email)).errors).toBeUndefined();
  for (let i = 1; i < CONTEST_LIMITS.codeRequestsPerDay; i += 1) expect(reason(await api.graphql(REQUEST, { email }))).toBe('OK');
  await api.jobs.drain(); // mail goes through the job queue: count only once it is done
  const received = smtp.messages.filter((m) => m.to.includes(email)).length;
  expect(received).toBe(CONTEST_LIMITS.codeRequestsPerDay);
  const refused = await api.graphql(REQUEST, { email });
  expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  expect(refused.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(DAY / 1000 - 120);
  expect(refused.errors![0]!.extensions!.retryAfterSeconds).toBeLessThanOrEqual(DAY / 1000);
  await new Promise((resolve) => setTimeout(resolve, 300));
  await api.jobs.drain(); // mail goes through the job queue: count only once it is done
  expect(smtp.messages.filter((m) => m.to.includes(email)).length).toBe(received);
});

test(`${CONTEST_LIMITS.codeAttemptsPerDay} tries a day across every code: then even the right code is refused, and the budget outlives the API process`, async () => {
  const email = 'guesser@example.org';
  expect((await register(email)).errors).toBeUndefined();
  let code = await smtp.code(email);
  const outcomes: string[] = [];
  for (let i = 0; i < CONTEST_LIMITS.codeAttemptsPerDay; i += 1) {
    // Five tries spend a code: ask for a fresh one, as a guesser would.
    if (i > 0 && i % CONTEST_LIMITS.codeMaxAttempts === 0) {
      await api.graphql(REQUEST, { email });
      code = await smtp.code(email);
    }
    outcomes.push(reason(await api.graphql(VERIFY, { email, code: wrong(code) })));
  }
  expect(outcomes).toEqual(Array(CONTEST_LIMITS.codeAttemptsPerDay).fill('INVALID_CODE'));
  await api.graphql(REQUEST, { email });
  const fresh = await smtp.code(email);
  expect(reason(await api.graphql(VERIFY, { email, code: fresh }))).toBe('RATE_LIMITED');

  // Another API process on the same database counts the same day.
  // (Processes share JWT_SECRET, which keys the account hashes.)
  const other = await startTestApi({ dataSource: db.dataSource, config: { jwtSecret: api.config.jwtSecret, smtpUrl: smtp.url, rateLimit: { loginPerMinute: 10_000, anonymousPerMinute: 10_000 } } });
  try {
    expect(reason(await other.graphql(VERIFY, { email, code: fresh }))).toBe('RATE_LIMITED');
  } finally {
    await other.close();
  }
  // What the database keeps: keyed hashes, never the address.
  const rows: Array<{ account_hash: string }> = await db.dataSource.query(`SELECT DISTINCT account_hash FROM contest_code_budget_event`);
  expect(rows.length).toBeGreaterThan(0);
  expect(JSON.stringify(rows)).not.toContain('guesser');
});

test('an address nobody registered gets exactly the same answers (the budget reveals nothing)', async () => {
  const email = 'nobody-here@example.org';
  const requests: string[] = [];
  for (let i = 0; i <= CONTEST_LIMITS.codeRequestsPerDay; i += 1) requests.push(reason(await api.graphql(REQUEST, { email })));
  expect(requests).toEqual([...Array(CONTEST_LIMITS.codeRequestsPerDay).fill('OK'), 'RATE_LIMITED']);
  const tries: string[] = [];
  for (let i = 0; i <= CONTEST_LIMITS.codeAttemptsPerDay; i += 1) tries.push(reason(await api.graphql(VERIFY, { email, code: '123456' })));
  expect(tries).toEqual([...Array(CONTEST_LIMITS.codeAttemptsPerDay).fill('INVALID_CODE'), 'RATE_LIMITED']);
  await api.jobs.drain(); // mail goes through the job queue: count only once it is done
  expect(smtp.messages.some((m) => m.to.includes(email))).toBe(false);
});

test("a stranger spending an address's tries from elsewhere does not lock the person out of their own; the account's ceiling still bounds guessing", async () => {
  const email = 'targeted@example.org';
  expect(reason(await register(email))).toBe('OK');
  const code = await smtp.code(email, /confirmation/i);
  // The stranger's own address runs out of tries…
  const stranger = [];
  for (let i = 0; i < CONTEST_LIMITS.codeAttemptsPerDay + 1; i += 1) stranger.push(reason(await api.graphql(VERIFY, { email, code: wrong(code) }, from('198.51.100.66'))));
  expect(stranger.at(-1)).toBe('RATE_LIMITED');
  // …and the code itself is spent (five tries a code), but the person, from theirs, asks for
  // another and signs in with it: nobody is locked out for the day.
  expect(reason(await api.graphql(VERIFY, { email, code }, from('203.0.113.5')))).toBe('INVALID_CODE');
  expect(reason(await api.graphql(REQUEST, { email }, from('203.0.113.5')))).toBe('OK');
  const fresh = await smtp.code(email);
  expect(reason(await api.graphql(VERIFY, { email, code: fresh }, from('203.0.113.5')))).toBe('OK');

  // Guessing from many addresses meets the account's ceiling.
  const other = 'guessed@example.org';
  expect(reason(await register(other))).toBe('OK');
  const answers: string[] = [];
  for (let i = 0; i < CONTEST_LIMITS.codeAttemptsPerAccountPerDay + 1; i += 1) {
    answers.push(reason(await api.graphql(VERIFY, { email: other, code: String(100000 + i) }, from(`192.0.2.${(i % 250) + 1}`))));
  }
  expect(answers.at(-1)).toBe('RATE_LIMITED');
  expect(answers.filter((answer) => answer === 'RATE_LIMITED')).toHaveLength(1);
}, 60_000);
