import { randomBytes } from 'node:crypto';
import { startTestApi, type TestApi } from '../../test/api';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { createOrganisation, createUser } from '../../test/factories';
import { startTestSmtp, type TestSmtp } from '../../test/smtp';
import { MAIL_BUDGETS } from '../common/rate-limits';

/**
 * The e-mails one person can have the platform send to another: budgeted. (That a mail server
 * being away never fails an invitation, and the message arrives later, is in jobs/job-queue.test.ts.)
 */
let smtp: TestSmtp;
let db: TestDatabase;
let api: TestApi;
let admin: string;
let office: { id: string };

const INVITE = `mutation($i: InviteUserInput!) { inviteUser(input: $i) { id } }`;
const invite = (target: TestApi, email: string) => target.graphql(INVITE, { i: { organisationId: office.id, email, displayName: 'Camille', role: 'EDITOR' } }, { token: admin });

beforeAll(async () => {
  smtp = await startTestSmtp();
  db = await createTestDatabase();
  api = await startTestApi({ dataSource: db.dataSource, config: { smtpUrl: smtp.url, rateLimit: { loginPerMinute: 1000 } } });
  office = await createOrganisation(db.dataSource, { epciSiren: '200069052' });
  const { user, password } = await createUser(db.dataSource, { organisationId: office.id, role: 'ADMIN' });
  admin = (await api.graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: password })).data!.login.token;
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
  await smtp?.close();
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
