import { randomBytes } from 'node:crypto';
import { startTestApi, type TestApi } from '../../test/api';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { createOrganisation, createUser } from '../../test/factories';
import { startTestSmtp, type TestSmtp } from '../../test/smtp';
import { MAIL_BUDGETS } from '../common/rate-limits';

/** The e-mails one person can have the platform send to another: budgeted, and never half-sent. */
let smtp: TestSmtp;
let db: TestDatabase;
let api: TestApi;
/** The same database, with a mail server that is down. */
let apiWithoutMail: TestApi;
let admin: string;
let office: { id: string };

const INVITE = `mutation($i: InviteUserInput!) { inviteUser(input: $i) { id } }`;
const PREVIEW = `query($t: String!) { invitationPreview(token: $t) { email } }`;
const invite = (target: TestApi, email: string) => target.graphql(INVITE, { i: { organisationId: office.id, email, displayName: 'Camille', role: 'EDITOR' } }, { token: admin });
const tokenOf = (text: string) => /jeton=([A-Za-z0-9_-]+)/.exec(text)![1]!;

beforeAll(async () => {
  smtp = await startTestSmtp();
  db = await createTestDatabase();
  api = await startTestApi({ dataSource: db.dataSource, config: { smtpUrl: smtp.url, rateLimit: { loginPerMinute: 1000 } } });
  // Port 9 (discard) on loopback refuses the connection: every send fails at once.
  apiWithoutMail = await startTestApi({ dataSource: db.dataSource, config: { jwtSecret: api.config.jwtSecret, smtpUrl: 'smtp://127.0.0.1:9', rateLimit: { loginPerMinute: 1000 } } });
  office = await createOrganisation(db.dataSource, { epciSiren: '200069052' });
  const { user, password } = await createUser(db.dataSource, { organisationId: office.id, role: 'ADMIN' });
  admin = (await api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: password })).data!.login.token;
});

afterAll(async () => {
  await apiWithoutMail?.close();
  await api?.close();
  await db?.drop();
  await smtp?.close();
});

test('an invitation sent again while the mail server is down fails clearly, and the link already sent still works', async () => {
  const email = `camille-${randomBytes(3).toString('hex')}@example.org`;
  expect((await invite(api, email)).errors).toBeUndefined();
  const first = tokenOf((await smtp.next(email)).text);
  const again = await invite(apiWithoutMail, email);
  expect(again.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
  expect((await api.graphql(PREVIEW, { t: first })).data?.invitationPreview.email).toBe(email);
  expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM invitation WHERE email = $1 AND revoked_at IS NULL`, [email]))[0].n).toBe(1);
});

test(`an address receives at most ${MAIL_BUDGETS.invitationsPerAddressPerDay} invitations a day, whoever sends them`, async () => {
  const email = `dominique-${randomBytes(3).toString('hex')}@example.org`;
  for (let i = 0; i < MAIL_BUDGETS.invitationsPerAddressPerDay; i += 1) expect((await invite(api, email)).errors).toBeUndefined();
  expect((await invite(api, email)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
});

test(`an address receives at most ${MAIL_BUDGETS.resetsPerAddressPerDay} password-reset links a day`, async () => {
  const { user } = await createUser(db.dataSource, { organisationId: office.id, role: 'EDITOR' });
  const ask = () => api.graphql(`mutation($e: String!) { requestPasswordReset(email: $e) }`, { e: user.email });
  for (let i = 0; i < MAIL_BUDGETS.resetsPerAddressPerDay; i += 1) expect((await ask()).errors).toBeUndefined();
  expect((await ask()).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
});
