import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { useTestApi } from '../../test/api';
import { createOrganisation, createUser } from '../../test/factories';
import { readAccessToken, signAccessToken } from './tokens';

const run = promisify(execFile);
const env = useTestApi({ config: { rateLimit: { loginPerMinute: 1000 } } });

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;
const ME = `{ me { user { email } } }`;

async function login(email: string, password: string): Promise<string | undefined> {
  return (await env.api.graphql(LOGIN, { e: email, p: password })).data?.login?.token;
}

async function meCode(token: string): Promise<string | undefined> {
  const answer = await env.api.graphql(ME, {}, { token });
  return answer.errors?.[0]?.extensions?.code ?? (answer.data?.me?.user?.email ? 'OK' : 'NONE');
}

/** The compiled CLI against the test database (`npm run cli -- …`). */
function cli(args: string[], input?: string) {
  const child = run(process.execPath, [join(__dirname, '..', '..', 'dist', 'cli.js'), ...args], {
    env: { ...process.env, DATABASE_URL: env.db.url, DATA_DIR: mkdtempSync(join(tmpdir(), 'nfc-cli-')), LOG_LEVEL: 'silent', NODE_ENV: 'development' },
  });
  if (input !== undefined) {
    child.child.stdin!.end(input);
  }
  return child;
}

test('changing a password ends every earlier session and keeps this one going', async () => {
  const office = await createOrganisation(env.db.dataSource);
  const { user, password } = await createUser(env.db.dataSource, { organisationId: office.id });
  const laptop = (await login(user.email, password))!;
  const stolen = (await login(user.email, password))!;

  const changed = await env.api.graphql(`mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token } }`, { c: password, n: 'a brand new passphrase' }, { token: laptop });
  expect(changed.errors).toBeUndefined();
  const fresh = changed.data!.changePassword.token as string;

  expect(await meCode(laptop)).toBe('UNAUTHENTICATED');
  expect(await meCode(stolen)).toBe('UNAUTHENTICATED');
  expect(await meCode(fresh)).toBe('OK');
  expect(await login(user.email, password)).toBeUndefined();
  expect(await meCode((await login(user.email, 'a brand new passphrase'))!)).toBe('OK');
});

test.each([
  ['a short new password', 'correct', 'short', 'BAD_USER_INPUT'],
  ['a wrong current password', 'wrong', 'a long enough new one', 'BAD_USER_INPUT'],
])('changing a password with %s is refused and changes nothing', async (_case, current, next, code) => {
  const office = await createOrganisation(env.db.dataSource);
  const { user, password } = await createUser(env.db.dataSource, { organisationId: office.id });
  const token = (await login(user.email, password))!;
  const answer = await env.api.graphql(`mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token } }`, { c: current === 'correct' ? password : 'not the password', n: next }, { token });
  expect(answer.errors?.[0]?.extensions?.code).toBe(code);
  expect(await meCode(token)).toBe('OK');
});

test('a person removed by their administrator is signed out at once; nobody removes themselves', async () => {
  const office = await createOrganisation(env.db.dataSource);
  const admin = await createUser(env.db.dataSource, { organisationId: office.id, role: 'ADMIN' });
  const editor = await createUser(env.db.dataSource, { organisationId: office.id });
  const adminToken = (await login(admin.user.email, admin.password))!;
  const editorToken = (await login(editor.user.email, editor.password))!;

  const removeSelf = await env.api.graphql(`mutation($id: ID!) { removeUser(id: $id) { id } }`, { id: admin.user.id }, { token: adminToken });
  expect(removeSelf.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  const removed = await env.api.graphql(`mutation($id: ID!) { removeUser(id: $id) { email } }`, { id: editor.user.id }, { token: adminToken });
  expect(removed.data?.removeUser.email).toBe(editor.user.email);
  expect(await meCode(editorToken)).toBe('UNAUTHENTICATED');
  expect(await login(editor.user.email, editor.password)).toBeUndefined();
});

test('the operator resets a password and removes a person from the command line', async () => {
  const office = await createOrganisation(env.db.dataSource);
  const { user, password } = await createUser(env.db.dataSource, { organisationId: office.id });
  const before = (await login(user.email, password))!;

  const reset = await cli(['set-password', '--email', user.email, '--password-stdin'], 'an operator chosen passphrase\n');
  expect(reset.stdout).toContain('earlier sessions have ended');
  expect(reset.stdout).not.toContain('an operator chosen passphrase');
  expect(await meCode(before)).toBe('UNAUTHENTICATED');
  const after = (await login(user.email, 'an operator chosen passphrase'))!;
  expect(await meCode(after)).toBe('OK');

  await cli(['remove-user', '--email', user.email]);
  expect(await meCode(after)).toBe('UNAUTHENTICATED');
});

describe('a working session is extended, up to its end', () => {
  const REFRESH = `mutation { refreshSession { token expiresAt } }`;
  const sign = (userId: string, ver: number, signedInSecondsAgo: number) =>
    signAccessToken(userId, env.api.config.jwtSecret, 60 * 60, ver, Math.floor(Date.now() / 1000) - signedInSecondsAgo).token;

  test.each([
    ['signed in a minute ago', 60, 'OK'],
    ['signed in eleven hours ago', 11 * 3600, 'OK'],
    ['signed in thirteen hours ago', 13 * 3600, 'UNAUTHENTICATED'],
  ])('a person %s → %s', async (_case, ago, expected) => {
    const office = await createOrganisation(env.db.dataSource);
    const { user } = await createUser(env.db.dataSource, { organisationId: office.id });
    const original = sign(user.id, 0, ago);
    const answer = await env.api.graphql(REFRESH, {}, { token: original });
    expect(answer.errors?.[0]?.extensions?.code ?? 'OK').toBe(expected);
    if (expected !== 'OK') return;
    const fresh = answer.data!.refreshSession.token as string;
    expect(await meCode(fresh)).toBe('OK');
    // The new token keeps the time of the sign-in: extending it again cannot push the end further.
    // (Compared with the signed token's own time, not the clock: a second may turn between the two.)
    expect(readAccessToken(fresh, env.api.config.jwtSecret)!.authTime).toBe(readAccessToken(original, env.api.config.jwtSecret)!.authTime);
  });

  test('a session ended by a password change cannot be extended', async () => {
    const office = await createOrganisation(env.db.dataSource);
    const { user, password } = await createUser(env.db.dataSource, { organisationId: office.id });
    const old = (await login(user.email, password))!;
    await env.api.graphql(`mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token } }`, { c: password, n: 'a brand new long password' }, { token: old });
    expect((await env.api.graphql(REFRESH, {}, { token: old })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
