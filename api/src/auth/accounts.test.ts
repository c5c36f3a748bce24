import { randomBytes } from 'node:crypto';
import { startTestApi, type GraphQLResponse, type TestApi } from '../../test/api';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { createOrganisation, createUser } from '../../test/factories';
import { startTestSmtp, type TestSmtp } from '../../test/smtp';
import { hashLinkToken } from './link-token';
import { signAccessToken } from './tokens';

/** The espace pro's accounts over the real HTTP API, a real database and a real SMTP server. */
const SECRET = 'site-proxy-secret-for-the-accounts-test';
const BUDGET = 4;
let smtp: TestSmtp;
let db: TestDatabase;
let api: TestApi;
let poleAdminToken: string;

beforeAll(async () => {
  smtp = await startTestSmtp();
  db = await createTestDatabase();
  api = await startTestApi({ dataSource: db.dataSource, config: { smtpUrl: smtp.url, siteProxySecret: SECRET, publicSiteUrl: 'https://site.example', rateLimit: { loginPerMinute: BUDGET } } });
  const pole = await createOrganisation(db.dataSource, { kind: 'POLE', name: 'Pôle' });
  const { user } = await createUser(db.dataSource, { organisationId: pole.id, role: 'ADMIN' });
  poleAdminToken = token(user.id);
});
afterAll(async () => {
  await api?.close();
  await db?.drop();
  await smtp?.close();
});

function token(userId: string, version = 0): string {
  return signAccessToken(userId, api.config.jwtSecret, 3600, version).token;
}

/** Each call comes from its own client address (through the website's channel) unless one is named. */
function gql(query: string, variables: Record<string, unknown> = {}, options: { token?: string; ip?: string } = {}): Promise<GraphQLResponse> {
  const ip = options.ip ?? `10.${randomBytes(3).join('.')}`;
  return api.graphql(query, variables, { token: options.token, headers: { 'x-nfc-client-ip': ip, 'x-nfc-site-secret': SECRET } });
}

function firstError(response: GraphQLResponse): { code?: string; fields?: Array<{ field: string }> } {
  return { code: response.errors?.[0]?.extensions?.code, fields: response.errors?.[0]?.extensions?.fields };
}

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;
const REQUEST = `mutation($e: String!, $l: Language) { requestPasswordReset(email: $e, language: $l) }`;
const RESET = `mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) { token user { email } organisation { id } } }`;
const INVITE = `mutation($i: InviteUserInput!, $l: Language) { inviteUser(input: $i, language: $l) { id email role expiresAt } }`;
const PREVIEW = `query($t: String!) { invitationPreview(token: $t) { organisationName email displayName role } }`;
const ACCEPT = `mutation($t: String!, $n: String!, $p: String!) { acceptInvitation(token: $t, displayName: $n, password: $p) { token user { email role displayName } organisation { id name } } }`;

/** The `jeton` of the link in a message, checking the link's address. */
function linkToken(text: string, path: string): string {
  const match = new RegExp(`${path.replace(/[/.?]/g, '\\$&')}\\?jeton=([A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`no link to ${path} in: ${text}`);
  return match[1]!;
}

describe('forgot password', () => {
  test('a known address gets a one-time link, an unknown one the same answer and no mail; only the hash is stored', async () => {
    const office = await createOrganisation(db.dataSource);
    const { user, password } = await createUser(db.dataSource, { organisationId: office.id, email: `reset-${randomBytes(3).toString('hex')}@example.org` });
    const before = await gql(LOGIN, { e: user.email, p: password });
    const oldToken = before.data!.login.token as string;

    const unknown = await gql(REQUEST, { e: 'nobody-here@example.org' });
    const known = await gql(REQUEST, { e: user.email.toUpperCase(), l: 'en' });
    expect(unknown.data).toEqual({ requestPasswordReset: true });
    expect(known.data).toEqual({ requestPasswordReset: true });
    const mail = await smtp.next(user.email, /new password/);
    const link = linkToken(mail.text, 'https://site.example/en/pro/nouveau-mot-de-passe');
    await api.jobs.drain(); // mail goes through the job queue: count only once it is done
    expect(smtp.messages.some((m) => m.to.includes('nobody-here@example.org'))).toBe(false);
    const stored: Array<{ token_hash: string }> = await db.dataSource.query(`SELECT token_hash FROM password_reset WHERE user_id = $1`, [user.id]);
    expect(stored).toEqual([{ token_hash: hashLinkToken(link) }]);

    // A short password is refused on its field and leaves the link usable.
    expect(firstError(await gql(RESET, { t: link, p: 'short' }))).toEqual({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'newPassword' })] });
    const reset = await gql(RESET, { t: link, p: 'a new and long password' });
    expect(reset.errors).toBeUndefined();
    expect(reset.data!.resetPassword.user.email).toBe(user.email);
    expect(reset.data!.resetPassword.organisation.id).toBe(office.id);

    // Every earlier session ends; the old password no longer works, the new one does, and so does the new session.
    expect(firstError(await gql(`{ me { kind } }`, {}, { token: oldToken })).code).toBe('UNAUTHENTICATED');
    expect((await gql(`{ me { user { email } } }`, {}, { token: reset.data!.resetPassword.token })).data!.me.user.email).toBe(user.email);
    expect(firstError(await gql(LOGIN, { e: user.email, p: password })).code).toBe('UNAUTHENTICATED');
    expect((await gql(LOGIN, { e: user.email, p: 'a new and long password' })).data!.login.token).toEqual(expect.any(String));

    // Spent: the same link is refused on its field.
    expect(firstError(await gql(RESET, { t: link, p: 'yet another long password' }))).toEqual({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'token' })] });
  });

  test.each([
    ['an expired', `UPDATE password_reset SET expires_at = now() - interval '1 second' WHERE token_hash = $1`],
    ['a spent', `UPDATE password_reset SET used_at = now() WHERE token_hash = $1`],
    ['an unknown', `DELETE FROM password_reset WHERE token_hash = $1`],
  ])('%s link is refused on the token field, and the password stays', async (_state, sql) => {
    const office = await createOrganisation(db.dataSource);
    const { user, password } = await createUser(db.dataSource, { organisationId: office.id });
    await gql(REQUEST, { e: user.email });
    const link = linkToken((await smtp.next(user.email)).text, 'https://site.example/pro/nouveau-mot-de-passe');
    await db.dataSource.query(sql, [hashLinkToken(link)]);
    expect(firstError(await gql(RESET, { t: link, p: 'a new and long password' }))).toEqual({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'token' })] });
    expect((await gql(LOGIN, { e: user.email, p: password })).data!.login.token).toEqual(expect.any(String));
  });

  test('a malformed token is refused on its field', async () => {
    expect(firstError(await gql(RESET, { t: 'not a token', p: 'a new and long password' }))).toEqual({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'token' })] });
  });

  test('the budget per e-mail (over many addresses) and per address (over many e-mails) holds, for known and unknown e-mails alike', async () => {
    const office = await createOrganisation(db.dataSource);
    const { user } = await createUser(db.dataSource, { organisationId: office.id });
    for (const email of [user.email, `nobody-${randomBytes(3).toString('hex')}@example.org`]) {
      for (let i = 0; i < BUDGET; i += 1) expect((await gql(REQUEST, { e: email })).data).toEqual({ requestPasswordReset: true });
      expect(firstError(await gql(REQUEST, { e: email })).code).toBe('RATE_LIMITED');
    }
    const ip = '192.0.2.77';
    for (let i = 0; i < BUDGET; i += 1) expect((await gql(REQUEST, { e: `someone-${i}@example.org` }, { ip })).data).toEqual({ requestPasswordReset: true });
    expect(firstError(await gql(REQUEST, { e: 'someone-else@example.org' }, { ip })).code).toBe('RATE_LIMITED');
  });
});

describe('invitations', () => {
  test('the Pôle invites an office admin, who accepts and invites an editor, who accepts', async () => {
    const office = await createOrganisation(db.dataSource, { name: 'Office de Belfort' });
    const adminEmail = `admin-${randomBytes(3).toString('hex')}@example.org`;
    const invited = await gql(INVITE, { i: { email: adminEmail, displayName: 'Alix', role: 'ADMIN', organisationId: office.id }, l: 'de' }, { token: poleAdminToken });
    expect(invited.errors).toBeUndefined();
    const mail = await smtp.next(adminEmail, /Office de Belfort/);
    expect(mail.text).toContain('7 Tage');
    const link = linkToken(mail.text, 'https://site.example/de/pro/invitation');
    const stored = await db.dataSource.query(`SELECT token_hash FROM invitation WHERE id = $1`, [invited.data!.inviteUser.id]);
    expect(stored).toEqual([{ token_hash: hashLinkToken(link) }]);

    expect((await gql(`query($o: ID) { invitations(organisationId: $o) { email } }`, { o: office.id }, { token: poleAdminToken })).data!.invitations).toEqual([{ email: adminEmail }]);
    expect((await gql(PREVIEW, { t: link })).data!.invitationPreview).toEqual({ organisationName: 'Office de Belfort', email: adminEmail, displayName: 'Alix', role: 'ADMIN' });

    // A short password: refused on its field, nothing created, the invitation still pending.
    expect(firstError(await gql(ACCEPT, { t: link, n: 'Alix Martin', p: 'short' }))).toEqual({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'password' })] });
    expect(await db.dataSource.query(`SELECT 1 FROM user_account WHERE email = $1`, [adminEmail])).toEqual([]);
    const accepted = await gql(ACCEPT, { t: link, n: 'Alix Martin', p: 'a long enough password' });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.acceptInvitation.user).toEqual({ email: adminEmail, role: 'ADMIN', displayName: 'Alix Martin' });
    expect(accepted.data!.acceptInvitation.organisation).toEqual({ id: office.id, name: 'Office de Belfort' });
    const adminToken = accepted.data!.acceptInvitation.token as string;

    // Spent: neither shown nor accepted again; no longer pending.
    expect(firstError(await gql(PREVIEW, { t: link })).code).toBe('NOT_FOUND');
    expect(firstError(await gql(ACCEPT, { t: link, n: 'Again', p: 'a long enough password' })).code).toBe('NOT_FOUND');
    expect((await gql(`{ invitations { id } }`, {}, { token: adminToken })).data!.invitations).toEqual([]);

    // The new admin invites an editor into their own office (no organisation named).
    const editorEmail = `editor-${randomBytes(3).toString('hex')}@example.org`;
    expect((await gql(INVITE, { i: { email: editorEmail, displayName: 'Béa', role: 'EDITOR' } }, { token: adminToken })).errors).toBeUndefined();
    const editorMail = await smtp.next(editorEmail);
    expect(editorMail.text).toContain('Alix Martin vous invite');
    const editor = await gql(ACCEPT, { t: linkToken(editorMail.text, 'https://site.example/pro/invitation'), n: 'Béa', p: 'another long password' });
    expect(editor.data!.acceptInvitation.user.role).toBe('EDITOR');
    expect((await gql(`{ members { email role } }`, {}, { token: adminToken })).data!.members).toEqual([
      { email: adminEmail, role: 'ADMIN' },
      { email: editorEmail, role: 'EDITOR' },
    ]);
  });

  test('an address with an account is CONFLICT on email; another office is out of reach; a revoked or expired link is NOT_FOUND', async () => {
    const office = await createOrganisation(db.dataSource);
    const other = await createOrganisation(db.dataSource);
    const { user: admin } = await createUser(db.dataSource, { organisationId: office.id, role: 'ADMIN' });
    const adminToken = token(admin.id);
    expect(firstError(await gql(INVITE, { i: { email: admin.email.toUpperCase(), displayName: 'X', role: 'EDITOR' } }, { token: adminToken }))).toEqual({ code: 'CONFLICT', fields: [expect.objectContaining({ field: 'email' })] });
    expect(firstError(await gql(INVITE, { i: { email: 'someone@example.org', displayName: 'X', role: 'EDITOR', organisationId: other.id } }, { token: adminToken })).code).toBe('NOT_FOUND');

    const email = `revoked-${randomBytes(3).toString('hex')}@example.org`;
    const invited = await gql(INVITE, { i: { email, displayName: 'Y', role: 'EDITOR' } }, { token: adminToken });
    const link = linkToken((await smtp.next(email)).text, 'https://site.example/pro/invitation');
    expect(firstError(await gql(`mutation($id: ID!) { revokeInvitation(id: $id) { id } }`, { id: invited.data!.inviteUser.id }, { token: token((await createUser(db.dataSource, { organisationId: other.id, role: 'ADMIN' })).user.id) })).code).toBe('NOT_FOUND');
    expect((await gql(`mutation($id: ID!) { revokeInvitation(id: $id) { id } }`, { id: invited.data!.inviteUser.id }, { token: adminToken })).errors).toBeUndefined();
    expect(firstError(await gql(PREVIEW, { t: link })).code).toBe('NOT_FOUND');
    expect(firstError(await gql(ACCEPT, { t: link, n: 'Y', p: 'a long enough password' })).code).toBe('NOT_FOUND');

    // Invited again: the new link works, the earlier one (replaced) does not.
    const again = `again-${randomBytes(3).toString('hex')}@example.org`;
    await gql(INVITE, { i: { email: again, displayName: 'Z', role: 'EDITOR' } }, { token: adminToken });
    const first = linkToken((await smtp.next(again)).text, 'https://site.example/pro/invitation');
    await gql(INVITE, { i: { email: again, displayName: 'Z', role: 'EDITOR' } }, { token: adminToken });
    const second = linkToken((await smtp.next(again)).text, 'https://site.example/pro/invitation');
    expect(firstError(await gql(PREVIEW, { t: first })).code).toBe('NOT_FOUND');
    await db.dataSource.query(`UPDATE invitation SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hashLinkToken(second)]);
    expect(firstError(await gql(PREVIEW, { t: second })).code).toBe('NOT_FOUND');
    expect(firstError(await gql(ACCEPT, { t: second, n: 'Z', p: 'a long enough password' })).code).toBe('NOT_FOUND');
  });

  test('invited into two organisations, a person joins one: the other invitation is no longer pending', async () => {
    const [first, second] = [await createOrganisation(db.dataSource), await createOrganisation(db.dataSource)];
    const email = `twice-${randomBytes(3).toString('hex')}@example.org`;
    const links: string[] = [];
    for (const organisation of [first, second]) {
      await gql(INVITE, { i: { email, displayName: 'W', role: 'EDITOR', organisationId: organisation.id } }, { token: poleAdminToken });
      links.push(linkToken((await smtp.next(email)).text, 'https://site.example/pro/invitation'));
    }
    expect((await gql(ACCEPT, { t: links[1], n: 'W', p: 'a long enough password' })).data!.acceptInvitation.organisation.id).toBe(second.id);
    expect(firstError(await gql(PREVIEW, { t: links[0] })).code).toBe('NOT_FOUND');
    expect((await gql(`query($o: ID) { invitations(organisationId: $o) { id } }`, { o: first.id }, { token: poleAdminToken })).data!.invitations).toEqual([]);
  });
});

describe('team', () => {
  const SET_ROLE = `mutation($id: ID!, $r: UserRole!) { setUserRole(id: $id, role: $r) { id role } }`;
  const REMOVE = `mutation($id: ID!) { removeUser(id: $id) { id } }`;

  test('an organisation never loses its last administrator, by a role change or a removal', async () => {
    const office = await createOrganisation(db.dataSource);
    const { user: admin } = await createUser(db.dataSource, { organisationId: office.id, role: 'ADMIN' });
    const { user: editor } = await createUser(db.dataSource, { organisationId: office.id, role: 'EDITOR' });
    const adminToken = token(admin.id);
    expect(firstError(await gql(SET_ROLE, { id: admin.id, r: 'EDITOR' }, { token: adminToken })).code).toBe('CONFLICT');
    expect(firstError(await gql(REMOVE, { id: admin.id }, { token: poleAdminToken })).code).toBe('CONFLICT');
    expect((await gql(SET_ROLE, { id: editor.id, r: 'ADMIN' }, { token: adminToken })).data!.setUserRole).toEqual({ id: editor.id, role: 'ADMIN' });
    // Two administrators: either may step down, but not both.
    expect((await gql(SET_ROLE, { id: admin.id, r: 'EDITOR' }, { token: adminToken })).data!.setUserRole.role).toBe('EDITOR');
    expect(firstError(await gql(SET_ROLE, { id: editor.id, r: 'EDITOR' }, { token: poleAdminToken })).code).toBe('CONFLICT');
    expect(firstError(await gql(REMOVE, { id: editor.id }, { token: poleAdminToken })).code).toBe('CONFLICT');
    // The one who stepped down lost organisation:manage at once (the role is read on every request).
    expect(firstError(await gql(`{ members { id } }`, {}, { token: adminToken })).code).toBe('FORBIDDEN');
    expect((await gql(REMOVE, { id: admin.id }, { token: token(editor.id) })).errors).toBeUndefined();
  });
});
